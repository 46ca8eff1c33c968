package jmon.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;

/** The runbook's verification checklist, each item ticked or failed with what failed. */
public final class Checklist {
    /** "High" restart count: more unstable restarts in a row than this. */
    public static final int HIGH_UNSTABLE = 0;

    public record Item(String text, boolean ok, String detail) {
        public String line() { return (ok ? "- [x] " : "- [ ] ") + text + (detail == null || detail.isEmpty() ? "" : " — " + detail); }
    }

    private Checklist() {}

    /**
     * @param expected the expected processes in scope
     * @param actual   the process list now
     * @param saved    namespace → "saved", "declined" or an error, for every restored namespace
     */
    public static List<Item> verify(List<Expected> expected, List<ProcessInfo> actual, Map<String, String> saved) {
        List<String> notOnline = new ArrayList<>(), notReady = new ArrayList<>(), restarts = new ArrayList<>(), bad = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Expected e : expected) {
            List<ProcessInfo> mine = actual.stream().filter(p -> p.namespace().equals(e.namespace()) && p.name().equals(e.name())).toList();
            if (mine.isEmpty()) {
                notOnline.add(e.key() + " (missing)");
                continue;
            }
            for (ProcessInfo p : mine) {
                if (p.status() != ProcessStatus.ONLINE) notOnline.add(p.qualifiedName() + " (" + p.status().wire() + ")");
                if (e.spec().health().gatesOnline() && !p.ready()) notReady.add(p.qualifiedName());
                if (p.unstableRestarts() > HIGH_UNSTABLE || p.status() == ProcessStatus.WAITING_RESTART)
                    restarts.add(p.qualifiedName() + " (" + p.unstableRestarts() + " unstable in a row)");
                if (p.status() == ProcessStatus.ERRORED || p.status() == ProcessStatus.STOPPED || p.status() == ProcessStatus.EXITED)
                    bad.add(p.qualifiedName() + " " + p.status().wire());
            }
            Assessment.Finding f = Assessment.judge(e, mine, now);
            if (f.state().equals("not-ready") && !notReady.contains(e.key())) notReady.add(e.key());
        }
        List<Item> out = new ArrayList<>();
        out.add(new Item("every expected process is online (" + expected.size() + ")", notOnline.isEmpty(), String.join(", ", notOnline)));
        out.add(new Item("readiness is healthy", notReady.isEmpty(), notReady.isEmpty() ? "" : "not ready: " + String.join(", ", notReady)));
        out.add(new Item("no process shows a high restart count", restarts.isEmpty(), String.join(", ", restarts)));
        out.add(new Item("no process is errored or stopped", bad.isEmpty(), String.join(", ", bad)));
        List<String> unsaved = new ArrayList<>();
        saved.forEach((ns, s) -> { if (!s.equals("saved")) unsaved.add(ns + " (" + s + ")"); });
        out.add(new Item("process list saved (jmon save) for every restored namespace" + (saved.isEmpty() ? " (none restored)" : ": " + String.join(", ", saved.keySet())),
                unsaved.isEmpty(), String.join(", ", unsaved)));
        return out;
    }

    public static boolean passed(List<Item> items) { return items.stream().allMatch(Item::ok); }
}
