package jmon.incident;

import java.util.List;
import java.util.TreeSet;

/**
 * The runbook's decision tree. An "application" is a namespace (one product in one environment, as the runbook's
 * inventory rows are): production down and several applications affected → P1; production down in one
 * application → P2; only test/development down → P3; nothing down → NONE.
 */
public enum Severity {
    P1("P1 - Critical", "immediate (< 5 min)"),
    P2("P2 - High", "< 15 min"),
    P3("P3 - Medium", "< 1 hour"),
    NONE("none", "-");

    private final String label;
    private final String response;

    Severity(String label, String response) {
        this.label = label;
        this.response = response;
    }

    public String label() { return label; }
    public String responseTime() { return response; }

    /** A severity with the reason, in words. */
    public record Verdict(Severity severity, String reason) {}

    public static Verdict classify(List<Assessment.Finding> findings) {
        TreeSet<String> apps = new TreeSet<>(), prodApps = new TreeSet<>(), inferred = new TreeSet<>();
        int down = 0, unchecked = 0;
        for (Assessment.Finding f : findings) {
            if (f.notChecked()) unchecked++;
            if (!f.down()) continue;
            down++;
            apps.add(f.app().namespace());
            if (f.app().production()) prodApps.add(f.app().namespace());
            if (!f.app().tierSource().equals("declared")) inferred.add(f.app().namespace() + " → " + f.app().tier() + " (" + f.app().tierSource() + ")");
        }
        if (down == 0) return new Verdict(NONE, unchecked == 0 ? "every expected process is online and ready"
                : "every expected process is online; " + unchecked + " not checked (no readiness signal), " + (findings.size() - unchecked) + " ready");
        String what = down + " process" + (down == 1 ? "" : "es") + " down in " + String.join(", ", apps)
                + (inferred.isEmpty() ? "" : "; tier " + String.join(", ", inferred));
        if (!prodApps.isEmpty()) {
            if (apps.size() > 1) return new Verdict(P1, "production down (" + String.join(", ", prodApps) + ") and several applications affected: " + what);
            return new Verdict(P2, "one production application down (" + prodApps.first() + "), others unaffected: " + what);
        }
        return new Verdict(P3, "test/development only, no production impact: " + what);
    }
}
