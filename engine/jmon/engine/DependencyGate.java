package jmon.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import jmon.api.Dependency;
import jmon.api.Desired;
import jmon.api.ProcessStatus;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Supervisor;

/**
 * depends_on: a start waits until each dependency is met (started, ready or completed), re-checked after every
 * status change and readiness change. Engine thread only.
 */
final class DependencyGate {
    private final ProcessTable table;
    private final Supervisor supervisor;
    /** Starts waiting for their dependencies. */
    private final LinkedHashSet<ManagedProcess> pending = new LinkedHashSet<>();

    DependencyGate(ProcessTable table, Supervisor supervisor) {
        this.table = table;
        this.supervisor = supervisor;
    }

    boolean anyPending() { return !pending.isEmpty(); }

    /** Starts p now, or holds it until its dependencies are met. */
    void requestStart(ManagedProcess p, String why) {
        List<String> missing = unmet(p);
        if (missing.isEmpty()) {
            pending.remove(p);
            p.health().waitingFor = List.of();
            supervisor.start(p, why);
        } else {
            pending.add(p);
            p.health().waitingFor = missing;
            supervisor.hold(p, "waiting for " + String.join(", ", missing));
        }
    }

    /** A stop or a delete: p no longer waits. */
    void forget(ManagedProcess p) { pending.remove(p); }

    /** Something changed: starts what can start now, and updates what the others wait for. */
    void recheck() {
        if (pending.isEmpty()) return;
        for (ManagedProcess p : new ArrayList<>(pending)) {
            if (p.isRemoved() || p.desired() != Desired.RUN || !p.status().isHalted()) {
                pending.remove(p);
                continue;
            }
            List<String> missing = unmet(p);
            if (missing.isEmpty()) {
                requestStart(p, "started (dependencies met)");
            } else if (!missing.equals(p.health().waitingFor)) {
                p.health().waitingFor = missing;
                supervisor.hold(p, "waiting for " + String.join(", ", missing));
            }
        }
    }

    /** Each dependency not met yet, as "ns/name (condition)". */
    private List<String> unmet(ManagedProcess p) {
        List<String> out = new ArrayList<>();
        for (Dependency d : p.spec().health().dependsOn()) {
            String ns = d.namespace() == null ? p.namespace() : d.namespace();
            String cond = d.condition() == null ? "started" : d.condition();
            List<ManagedProcess> deps = table.app(ns, d.name());
            boolean met = !deps.isEmpty();
            for (ManagedProcess x : deps) met &= meets(x, cond);
            if (!met) out.add(ns + "/" + d.name() + " (" + cond + (deps.isEmpty() ? ", not managed" : "") + ")");
        }
        return out;
    }

    private static boolean meets(ManagedProcess x, String cond) {
        switch (cond) {
            case "ready":
                return x.isReady();
            case "completed": {
                Integer code = x.info(0, 0, 0).lastExitCode();
                return x.status() == ProcessStatus.EXITED && (code == null || code == 0
                        || x.spec().restart().stopExitCodes().contains(code));
            }
            default:
                return x.status() == ProcessStatus.ONLINE;
        }
    }
}
