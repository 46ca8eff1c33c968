package jmon.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmon.api.Health;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;

/** The runbook's verification checklist, each item ticked or failed with what failed. */
public final class Checklist {
    /** "High" restart count: more unstable restarts in a row than this. */
    public static final int HIGH_UNSTABLE = 0;

    /**
     * @param unverified nothing could tell (apps with no readiness signal): shown as {@code [?]}, not a failure,
     *                   and the report says "not checked" instead of calling them healthy
     */
    public record Item(String text, boolean ok, String detail, boolean unverified) {
        public Item(String text, boolean ok, String detail) { this(text, ok, detail, false); }

        public String line() {
            return (unverified ? "- [?] " : ok ? "- [x] " : "- [ ] ") + text + (detail == null || detail.isEmpty() ? "" : " — " + detail);
        }
    }

    private Checklist() {}

    /**
     * Every item asks {@link Health} through {@link Assessment#judge}, so the checklist cannot tick what the
     * assessment calls down.
     *
     * @param expected the expected processes in scope
     * @param actual   the process list now
     * @param saved    namespace → "saved", "declined" or an error, for every restored namespace
     */
    public static List<Item> verify(List<Expected> expected, List<ProcessInfo> actual, Map<String, String> saved) {
        List<String> notOnline = new ArrayList<>(), notReady = new ArrayList<>(), restarts = new ArrayList<>(), bad = new ArrayList<>(),
                unchecked = new ArrayList<>();
        long now = System.currentTimeMillis();
        int checked = 0;
        for (Expected e : expected) {
            List<ProcessInfo> mine = actual.stream().filter(p -> p.namespace().equals(e.namespace()) && p.name().equals(e.name())).toList();
            if (mine.isEmpty()) {
                notOnline.add(e.key() + " (missing)");
                continue;
            }
            for (ProcessInfo p : mine) {
                Health h = Health.of(p);
                if (p.status() != ProcessStatus.ONLINE) notOnline.add(p.qualifiedName() + " (" + p.status().wire() + ")");
                if (h == Health.NOT_CHECKED) unchecked.add(p.qualifiedName());
                else if (Health.readinessChecked(p)) {
                    checked++;
                    if (!p.ready()) notReady.add(p.qualifiedName());
                }
                if (p.unstableRestarts() > HIGH_UNSTABLE || p.status() == ProcessStatus.WAITING_RESTART || Assessment.crashLooping(p, now))
                    restarts.add(p.qualifiedName() + " (" + p.restarts() + " restart(s), " + p.unstableRestarts() + " unstable in a row)");
                if (p.status() == ProcessStatus.ERRORED || p.status() == ProcessStatus.STOPPED || p.status() == ProcessStatus.EXITED)
                    bad.add(p.qualifiedName() + " " + p.status().wire());
            }
            Assessment.Finding f = Assessment.judge(e, mine, now);
            if (f.state().equals("not-ready") && !notReady.contains(e.key())) notReady.add(e.key());
        }
        List<Item> out = new ArrayList<>();
        out.add(new Item("every expected process is online (" + expected.size() + ")", notOnline.isEmpty(), String.join(", ", notOnline)));
        out.add(new Item("readiness is healthy (" + checked + " checked)", notReady.isEmpty(), notReady.isEmpty() ? "" : "not ready: " + String.join(", ", notReady)));
        if (!unchecked.isEmpty())
            out.add(new Item("readiness checked", true, "not checked (no wait_ready, no readiness probe): " + String.join(", ", unchecked), true));
        out.add(new Item("no process shows a high restart count", restarts.isEmpty(), String.join(", ", restarts)));
        out.add(new Item("no process is errored or stopped", bad.isEmpty(), String.join(", ", bad)));
        List<String> unsaved = new ArrayList<>();
        saved.forEach((ns, s) -> { if (!s.equals("saved")) unsaved.add(ns + " (" + s + ")"); });
        out.add(new Item("process list saved (jmon save) for every restored namespace" + (saved.isEmpty() ? " (none restored)" : ": " + String.join(", ", saved.keySet())),
                unsaved.isEmpty(), String.join(", ", unsaved)));
        return out;
    }

    public static boolean passed(List<Item> items) { return items.stream().allMatch(Item::ok); }

    /** The apps nothing could check, from the checklist's "readiness checked" item; empty when none. */
    public static String unverified(List<Item> items) {
        for (Item i : items) if (i.unverified()) return i.detail();
        return "";
    }
}
