package jmon.tui.view;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.ArrayList;
import java.util.List;
import jmon.incident.Assessment;
import jmon.incident.Checklist;
import jmon.incident.Plan;
import jmon.tui.WizardController;
import jmon.tui.keymap.Action;
import jmon.tui.keymap.Keymap;
import jmon.tui.theme.LanternaThemeAdapter;

/** Draws the incident wizard's screens with the console's theme and keymap (footer keys from the "wizard" context). */
public final class WizardView {
    private WizardView() {}

    private record Line(String text, String role) {}

    public static void draw(TextGraphics g, TerminalSize size, WizardController w, Keymap keymap, LanternaThemeAdapter theme) {
        int width = size.getColumns(), h = size.getRows();
        style(g, theme, "base");
        g.fill(' ');
        List<Line> body = new ArrayList<>();
        Assessment a = w.assessment();
        String title = "jmon incident — " + w.screen().name().toLowerCase();
        if (a != null) title += " — " + a.verdict.severity().label();
        switch (w.screen()) {
            case ASSESS -> {
                if (a == null) body.add(new Line(w.message(), "muted"));
                else {
                    body.add(new Line("severity: " + a.verdict.severity().label() + " — " + a.verdict.reason(), a.down().isEmpty() ? "wizard.ok" : "wizard.fail"));
                    body.add(new Line("daemon: " + (a.daemonReachable ? "reachable" : "NOT reachable: " + a.daemonError), a.daemonReachable ? "base" : "alarm"));
                    if (a.host() != null) body.add(new Line("host: memory " + jmon.incident.Report.bytes(a.host().memAvailable()) + " available, disk "
                            + jmon.incident.Report.bytes(a.host().diskFree()) + " free, load " + a.host().load1(), "muted"));
                    body.add(new Line("", null));
                    for (Assessment.Finding f : a.findings)
                        body.add(new Line(String.format("%-13s %-34s %s", f.state(), f.app().key(), f.detail()), f.down() ? "wizard.fail" : "wizard.ok"));
                    if (!a.audit.isEmpty()) body.add(new Line("audit:", "title"));
                    for (Assessment.AuditHit x : a.audit) body.add(new Line("  " + x.line(), x.flagged() ? "alarm" : "muted"));
                }
            }
            case PLAN -> {
                body.add(new Line("restore plan: production first, then priority, dependencies first; each step waits for readiness", "muted"));
                List<Plan.Step> st = w.plan().steps();
                for (int i = 0; i < st.size(); i++)
                    body.add(new Line((i == w.cursor() ? "> " : "  ") + (i + 1) + ". " + st.get(i).line(), i == w.cursor() ? "table.selected" : st.get(i).skipped ? "muted" : "base"));
            }
            case PROGRESS, DECIDE, SAVE -> {
                List<Plan.Step> st = w.plan().steps();
                List<String> states = w.stepStates();
                for (int i = 0; i < st.size(); i++) {
                    String s = i < states.size() ? states.get(i) : "";
                    String role = s.startsWith("ready") || s.startsWith("already") ? "wizard.ok" : s.startsWith("failed") || s.startsWith("aborted") ? "wizard.fail"
                            : i == w.current() ? "wizard.active" : "muted";
                    body.add(new Line(String.format("%2d. %-12s %-7s %s", i + 1, s, st.get(i).action, st.get(i).app.key()), role));
                }
                body.add(new Line("", null));
                if (w.screen() == WizardController.Screen.DECIDE && w.failure() != null) {
                    body.add(new Line("step failed: " + w.failure().error(), "alarm"));
                    body.add(new Line("retry, skip or abort?", "dialog.title"));
                    for (String l : w.failure().lastLines()) body.add(new Line("  | " + l, l.startsWith("[err]") ? "log.stderr" : "base"));
                } else if (w.screen() == WizardController.Screen.SAVE) {
                    body.add(new Line("save the process list of the restored namespaces (jmon save)? continue = yes, skip = no", "dialog.title"));
                } else {
                    body.add(new Line("log of the process being restored:", "title"));
                    for (String l : w.log()) body.add(new Line("  | " + l, l.startsWith("[err]") ? "log.stderr" : "base"));
                }
            }
            case CHECKLIST -> {
                var r = w.run();
                if (r != null && r.checklist != null) for (Checklist.Item i : r.checklist) body.add(new Line(i.line(), i.ok() ? "wizard.ok" : "wizard.fail"));
            }
            case REPORT -> {
                for (String l : w.reportLines(Integer.MAX_VALUE)) body.add(new Line(l, "base"));
            }
        }
        // every screen scrolls: the line that matters (the plan's cursor, the step running, the question) stays in view
        int room = Math.max(1, h - 3);
        int focus = switch (w.screen()) {
            case PLAN -> 1 + w.cursor();
            case PROGRESS -> Math.max(0, w.current());
            case DECIDE, SAVE -> body.size() - 1;
            default -> -1;
        };
        int first = focus < 0 ? Math.min(w.scroll(), Math.max(0, body.size() - room))
                : Math.max(0, Math.min(focus - room / 2, body.size() - room));
        if (body.size() > room) {
            title += "  (lines " + (first + 1) + "–" + Math.min(body.size(), first + room) + " of " + body.size()
                    + (focus < 0 ? ", j/k scroll)" : ")");
        }
        put(g, theme, 0, 0, title, width, "title");
        int row = 1;
        for (int i = first; i < body.size() && row < h - 2; i++) {
            Line l = body.get(i);
            put(g, theme, 0, row++, l.text(), width, l.role() == null ? "base" : l.role());
        }
        put(g, theme, 0, h - 2, w.message() == null ? "" : w.message(), width, "flash.info");
        footer(g, theme, keymap, w.screen(), width, h - 1);
    }

    private static void footer(TextGraphics g, LanternaThemeAdapter theme, Keymap k, WizardController.Screen s, int width, int row) {
        List<Action> acts = switch (s) {
            case ASSESS -> List.of(Action.WIZARD_NEXT, Action.VIEW_BACK);
            case PLAN -> List.of(Action.WIZARD_NEXT, Action.WIZARD_SKIP, Action.WIZARD_MOVE_UP, Action.WIZARD_MOVE_DOWN, Action.WIZARD_ABORT, Action.VIEW_BACK);
            case DECIDE -> List.of(Action.WIZARD_RETRY, Action.WIZARD_SKIP, Action.WIZARD_ABORT);
            case SAVE -> List.of(Action.WIZARD_NEXT, Action.WIZARD_SKIP);
            case CHECKLIST, REPORT -> List.of(Action.WIZARD_NEXT, Action.VIEW_BACK);
            case PROGRESS -> List.of(Action.WIZARD_ABORT);
        };
        int col = 0;
        for (Action a : acts) {
            String key = k.label("wizard", a);
            if (key == null) continue;
            col = put(g, theme, col, row, key, width - col, "footer.key");
            col = put(g, theme, col, row, " " + a.label() + "  ", width - col, "footer.label");
        }
    }

    private static void style(TextGraphics g, LanternaThemeAdapter theme, String role) {
        LanternaThemeAdapter.Look l = theme.look(role);
        g.setForegroundColor(l.fg());
        g.setBackgroundColor(l.bg());
        g.clearModifiers();
        if (!l.sgr().isEmpty()) g.setModifiers(l.sgr());
    }

    private static int put(TextGraphics g, LanternaThemeAdapter theme, int col, int row, String s, int max, String role) {
        if (max <= 0) return col;
        style(g, theme, role);
        String t = s.length() > max ? s.substring(0, max) : s;
        g.putString(col, row, t);
        return col + t.length();
    }
}
