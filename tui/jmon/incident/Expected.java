package jmon.incident;

import java.util.ArrayList;
import java.util.List;
import jmon.api.AppSpec;
import jmon.api.Dependency;

/**
 * One process that should be running, as the inventory knows it.
 *
 * @param from     where it is known from: "dump" (a saved dump), "file" (a registered ecosystem file), or both
 * @param savedAt  when the dump that lists it was saved (epoch ms), 0 when not in a dump
 * @param order    its position in its file or dump (the restore order when no {@code priority} says one)
 */
public record Expected(AppSpec spec, String configFile, String from, long savedAt, int order) {
    public Expected(AppSpec spec, String configFile, String from, long savedAt) { this(spec, configFile, from, savedAt, 0); }

    public String namespace() { return spec.namespace(); }
    public String name() { return spec.name(); }
    public String key() { return spec.namespace() + "/" + spec.name(); }
    public String cwd() { return spec.cwd(); }
    public int priority() { return spec.priority(); }

    /**
     * The tier as declared; without a {@code tier} key, inferred from the namespace name ({@link #inferTier}); a name
     * that tells nothing counts as production (the safe assumption in an incident).
     */
    public String tier() {
        if (spec.tier() != null) return spec.tier();
        String t = inferTier(spec.namespace());
        return t == null ? "production" : t;
    }

    /** How the tier is known: "declared", "inferred" (from the namespace name) or "assumed" (production, nothing told). */
    public String tierSource() {
        if (spec.tier() != null) return "declared";
        return inferTier(spec.namespace()) == null ? "assumed" : "inferred";
    }

    /** True when no {@code priority} key orders this app: the plan's order is then inferred. */
    public boolean priorityInferred() { return spec.priority() <= 0; }

    /**
     * The tier a namespace's name tells, as one of its tokens (split at {@code - _ . @ +}): {@code prod},
     * {@code production} → production; {@code test}, {@code testing}, {@code staging}, {@code stage}, {@code qa} → test;
     * {@code dev}, {@code development} → development; null when no token says. {@code shop-prod}, {@code prod-eu}.
     */
    public static String inferTier(String namespace) {
        if (namespace == null) return null;
        int from = 0;
        String found = null;
        for (int i = 0; i <= namespace.length(); i++) {
            if (i == namespace.length() || "-_.@+".indexOf(namespace.charAt(i)) >= 0) {
                String tok = namespace.substring(from, i).toLowerCase(java.util.Locale.ROOT);
                from = i + 1;
                String t = switch (tok) {
                    case "prod", "production", "prd", "live" -> "production";
                    case "test", "testing", "staging", "stage", "qa", "uat" -> "test";
                    case "dev", "development", "local" -> "development";
                    default -> null;
                };
                if (t != null && found == null) found = t;
                if ("production".equals(t)) return t; // a name saying production anywhere is production
            }
        }
        return found;
    }

    public boolean production() { return tier().equalsIgnoreCase("production") || tier().equalsIgnoreCase("prod"); }

    /** 0 production, 1 anything else declared, 2 test, 3 development: the runbook's restore order. */
    public int tierRank() {
        String t = tier().toLowerCase();
        if (production()) return 0;
        if (t.startsWith("test") || t.equals("staging")) return 2;
        if (t.startsWith("dev")) return 3;
        return 1;
    }

    /** "ns/name" of every dependency. */
    public List<String> dependsOn() {
        List<String> out = new ArrayList<>();
        for (Dependency d : spec.health().dependsOn()) out.add((d.namespace() == null ? namespace() : d.namespace()) + "/" + d.name());
        return out;
    }

    /** How readiness is known: "notify", "probe …" or "online + min_uptime N ms". */
    public String healthCheck() {
        var h = spec.health();
        if (h.readiness() != null) return "readiness probe" + (h.waitReady() ? " + notify" : "");
        if (h.waitReady()) return "notify (READY=1)";
        return "online + min_uptime " + spec.restart().minUptimeMs() + " ms";
    }
}
