package jmon.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jmon.api.Dependency;
import jmon.api.Desired;
import jmon.api.EngineEvent;
import jmon.api.ProcessStatus;
import jmon.engine.supervise.Intent;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Supervisor;

/**
 * Dependencies that act. A start pulls in what the app depends on ({@link #toStartWith}); a stop by request
 * reaches the apps bound to it ({@code part_of}, {@code binds_to}: {@link #boundDependents}); a new run of a
 * dependency (restarted by request, crash, memory or watchdog) restarts its bound dependents once every instance
 * of it is online again, so they reconnect ({@link #onStatus}); a {@code binds_to} dependency that ends for good
 * (errored, or exited while meant to run) stops them. Engine thread only.
 */
final class DependencyBonds {
    private final ProcessTable table;
    private final Supervisor supervisor;
    /** Per app (ns/name): the generations of its instances when they were last all online. */
    private final Map<String, List<Long>> lastOnline = new HashMap<>();

    DependencyBonds(ProcessTable table, Supervisor supervisor) {
        this.table = table;
        this.supervisor = supervisor;
    }

    private static String key(String ns, String name) { return ns + "/" + name; }

    private static String depNs(ManagedProcess of, Dependency d) { return d.namespace() == null ? of.namespace() : d.namespace(); }

    /** Some app has a part_of or binds_to bond (engine thread): without one there is nothing to follow. */
    boolean any() {
        for (ManagedProcess p : table.values()) {
            for (Dependency d : p.spec().health().dependsOn()) if (d.bound()) return true;
        }
        return false;
    }

    /** What depends on app ns/name (directly), with a bond when boundOnly. */
    private List<ManagedProcess> dependentsOf(String ns, String name, boolean boundOnly) {
        List<ManagedProcess> out = new ArrayList<>();
        for (ManagedProcess p : table.values()) {
            if (p.isRemoved()) continue;
            for (Dependency d : p.spec().health().dependsOn()) {
                if ((!boundOnly || d.bound()) && d.name().equals(name) && depNs(p, d).equals(ns)) {
                    out.add(p);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The halted processes the given ones depend on, transitively (what a start must start too so it can ever
     * run), in no particular order: the dependency gate orders the starts.
     */
    List<ManagedProcess> toStartWith(List<ManagedProcess> starting) {
        Set<ManagedProcess> seen = new LinkedHashSet<>(starting);
        Deque<ManagedProcess> todo = new ArrayDeque<>(starting);
        List<ManagedProcess> out = new ArrayList<>();
        while (!todo.isEmpty()) {
            ManagedProcess p = todo.pop();
            for (Dependency d : p.spec().health().dependsOn()) {
                if ("completed".equals(d.condition())) continue; // a finished job is not run again for a dependent
                for (ManagedProcess q : table.app(depNs(p, d), d.name())) {
                    if (q.isRemoved() || !seen.add(q)) continue;
                    todo.push(q);
                    if (q.status().isHalted()) out.add(q);
                }
            }
        }
        return out;
    }

    /** The running processes bound (part_of, binds_to) to any of these, transitively, the given ones excluded. */
    List<ManagedProcess> boundDependents(List<ManagedProcess> stopping) {
        Set<ManagedProcess> seen = new LinkedHashSet<>(stopping);
        Deque<ManagedProcess> todo = new ArrayDeque<>(stopping);
        List<ManagedProcess> out = new ArrayList<>();
        Set<String> appsDone = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            ManagedProcess p = todo.pop();
            if (!appsDone.add(key(p.namespace(), p.name()))) continue;
            for (ManagedProcess d : dependentsOf(p.namespace(), p.name(), true)) {
                if (!seen.add(d)) continue;
                todo.push(d);
                if (!d.status().isHalted()) out.add(d);
            }
        }
        return out;
    }

    /** A status change: a bound dependency's new run, or its end for good. */
    void onStatus(EngineEvent.StatusChanged s) {
        if (s.to() == ProcessStatus.ONLINE) {
            List<ManagedProcess> app = table.app(s.namespace(), s.name());
            List<Long> gens = new ArrayList<>(app.size());
            long newest = 0;
            for (ManagedProcess p : app) {
                if (p.status() != ProcessStatus.ONLINE) return; // not all back yet
                gens.add(p.generation());
                newest = Math.max(newest, p.startedAt());
            }
            List<Long> before = lastOnline.put(key(s.namespace(), s.name()), gens);
            if (before == null || before.equals(gens)) return;
            List<ManagedProcess> restart = new ArrayList<>();
            for (ManagedProcess d : dependentsOf(s.namespace(), s.name(), true)) {
                // one started after this run began already talks to it (e.g. restart all restarted both)
                if ((d.status() == ProcessStatus.ONLINE || d.status() == ProcessStatus.LAUNCHING) && d.startedAt() < newest) {
                    restart.add(d);
                }
            }
            if (!restart.isEmpty()) {
                supervisor.stopAll(restart, Intent.RESTART, "restarted: " + key(s.namespace(), s.name())
                        + ", which it is bound to, has a new run");
            }
        } else if (s.to() == ProcessStatus.ERRORED || s.to() == ProcessStatus.EXITED) {
            ManagedProcess p = table.get(s.pmId());
            if (p == null || p.desired() != Desired.RUN) return; // a stop by request propagates in Lifecycle
            List<ManagedProcess> stop = new ArrayList<>();
            for (ManagedProcess d : dependentsOf(s.namespace(), s.name(), true)) {
                if (d.status().isHalted()) continue;
                for (Dependency dep : d.spec().health().dependsOn()) {
                    if (Dependency.BINDS_TO.equals(dep.bond()) && dep.name().equals(s.name()) && depNs(d, dep).equals(s.namespace())) {
                        stop.add(d);
                        break;
                    }
                }
            }
            if (!stop.isEmpty()) {
                supervisor.stopAll(stop, Intent.STOP, "stopped: bound to " + key(s.namespace(), s.name()) + ", which ended "
                        + s.to().wire());
            }
        }
    }

    /** A deleted app starts over (its next online is a first run). */
    void forget(ManagedProcess p) { lastOnline.remove(key(p.namespace(), p.name())); }
}
