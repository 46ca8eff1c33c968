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
 */
public record Expected(AppSpec spec, String configFile, String from, long savedAt) {
    public String namespace() { return spec.namespace(); }
    public String name() { return spec.name(); }
    public String key() { return spec.namespace() + "/" + spec.name(); }
    public String cwd() { return spec.cwd(); }
    public int priority() { return spec.priority(); }

    /** The tier as declared; an app without one counts as production (the safe assumption in an incident). */
    public String tier() { return spec.tier() == null ? "production" : spec.tier(); }

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
