package jmon.incident;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The restore order: production tiers first, then {@code priority} (unset last), then namespace and name; a step
 * never comes before a step it {@code depends_on}. Editable: skip, move up/down (a move that would put a step
 * before what it depends on is refused).
 */
public final class Plan {
    /** {@code action}: "start" (missing), "restart" (errored or crash-looping), "start-stopped", "wait" (online, not ready). */
    public static final class Step {
        public final Expected app;
        public final String action;
        public final String why;
        public boolean skipped;

        public Step(Expected app, String action, String why) {
            this.app = app;
            this.action = action;
            this.why = why;
        }

        public String line() {
            return (skipped ? "[skip] " : "") + action + " " + app.key() + "  (" + app.tier()
                    + (app.tierSource().equals("declared") ? "" : " " + app.tierSource()) + ", "
                    + (app.priority() > 0 ? "priority " + app.priority() : "order inferred: file position " + (app.order() + 1)) + ")  " + why;
        }
    }

    private final List<Step> steps;

    public Plan(List<Step> steps) { this.steps = new ArrayList<>(steps); }

    public List<Step> steps() { return steps; }
    public List<Step> active() { return steps.stream().filter(s -> !s.skipped).toList(); }

    public static Plan of(Assessment a) {
        List<Step> steps = new ArrayList<>();
        for (Assessment.Finding f : a.findings) {
            if (!f.down()) continue;
            String action = switch (f.state()) {
                case "missing" -> "start";
                case "errored", "crash-looping" -> "restart";
                case "stopped" -> "start-stopped";
                default -> "wait";
            };
            String why = f.state() + ": " + f.detail() + (f.app().dependsOn().isEmpty() ? "" : "; after " + String.join(", ", f.app().dependsOn()));
            steps.add(new Step(f.app(), action, why));
        }
        return new Plan(order(steps));
    }

    /**
     * Tier first (production, other, test, development); then {@code priority} (unset last); then, for apps with no
     * priority, the order of the apps in their file or dump ("inferred"); namespace and name break ties.
     */
    static final Comparator<Step> RUNBOOK = Comparator.<Step>comparingInt(s -> s.app.tierRank())
            .thenComparingInt(s -> s.app.spec().restoreOrder())
            .thenComparing(s -> s.app.namespace())
            .thenComparingInt(s -> s.app.priorityInferred() ? s.app.order() : 0)
            .thenComparing(s -> s.app.name());

    /** How the order was decided, in words, saying what was inferred. */
    public String orderNote() {
        boolean tierInf = steps.stream().anyMatch(s -> !s.app.tierSource().equals("declared"));
        boolean prioInf = steps.stream().anyMatch(s -> s.app.priorityInferred());
        return "production first" + (tierInf ? " (tier inferred from the namespace name where no tier key)" : "")
                + ", then priority" + (prioInf ? " (none set: dependencies, then the order in the file — inferred)" : "")
                + ", dependencies first";
    }

    /** Sorted by the runbook's order, then dependencies pulled ahead of their dependents. */
    static List<Step> order(List<Step> in) {
        List<Step> sorted = new ArrayList<>(in);
        sorted.sort(RUNBOOK);
        Map<String, Step> byKey = new LinkedHashMap<>();
        for (Step s : sorted) byKey.put(s.app.key(), s);
        List<Step> out = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (Step s : sorted) place(s, byKey, placed, visiting, out);
        return out;
    }

    private static void place(Step s, Map<String, Step> byKey, Set<String> placed, Set<String> visiting, List<Step> out) {
        if (placed.contains(s.app.key()) || !visiting.add(s.app.key())) return;
        for (String d : s.app.dependsOn()) {
            Step dep = byKey.get(d);
            if (dep != null) place(dep, byKey, placed, visiting, out);
        }
        placed.add(s.app.key());
        out.add(s);
    }

    public void toggleSkip(int i) { steps.get(i).skipped = !steps.get(i).skipped; }

    /** Moves step i by d (-1 up, +1 down); returns why not, or null when moved. */
    public String move(int i, int d) {
        int j = i + d;
        if (i < 0 || i >= steps.size() || j < 0 || j >= steps.size()) return "cannot move there";
        Step a = steps.get(i), b = steps.get(j);
        Step first = d < 0 ? a : b, second = d < 0 ? b : a; // after the swap, first precedes second
        if (first.app.dependsOn().contains(second.app.key()))
            return first.app.key() + " depends on " + second.app.key() + "; it cannot go first";
        steps.set(i, b);
        steps.set(j, a);
        return null;
    }

    /** The namespaces the plan changes (steps not skipped). */
    public List<String> namespaces() {
        return active().stream().map(s -> s.app.namespace()).distinct().sorted().toList();
    }

    public List<String> lines() {
        List<String> out = new ArrayList<>();
        int n = 1;
        for (Step s : steps) out.add((n++) + ". " + s.line());
        return out;
    }
}
