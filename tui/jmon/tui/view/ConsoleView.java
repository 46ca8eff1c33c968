package jmon.tui.view;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jmon.api.DaemonInfo;
import jmon.api.Health;
import jmon.api.HostStatus;
import jmon.api.LogLine;
import jmon.api.MetricSample;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.cli.render.Describe;
import jmon.cli.render.Human;
import jmon.tui.keymap.Action;
import jmon.tui.keymap.HelpText;
import jmon.tui.keymap.Keymap;
import jmon.tui.model.Column;
import jmon.tui.model.ConsoleModel;
import jmon.tui.model.ConsoleModel.Focus;
import jmon.tui.model.ConsoleModel.Overlay;
import jmon.tui.model.ConsoleModel.Row;
import jmon.tui.theme.LanternaThemeAdapter;
import jmon.tui.theme.Theme;

/**
 * Draws the whole console from the model: header, namespace tabs, process table, log or details pane, status
 * line, footer, and the overlays (help, confirmation, output, prompts). Styles come from the theme by role and
 * key labels from the keymap; nothing here knows a colour or a key.
 */
public final class ConsoleView {
    private final ConsoleModel m;
    private volatile Keymap keymap;
    private volatile LanternaThemeAdapter theme;
    private final String clientVersion;
    /** Lines the log / details pane had at the last draw (for page scrolling). */
    private volatile int paneHeight = 5;
    private volatile int tableHeight = 5;

    private final jmon.tui.theme.ColorDepth depth;
    private volatile int overlayHeight = 10;

    public ConsoleView(ConsoleModel m, Keymap keymap, Theme theme, String clientVersion) {
        this(m, keymap, theme, clientVersion, jmon.tui.theme.ColorDepth.TRUECOLOR);
    }

    public ConsoleView(ConsoleModel m, Keymap keymap, Theme theme, String clientVersion, jmon.tui.theme.ColorDepth depth) {
        this.m = m;
        this.keymap = keymap;
        this.depth = depth;
        this.theme = new LanternaThemeAdapter(theme, depth);
        this.clientVersion = clientVersion;
    }

    public void setTheme(Theme t) { theme = new LanternaThemeAdapter(t, depth); }

    /** The lines of the open popup (help, output, messages), for scrolling. */
    public List<String> overlayLines() {
        return m.overlay() == Overlay.HELP ? HelpText.lines(keymap) : m.output();
    }

    /** Lines the open popup showed at the last draw. */
    public int overlayHeight() { return overlayHeight; }
    public void setKeymap(Keymap k) { keymap = k; }

    private volatile jmon.tui.WizardController wizard;

    /** The incident wizard drawn instead of the console while it is open (null: closed). */
    public void setWizard(jmon.tui.WizardController w) { wizard = w; }
    public Keymap keymap() { return keymap; }
    public int paneHeight() { return paneHeight; }
    public int tableHeight() { return tableHeight; }

    /** The keymap context of what has the focus. */
    public static String context(Focus f) {
        return switch (f) {
            case PROCESSES -> "processes";
            case LOGS -> "logs";
            case DETAILS -> "details";
        };
    }

    // ---- painting helpers ---------------------------------------------------------------------------------

    private TextGraphics g;
    private int width;

    private void style(String role) {
        LanternaThemeAdapter.Look l = theme.look(role);
        g.setForegroundColor(l.fg());
        g.setBackgroundColor(l.bg());
        g.clearModifiers();
        if (!l.sgr().isEmpty()) g.setModifiers(l.sgr());
    }

    /** Role {@code role} with the background (and reverse) of {@code under}: a status colour on a selected row. */
    private void style(String role, String under) {
        LanternaThemeAdapter.Look l = theme.look(role);
        LanternaThemeAdapter.Look u = theme.look(under);
        g.setForegroundColor(u.fg() != TextColor.ANSI.DEFAULT && u.bg() == TextColor.ANSI.DEFAULT ? u.fg() : l.fg());
        g.setBackgroundColor(u.bg() != TextColor.ANSI.DEFAULT ? u.bg() : l.bg());
        g.clearModifiers();
        java.util.EnumSet<SGR> s = java.util.EnumSet.noneOf(SGR.class);
        s.addAll(l.sgr());
        s.addAll(u.sgr());
        if (!s.isEmpty()) g.setModifiers(s);
    }

    /** Writes {@code s} at (col,row) cut to {@code max} columns; returns the column after it. */
    private int put(int col, int row, String s, int max, String role) {
        if (role != null) style(role);
        return put(col, row, s, max);
    }

    private int put(int col, int row, String s, int max) {
        if (max <= 0 || col >= width) return col;
        max = Math.min(max, width - col);
        String t = fit(s, max);
        return cells(col, row, t);
    }

    /** Puts already fitted text cell by cell: a wide character takes two columns, as the terminal draws it. */
    private int cells(int col, int row, String t) {
        int run = 0; // start of a run of plain one-column characters, put as one string (the common case, cheap)
        int i = 0;
        while (i < t.length()) {
            char ch = t.charAt(i);
            if (ch < 0x300 && ch >= 0x20) {
                i++;
                continue;
            }
            int cp = t.codePointAt(i);
            int n = Character.charCount(cp);
            int w = Cells.width(cp);
            if (w == 1 && n == 1) {
                i++;
                continue;
            }
            if (i > run) {
                g.putString(col, row, t.substring(run, i));
                col += i - run;
            }
            if (w > 0) {
                TextCharacter[] tc = TextCharacter.fromString(t.substring(i, i + n), g.getForegroundColor(),
                        g.getBackgroundColor(), g.getActiveModifiers());
                if (tc.length > 0) g.setCharacter(col, row, tc[0]);
                col += w;
            }
            i += n;
            run = i;
        }
        if (i > run) {
            g.putString(col, row, t.substring(run, i));
            col += i - run;
        }
        return col;
    }

    private void fillRow(int row, String role) {
        style(role);
        g.putString(0, row, " ".repeat(width));
    }

    static String fit(String s, int max) {
        if (s == null) return "";
        return Cells.fit(printable(s), max);
    }

    static String pad(String s, int w, boolean right) {
        s = fit(s, w);
        int n = Cells.width(s);
        return n >= w ? s : right ? " ".repeat(w - n) + s : s + " ".repeat(w - n);
    }

    /** Text without escape sequences or control characters (a tab is a space). */
    static String printable(String s) { return AnsiText.plain(s); }

    static String clock(long ms) {
        if (ms <= 0) return "--:--:--";
        java.time.LocalTime t = java.time.Instant.ofEpochMilli(ms).atZone(java.time.ZoneId.systemDefault()).toLocalTime();
        return two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
    }

    private static String two(int n) { return n < 10 ? "0" + n : String.valueOf(n); }

    // ---- layout --------------------------------------------------------------------------------------------

    /** Draws everything; the caller refreshes the screen. */
    public void draw(TextGraphics graphics, TerminalSize size) {
        jmon.tui.WizardController w = wizard;
        if (w != null) {
            WizardView.draw(graphics, size, w, keymap, theme);
            return;
        }
        synchronized (m) {
            this.g = graphics;
            this.width = size.getColumns();
            int h = size.getRows();
            style("base");
            g.fill(' ');
            if (width < 20 || h < 8) {
                put(0, 0, "terminal too small (" + width + "x" + h + "); jmon needs 80x24", width, "alarm");
                return;
            }
            header(0);
            tabs(1);
            int bodyTop = 2;
            int bodyBottom = h - 3; // last body row (status at h-2, footer at h-1)
            jmon.tui.model.MessageLog.Message act = m.lastActivity();
            if (act != null && h >= 16) activityLine(bodyBottom--, act);
            int avail = bodyBottom - bodyTop + 1; // rows for both panes, rules included
            List<Row> rows = m.rows();
            int want = rows.size() + 2; // rule + header + rows
            boolean logsFocus = m.focus() != Focus.PROCESSES;
            int maxTable = Math.max(4, (int) (avail * (logsFocus ? 0.35 : 0.55)));
            int tableRows = Math.max(4, Math.min(want, maxTable));
            if (avail - tableRows < 3) tableRows = Math.max(3, avail - 3);
            table(bodyTop, tableRows, rows);
            int paneTop = bodyTop + tableRows;
            pane(paneTop, bodyBottom - paneTop + 1);
            statusLine(h - 2);
            footer(h - 1);
            switch (m.overlay()) {
                case HELP -> box("help: keys of the '" + keymap.name() + "' keymap (Esc closes)", HelpText.lines(keymap), h);
                case OUTPUT -> box(m.outputTitle() + " (Esc closes)", m.output(), h);
                case CONFIRM -> confirm(h);
                case COMMAND -> candidates(h);
                default -> { }
            }
        }
    }

    private void header(int row) {
        fillRow(row, "base");
        DaemonInfo d = m.daemon();
        int c = put(0, row, " jmon ", width, "title");
        if (m.readOnly()) c = put(c, row, "read-only ", width - c, "alarm");
        if (!m.reachable()) {
            String key = keymap.label("global", Action.APP_DAEMON_START);
            String todo = key == null ? "run 'jmon ping' in a shell to start it" : key + " starts it";
            if (m.everConnected()) {
                fillRow(row, "banner");
                c = put(0, row, " jmon ", width, "banner");
                put(c, row, "DAEMON UNREACHABLE · " + todo + " · table as last seen " + clock(m.lastSeenAt()) + " · "
                        + m.unreachableReason() + " (retrying)", width - c, "banner");
            } else {
                put(c, row, "connecting to the daemon… " + m.unreachableReason() + " · " + todo, width - c, "alarm");
            }
            return;
        }
        if (d == null) {
            put(c, row, "connecting…", width - c, "header");
            return;
        }
        HostStatus hs = d.host();
        List<String[]> parts = new ArrayList<>();
        parts.add(new String[] {"host ", hs == null ? "?" : hs.hostname()});
        parts.add(new String[] {"daemon ", d.version() + " up " + Human.duration(d.uptimeMs())});
        if (d.status() != null) {
            parts.add(new String[] {"cpu ", Human.percent(d.status().cpu())});
            parts.add(new String[] {"rss ", Human.bytes(d.status().rss())});
        }
        if (hs != null) {
            parts.add(new String[] {"│ host cpu ", Human.percent(hs.cpu())});
            parts.add(new String[] {"mem ", Human.bytes(hs.memTotal() - hs.memAvailable()) + "/" + Human.bytes(hs.memTotal())});
            parts.add(new String[] {"load ", String.format(Locale.ROOT, "%.2f %.2f %.2f", hs.load1(), hs.load5(), hs.load15())});
            if (hs.diskTotal() > 0) {
                parts.add(new String[] {"disk ", Math.round(100.0 * (hs.diskTotal() - hs.diskFree()) / hs.diskTotal()) + "% used"});
            }
        }
        for (String[] p : parts) {
            if (c >= width) break;
            c = put(c, row, p[0], width - c, "header");
            c = put(c, row, p[1] + "  ", width - c, "header.value");
        }
    }

    /** One tab's label as pieces {text, role}: name and total, counts per {@link Health}, crash loops, freeze. */
    private List<String[]> tabPieces(int i, String name, String ns) {
        List<String[]> out = new ArrayList<>();
        Map<Health, Integer> counts = m.health(ns);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        out.add(new String[] {" " + name + " " + total + " ", i == m.tab() ? "tab.active" : "tab"});
        if (ns != null ? m.frozen(ns) : m.frozen(null)) out.add(new String[] {"❄ frozen ", "tab.alarm"});
        for (Health h : Health.values()) {
            Integer n = counts.get(h);
            if (n == null) continue;
            out.add(new String[] {n + " " + h.word() + " ", h == Health.DOWN ? "tab.alarm" : "tab"});
        }
        int loops = m.looping(ns);
        if (loops > 0) out.add(new String[] {loops + " looping ", "tab.alarm"});
        out.add(new String[] {"│", "border"});
        return out;
    }

    private static int piecesWidth(List<String[]> ps) {
        int n = 0;
        for (String[] p : ps) n += Cells.width(p[0]);
        return n;
    }

    /** The tab bar; when the tabs do not fit it scrolls so the active one is shown, with ‹ › where some are hidden. */
    private void tabs(int row) {
        fillRow(row, "base");
        List<String> tabs = m.tabs();
        List<List<String[]>> all = new ArrayList<>();
        for (int i = 0; i < tabs.size(); i++) all.add(tabPieces(i, tabs.get(i), m.scope() != null || i > 0 ? tabs.get(i) : null));
        int active = Math.min(m.tab(), tabs.size() - 1);
        int first = 0;
        int room = width - 2;
        while (first < active) {
            int w = 0;
            for (int i = first; i <= active; i++) w += piecesWidth(all.get(i));
            if (w <= room - 1) break;
            first++;
        }
        int c = first > 0 ? put(0, row, "‹", 1, "tab.alarm") : 1;
        boolean more = false;
        for (int i = first; i < all.size(); i++) {
            for (String[] p : all.get(i)) {
                if (c + Cells.width(p[0]) > width - 1) more = true;
                c = put(c, row, p[0], width - 1 - c, p[1]);
            }
            if (more) break;
        }
        if (more) put(width - 1, row, "›", 1, "tab.alarm");
    }

    private void activityLine(int row, jmon.tui.model.MessageLog.Message a) {
        fillRow(row, "activity");
        String key = keymap.label("global", Action.APP_MESSAGES);
        int c = put(0, row, " » ", width, "activity");
        c = put(c, row, clock(a.at()) + " " + a.text(), width - c - (key == null ? 1 : key.length() + 12), "activity");
        if (key != null && c + key.length() + 11 < width) put(width - key.length() - 11, row, " " + key + " messages", key.length() + 10, "muted");
    }

    private void rule(int row, String title, boolean focused, String right) {
        style(focused ? "border.focused" : "border");
        g.putString(0, row, "─".repeat(width));
        int c = put(1, row, " " + title + " ", width - 2, focused ? "border.focused" : "title");
        if (right != null && !right.isEmpty()) {
            String r = " " + right + " ";
            int start = Math.max(c + 1, width - 1 - r.length());
            put(start, row, r, width - start - 1, "muted");
        }
    }

    /** Columns shown at this width. */
    private List<Column> columns() {
        // the group heading names the namespace: a column of it only when there is room to spare, so names are not cut
        List<Column> cs = new ArrayList<>();
        if (width >= 100) cs.add(Column.NAMESPACE);
        cs.addAll(List.of(Column.NAME, Column.ID, Column.STATUS));
        if (width >= 100) cs.add(Column.READY);
        if (width >= 70) cs.add(Column.PID);
        cs.addAll(List.of(Column.CPU, Column.MEM, Column.RESTARTS, Column.UPTIME));
        if (width >= 100) cs.add(Column.PRIORITY);
        return cs;
    }

    /** After the status of an app whose log files cannot be written; {@code describe} (d) says more. */
    static final String LOG_MARK = " !log";
    /** After the status of an app restarting over and over ({@link Health#crashLooping}). */
    static final String LOOP_MARK = " loop";

    private static int fixedWidth(Column c, int statusW) {
        return switch (c) {
            case ID -> 3;
            case STATUS -> statusW;
            case READY -> 5;
            case PID -> 7;
            case CPU -> 6;
            case MEM -> 8;
            case RESTARTS -> 3;
            case UPTIME -> 6;
            case PRIORITY -> 4;
            default -> 0;
        };
    }

    private void table(int top, int height, List<Row> rows) {
        String sortInfo = m.sort() == null ? "by namespace, id" : "sort " + m.sort().header() + (m.sortDesc() ? " ↓" : " ↑");
        String right = (m.stale() ? "STALE · last seen " + clock(m.lastSeenAt()) + "  " : "")
                + (m.filter().isEmpty() ? "" : "filter /" + m.filter() + "  ") + sortInfo;
        rule(top, "processes", m.focus() == Focus.PROCESSES, right);
        List<Column> cols = columns();
        boolean sparks = width >= 120;
        int sparkW = sparks ? Math.min(16, (width - 110) / 2 + 6) : 0;
        int markW = 0; // room for the markers after a status: log files not writable, crash loop
        for (Row r : rows) if (!r.isGroup()) markW = Math.max(markW, marks(r.process()).length());
        int statusW = (width >= 100 ? 15 : 9) + markW;
        int fixed = 0;
        for (Column c : cols) fixed += fixedWidth(c, statusW);
        int gaps = cols.size() + (sparks ? 2 : 0);
        int flex = Math.max(10, width - 2 - fixed - gaps - (sparks ? 2 * sparkW : 0));
        int nsW = cols.contains(Column.NAMESPACE) ? Math.max(4, Math.min(flex * 2 / 5, 16)) : 0;
        int nameW = flex - nsW;
        boolean stale = m.stale();
        int[] w = new int[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            w[i] = c == Column.NAMESPACE ? nsW : c == Column.NAME ? nameW : fixedWidth(c, statusW);
        }
        // header row
        fillRow(top + 1, "table.header");
        int x = 1;
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            String h = c.header() + (c == m.sort() ? (m.sortDesc() ? "↓" : "↑") : "");
            x = put(x, top + 1, pad(h, w[i], right(c)) + " ", width - x, "table.header");
        }
        if (sparks) {
            x = put(x, top + 1, pad("cpu trend", sparkW, false) + " ", width - x, "table.header");
            put(x, top + 1, pad("mem trend", sparkW, false), width - x, "table.header");
        }
        int body = height - 2;
        tableHeight = body;
        if (rows.isEmpty()) {
            String msg = !m.everConnected() ? "connecting to the daemon…"
                    : m.processes().isEmpty() ? (m.reachable() ? "no processes; start some with :start <ecosystem.json>" : "")
                    : "nothing matches the filter '" + m.filter() + "' (Esc clears it)";
            put(2, top + 2, msg, width - 3, "muted");
            return;
        }
        int cur = m.cursorRow();
        int first = 0;
        if (cur >= body) first = cur - body + 1;
        if (first > 0 && cur - 1 >= 0 && rows.get(cur - 1).isGroup() && cur - 1 < first) first = cur - 1;
        ProcessInfo sel = m.selected();
        long now = stale ? m.lastSeenAt() : System.currentTimeMillis(); // stale: uptimes stop where they were seen
        for (int r = 0; r < body && first + r < rows.size(); r++) {
            int row = top + 2 + r;
            Row rw = rows.get(first + r);
            if (rw.isGroup()) {
                fillRow(row, "base");
                int c = put(1, row, "▾ " + rw.namespace() + " ", width - 1, "table.group");
                c = put(c, row, rw.count() + (rw.count() == 1 ? " process " : " processes "), width - c, "muted");
                continue;
            }
            ProcessInfo p = rw.process();
            boolean selected = sel != null && p.pmId() == sel.pmId();
            String base = stale ? "table.stale" : selected ? "table.selected" : "base";
            boolean looping = Health.crashLooping(p);
            fillRow(row, base);
            x = put(0, row, selected ? "›" : " ", 1, base);
            for (int i = 0; i < cols.size(); i++) {
                Column c = cols.get(i);
                String v = cell(c, p, now);
                if (c == Column.STATUS) {
                    String marks = marks(p);
                    String role = stale ? "table.stale" : looping ? "table.crashloop" : Theme.statusRole(p.status());
                    if (selected && !stale) style(role, "table.selected");
                    else style(role);
                    if (marks.isEmpty()) {
                        x = put(x, row, pad(v, w[i], false), width - x);
                    } else { // "online !log loop": the markers right after the word, in their own style
                        int end = x + w[i];
                        x = put(x, row, v, w[i] - marks.length());
                        String mr = stale ? "table.stale" : p.logWrite() != null ? "table.logmark" : "table.crashloop";
                        if (selected && !stale) style(mr, "table.selected");
                        else style(mr);
                        x = put(x, row, marks, width - x);
                        x = put(x, row, " ".repeat(Math.max(0, end - x)), width - x, base);
                    }
                    x = put(x, row, " ", width - x, base);
                } else if (c == Column.RESTARTS && looping && !stale) {
                    if (selected) style("table.crashloop", "table.selected");
                    else style("table.crashloop");
                    x = put(x, row, pad(v, w[i], true), width - x);
                    x = put(x, row, " ", width - x, base);
                } else {
                    x = put(x, row, pad(v, w[i], right(c)) + " ", width - x, base);
                }
            }
            if (sparks) {
                List<MetricSample> s = m.samples(p.pmId());
                int n = Math.min(s.size(), sparkW);
                List<MetricSample> tail = s.subList(s.size() - n, s.size());
                double[] cpu = tail.stream().mapToDouble(MetricSample::cpu).toArray();
                double[] mem = tail.stream().mapToDouble(ms -> (double) ms.memory()).toArray();
                style("spark.cpu", base);
                x = put(x, row, pad(n == 0 ? "" : Describe.spark(cpu), sparkW, false) + " ", width - x);
                style("spark.mem", base);
                put(x, row, pad(n == 0 ? "" : Describe.spark(mem), sparkW, false), width - x);
            }
        }
    }

    static String marks(ProcessInfo p) {
        return (p.logWrite() != null ? LOG_MARK : "") + (Health.crashLooping(p) ? LOOP_MARK : "");
    }

    private static boolean right(Column c) {
        return c == Column.ID || c == Column.PID || c == Column.CPU || c == Column.MEM || c == Column.RESTARTS
                || c == Column.UPTIME || c == Column.PRIORITY;
    }

    static String cell(Column c, ProcessInfo p, long now) {
        boolean live = p.status().isSignallable() && p.pid() > 0;
        return switch (c) {
            case NAMESPACE -> p.namespace();
            case NAME -> p.name() + (p.spec() != null && p.spec().instances() > 1 ? "#" + p.instanceId() : "");
            case ID -> String.valueOf(p.pmId());
            case STATUS -> p.status().wire();
            case READY -> p.ready() ? "yes" : "no";
            case PID -> live ? String.valueOf(p.pid()) : "-";
            case CPU -> live ? Human.percent(p.cpu()) : "-";
            case MEM -> live ? Human.bytes(p.memory()) : "-";
            case RESTARTS -> String.valueOf(p.restarts());
            case UPTIME -> live && p.startedAt() > 0 ? Human.duration(now - p.startedAt()) : "-";
            case PRIORITY -> p.spec() == null || p.spec().priority() <= 0 ? "-" : String.valueOf(p.spec().priority());
        };
    }

    /** One row of the log pane: a whole line, or one piece of a wrapped one (exactly the room, nothing dropped). */
    private record Visual(LogLine line, String lead, String mark, List<AnsiText.Span> spans) {}

    private static final java.time.format.DateTimeFormatter TS = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private void pane(int top, int height) {
        if (height < 2) return;
        paneHeight = height - 1;
        if (m.focus() == Focus.DETAILS) {
            details(top, height);
            return;
        }
        long held = m.follow() ? 0 : m.heldCount();
        String state = (m.follow() ? "following" : "paused" + (held > 0 ? " · " + held + " new" : "")) + (m.wrap() ? " · wrap" : "")
                + (m.streams() == ConsoleModel.LogStreams.BOTH ? "" : " · " + m.streams().label())
                + (m.timestamps() ? " · time" : "")
                + (m.search() == null ? "" : " · /" + m.search() + "/") + " · " + m.logCount() + " lines";
        rule(top, "logs: " + m.logTitle(), m.focus() == Focus.LOGS, state);
        int body = height - 1;
        List<LogLine> lines = m.visibleLogs(body);
        boolean prefix = m.logNamespace() || lines.stream().map(LogLine::pmId).distinct().count() > 1;
        boolean mono = theme.monochrome();
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        List<Visual> visual = new ArrayList<>();
        for (LogLine l : lines) {
            String pre = prefix ? l.namespace() + "/" + l.name() + (l.instanceId() > 0 ? "#" + l.instanceId() : "") + " " : "";
            if (m.timestamps()) pre = (l.time() > 0 ? TS.format(java.time.Instant.ofEpochMilli(l.time()).atZone(zone)) : "--:--:--.---") + " " + pre;
            String mark = l.stream().equals("err") ? "err│" : l.stream().equals("jmon") ? "jmon│" : "│";
            List<AnsiText.Span> spans = mono ? List.of(new AnsiText.Span(AnsiText.plain(l.text()), null, null, java.util.EnumSet.noneOf(SGR.class)))
                    : AnsiText.parse(l.text());
            int room = Math.max(8, width - 1 - Cells.width(pre) - Cells.width(mark));
            if (!m.wrap()) {
                visual.add(new Visual(l, pre, mark, spans));
                continue;
            }
            List<List<AnsiText.Span>> rowsOf = wrap(spans, room);
            for (int i = 0; i < rowsOf.size(); i++) {
                visual.add(new Visual(l, i == 0 ? pre : " ".repeat(Cells.width(pre)), i == 0 ? mark : pad("↪", Cells.width(mark), true), rowsOf.get(i)));
            }
        }
        int from = m.follow() ? Math.max(0, visual.size() - body) : 0;
        if (lines.isEmpty()) {
            put(2, top + 1, m.logTitle().isEmpty() ? "select a process to see its output" : "(no output yet)", width - 3, "muted");
        }
        java.util.regex.Pattern needle = m.searchPattern();
        for (int r = 0; r < body && from + r < visual.size(); r++) {
            Visual v = visual.get(from + r);
            LogLine l = v.line();
            int row = top + 1 + r;
            int c = 1;
            if (!v.lead().isEmpty()) c = put(c, row, v.lead(), width - c, "log.prefix");
            boolean err = l.stream().equals("err");
            String role = err ? "log.stderr" : l.stream().equals("jmon") ? "log.jmon" : "base";
            c = put(c, row, v.mark(), width - c, err ? "log.stderr" : "border");
            spans(c, row, v.spans(), role, needle);
        }
    }

    /** Cuts spans into rows of exactly {@code room} columns (a wide character that would straddle moves down). */
    static List<List<AnsiText.Span>> wrap(List<AnsiText.Span> spans, int room) {
        List<List<AnsiText.Span>> out = new ArrayList<>();
        List<AnsiText.Span> cur = new ArrayList<>();
        int used = 0;
        for (AnsiText.Span sp : spans) {
            String t = sp.text();
            while (!t.isEmpty()) {
                String part = Cells.prefix(t, room - used);
                if (part.isEmpty()) {
                    if (used == 0) part = t.substring(0, Character.charCount(t.codePointAt(0))); // wider than the room
                    else {
                        out.add(cur);
                        cur = new ArrayList<>();
                        used = 0;
                        continue;
                    }
                }
                cur.add(new AnsiText.Span(part, sp.fg(), sp.bg(), sp.sgr()));
                used += Cells.width(part);
                t = t.substring(part.length());
                if (used >= room && !t.isEmpty()) {
                    out.add(cur);
                    cur = new ArrayList<>();
                    used = 0;
                }
            }
        }
        out.add(cur);
        return out;
    }

    /** Draws an app's coloured spans from column {@code c}, search matches highlighted; cut with '…' at the edge. */
    private void spans(int c, int row, List<AnsiText.Span> spans, String role, java.util.regex.Pattern needle) {
        StringBuilder plain = new StringBuilder();
        for (AnsiText.Span sp : spans) plain.append(sp.text());
        boolean[] hit = new boolean[plain.length()];
        if (needle != null) {
            java.util.regex.Matcher mt = needle.matcher(plain);
            while (mt.find()) {
                for (int i = mt.start(); i < mt.end(); i++) hit[i] = true;
                if (mt.end() == mt.start()) break; // an empty match: nothing to mark
            }
        }
        int room = width - c;
        boolean cut = Cells.width(plain.toString()) > room;
        int limit = cut ? room - 1 : room;
        int at = 0;
        LanternaThemeAdapter.Look base = theme.look(role);
        for (AnsiText.Span sp : spans) {
            String t = sp.text();
            int i = 0;
            while (i < t.length()) {
                int j = i;
                boolean h = hit[at + i];
                while (j < t.length() && hit[at + j] == h) j++;
                String piece = t.substring(i, j);
                if (h) style("log.match");
                else {
                    g.setForegroundColor(sp.fg() == null ? base.fg() : theme.reduce(sp.fg()));
                    g.setBackgroundColor(sp.bg() == null ? base.bg() : theme.reduce(sp.bg()));
                    g.clearModifiers();
                    java.util.EnumSet<SGR> mods = java.util.EnumSet.copyOf(base.sgr().isEmpty() ? java.util.EnumSet.noneOf(SGR.class) : base.sgr());
                    mods.addAll(sp.sgr());
                    if (!mods.isEmpty()) g.setModifiers(mods);
                }
                String fitted = Cells.prefix(piece, limit - (c - (width - room)));
                c = cells(c, row, fitted);
                if (fitted.length() < piece.length()) {
                    put(c, row, "…", 1, role);
                    return;
                }
                i = j;
            }
            at += t.length();
        }
    }

    /** The describe view of the selected process, as text lines. */
    public List<String> detailLines() {
        ProcessInfo p = m.selected();
        if (p == null) return List.of("no process selected");
        String text = Describe.render(p, false, System.currentTimeMillis()) + Describe.metrics(m.samples(p.pmId()));
        return text.lines().toList();
    }

    private void details(int top, int height) {
        ProcessInfo p = m.selected();
        rule(top, "details: " + (p == null ? "-" : p.qualifiedName()), true, "redacted env · scroll with the log keys");
        List<String> lines = detailLines();
        int body = height - 1;
        int from = Math.min(m.detailsScroll(), Math.max(0, lines.size() - body));
        boolean twoCols = width >= 160 && lines.size() > body;
        int colW = twoCols ? width / 2 : width;
        for (int r = 0; r < body && from + r < lines.size(); r++) {
            String line = lines.get(from + r);
            put(1, top + 1 + r, line, colW - 2, line.startsWith("  ") ? "base" : "title");
        }
        if (twoCols) {
            for (int r = 0; r < body && from + body + r < lines.size(); r++) {
                String line = lines.get(from + body + r);
                put(colW + 1, top + 1 + r, line, colW - 2, line.startsWith("  ") ? "base" : "title");
            }
        }
    }

    private void statusLine(int row) {
        fillRow(row, "base");
        switch (m.overlay()) {
            case COMMAND, FILTER, SEARCH -> {
                String p = m.overlay() == Overlay.COMMAND ? ":" : m.overlay() == Overlay.FILTER ? "filter /" : "search /";
                int c = put(0, row, p, width, "shell.prompt");
                c = put(c, row, m.input(), width - c - 1, "base");
                put(c, row, "▏", 1, "shell.prompt");
                String hint = m.overlay() == Overlay.COMMAND ? "Tab completes · Enter runs · Esc cancels" : "Enter keeps · Esc clears";
                if (c + hint.length() + 3 < width) put(width - hint.length() - 1, row, hint, hint.length(), "muted");
                return;
            }
            default -> { }
        }
        String f = m.flash();
        if (!f.isEmpty() && System.currentTimeMillis() - m.flashAt() < 15_000) {
            put(1, row, f, width - 2, m.flashError() ? "flash.error" : "flash.info");
        } else {
            ProcessInfo p = m.selected();
            String s = p == null ? "" : p.qualifiedName() + " · " + p.status().wire()
                    + (p.reason() == null || p.reason().isBlank() ? "" : " · " + p.reason())
                    + (p.lastExitCode() == null ? "" : " · last exit " + p.lastExitCode())
                    + (p.lastSignal() == null ? "" : " (" + p.lastSignal() + ")");
            put(1, row, s, width - 2, "muted");
        }
    }

    private static final List<Action> FOOTER_PROCESSES = List.of(Action.APP_HELP, Action.LIST_FILTER, Action.PROCESS_LOGS,
            Action.PROCESS_DESCRIBE, Action.PROCESS_RESTART, Action.PROCESS_START, Action.PROCESS_STOP,
            Action.PROCESS_DELETE, Action.LIST_SORT_NEXT, Action.NAMESPACE_NEXT, Action.APP_COMMAND, Action.APP_QUIT);
    private static final List<Action> FOOTER_LOGS = List.of(Action.APP_HELP, Action.LOGS_FOLLOW, Action.LOGS_WRAP,
            Action.LOGS_SEARCH, Action.LOGS_SEARCH_NEXT, Action.LOGS_SCOPE, Action.PROCESS_DESCRIBE, Action.VIEW_BACK);
    private static final List<Action> FOOTER_DETAILS = List.of(Action.APP_HELP, Action.LOGS_SCROLL_DOWN,
            Action.LOGS_SCROLL_UP, Action.PROCESS_LOGS, Action.VIEW_BACK);

    private void footer(int row) {
        fillRow(row, "footer.label");
        String ctx = context(m.focus());
        List<Action> acts = switch (m.focus()) {
            case PROCESSES -> FOOTER_PROCESSES;
            case LOGS -> FOOTER_LOGS;
            case DETAILS -> FOOTER_DETAILS;
        };
        int c = 0;
        for (Action a : acts) {
            String k = keymap.label(ctx, a);
            if (k == null) continue;
            if (c + k.length() + a.label().length() + 2 > width) break;
            c = put(c, row, k, width - c, "footer.key");
            c = put(c, row, " " + a.label() + " ", width - c, "footer.label");
        }
    }

    /** A popup that scrolls: the log keys move it, the bottom border says which lines are shown. */
    private void box(String title, List<String> lines, int h) {
        int bw = Math.min(width - 4, Math.max(50, lines.stream().mapToInt(Cells::width).max().orElse(20) + 4));
        int bh = Math.min(h - 4, lines.size() + 2);
        int left = (width - bw) / 2;
        int top = Math.max(1, (h - bh) / 2);
        int inner = bh - 2;
        overlayHeight = inner;
        int from = Math.min(m.overlayScroll(), Math.max(0, lines.size() - inner));
        frame(left, top, bw, bh, title);
        for (int i = 0; i < inner && from + i < lines.size(); i++) put(left + 2, top + 1 + i, lines.get(from + i), bw - 4, "dialog");
        if (lines.size() > inner) {
            String where = " " + (from + 1) + "–" + Math.min(lines.size(), from + inner) + " of " + lines.size()
                    + (from + inner < lines.size() ? " · j/PgDn more" : "") + (from > 0 ? " · k/PgUp back" : "") + " ";
            put(left + 2, top + bh - 1, where, bw - 4, "muted");
        }
    }

    /** Completion candidates of the {@code :} line, in columns just above it. */
    private void candidates(int h) {
        List<String> cs = m.candidates();
        if (cs.isEmpty()) return;
        int colW = Math.min(width - 2, cs.stream().mapToInt(Cells::width).max().orElse(4) + 2);
        int perRow = Math.max(1, (width - 2) / colW);
        int rowsNeeded = (cs.size() + perRow - 1) / perRow;
        int maxRows = Math.max(1, h / 2 - 1);
        int shown = Math.min(rowsNeeded, maxRows);
        int bottom = h - 3; // the status line (the prompt) is h-2
        for (int r = 0; r < shown; r++) {
            int row = bottom - shown + 1 + r;
            fillRow(row, "dialog");
            for (int k = 0; k < perRow; k++) {
                int idx = r * perRow + k;
                if (idx >= cs.size()) break;
                if (r == shown - 1 && shown < rowsNeeded && k == perRow - 1) {
                    put(1 + k * colW, row, "… " + (cs.size() - idx) + " more", colW, "muted");
                    break;
                }
                put(1 + k * colW, row, cs.get(idx), colW - 1, "dialog");
            }
        }
    }

    private void frame(int left, int top, int bw, int bh, String title) {
        style("dialog");
        for (int r = 0; r < bh; r++) g.putString(left, top + r, " ".repeat(bw));
        style("border.focused");
        g.putString(left, top, "┌" + "─".repeat(bw - 2) + "┐");
        for (int r = 1; r < bh - 1; r++) {
            g.putString(left, top + r, "│");
            g.putString(left + bw - 1, top + r, "│");
        }
        g.putString(left, top + bh - 1, "└" + "─".repeat(bw - 2) + "┘");
        put(left + 2, top, " " + title + " ", bw - 4, "dialog.title");
    }

    private void confirm(int h) {
        ConsoleModel.Confirm c = m.confirm();
        if (c == null) return;
        List<String> lines = new ArrayList<>(List.of(c.question().split("\n")));
        lines.add("");
        if (c.typeBack() == null) lines.add("y: yes    n / Esc: no");
        else {
            lines.add("type '" + c.typeBack() + "' and Enter to confirm, Esc cancels:");
            lines.add("> " + m.input() + "▏");
        }
        int bw = Math.min(width - 4, Math.max(44, lines.stream().mapToInt(String::length).max().orElse(20) + 4));
        int bh = lines.size() + 2;
        int left = (width - bw) / 2;
        int top = Math.max(1, (h - bh) / 2);
        frame(left, top, bw, bh, "confirm");
        for (int i = 0; i < lines.size(); i++) put(left + 2, top + 1 + i, lines.get(i), bw - 4, "dialog");
    }
}
