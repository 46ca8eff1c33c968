package jmon.engine.hooks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jmon.api.Desired;
import jmon.api.EngineEvent;
import jmon.api.Health;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;

/**
 * Turns engine events into hook events. {@link #direct} is pure (one status change says it all: a crash, an
 * errored end, a restart for memory); {@link #fromState} needs the namespace's processes and remembers what it
 * already reported, so a crash loop or an incident fires once when it begins, and again only after it ended.
 * One thread (the hooks dispatcher) calls it.
 */
public final class HookEvents {
    public static final String CRASH = "crash";
    public static final String ERRORED = "errored";
    public static final String CRASH_LOOP = "crash-loop";
    public static final String MEMORY = "memory";
    public static final String INCIDENT = "incident";
    public static final List<String> TYPES = List.of(CRASH, ERRORED, CRASH_LOOP, MEMORY, INCIDENT);

    private final String host;
    private final Set<Integer> looping = new HashSet<>();
    private final Set<String> downNamespaces = new HashSet<>();

    public HookEvents(String host) { this.host = host; }

    /**
     * crash: an exit nobody asked for (straight from online or launching; a clean exit 0 of an app that is done
     * is not one); errored: no more restarts; memory: a restart for max_memory_restart.
     */
    public List<HookEvent> direct(EngineEvent.StatusChanged s) {
        List<HookEvent> out = new ArrayList<>(2);
        boolean fromRunning = s.from() == ProcessStatus.ONLINE || s.from() == ProcessStatus.LAUNCHING;
        boolean ended = s.to() == ProcessStatus.WAITING_RESTART || s.to() == ProcessStatus.ERRORED || s.to() == ProcessStatus.EXITED;
        boolean clean = s.to() == ProcessStatus.EXITED && Integer.valueOf(0).equals(s.exitCode()) && s.signal() == null;
        if (fromRunning && ended && !clean) out.add(of(CRASH, s));
        if (s.to() == ProcessStatus.ERRORED) out.add(of(ERRORED, s));
        if (s.to() == ProcessStatus.STOPPING && s.reason() != null && s.reason().contains("over max_memory_restart")) {
            out.add(of(MEMORY, s));
        }
        return out;
    }

    /**
     * crash-loop: the app's unstable restarts reached {@link Health#CRASH_LOOP_RESTARTS}; incident: every app
     * of the namespace that is meant to run is down for good ({@link #downForGood}; fired once until one is back).
     */
    public List<HookEvent> fromState(EngineEvent.StatusChanged s, List<ProcessInfo> namespace, long now) {
        List<HookEvent> out = new ArrayList<>(1);
        for (ProcessInfo p : namespace) {
            if (p.pmId() != s.pmId()) continue;
            if (Health.crashLooping(p) && p.desired() == Desired.RUN) {
                if (looping.add(p.pmId())) {
                    out.add(new HookEvent(CRASH_LOOP, p.namespace(), p.name(), p.pmId(), p.status().wire(), s.from().wire(),
                            p.lastExitCode(), p.lastSignal(), p.reason(), p.restarts(), p.unstableRestarts(), null, now,
                            host, false, 0));
                }
            } else {
                looping.remove(p.pmId());
            }
        }
        List<String> down = new ArrayList<>();
        int meant = 0;
        for (ProcessInfo p : namespace) {
            if (p.desired() != Desired.RUN) continue;
            meant++;
            if (downForGood(p)) down.add(p.name() + (p.instanceId() > 0 ? "#" + p.instanceId() : ""));
        }
        boolean allDown = meant > 0 && down.size() == meant;
        if (allDown && downNamespaces.add(s.namespace())) {
            out.add(new HookEvent(INCIDENT, s.namespace(), null, null, null, null, null, null,
                    "every app meant to run in " + s.namespace() + " is down", 0, 0, down, now, host, false, 0));
        } else if (!allDown) {
            downNamespaces.remove(s.namespace());
        }
        return out;
    }

    /**
     * Down by {@link Health} and not merely between two runs: halted (errored, exited) or crash-looping. One
     * restart in progress is a crash, not an incident.
     */
    static boolean downForGood(ProcessInfo p) {
        return Health.of(p) == Health.DOWN && (p.status().isHalted() || Health.crashLooping(p));
    }

    /** Forgets a deleted process. */
    public void forget(int pmId) { looping.remove(pmId); }

    private HookEvent of(String type, EngineEvent.StatusChanged s) {
        return new HookEvent(type, s.namespace(), s.name(), s.pmId(), s.to().wire(), s.from().wire(), s.exitCode(),
                s.signal(), s.reason(), 0, 0, null, s.at(), host, false, 0);
    }

    /** A made-up event of a type, for {@code jmon hooks test}. */
    public HookEvent sample(String type, String namespace, String name, long now) {
        boolean ns = INCIDENT.equals(type);
        return new HookEvent(type, namespace, ns ? null : name, ns ? null : -1, ns ? null : ProcessStatus.ERRORED.wire(),
                ns ? null : ProcessStatus.ONLINE.wire(), ns ? null : 1, null, "a test event (jmon hooks test)", 0, 0,
                ns ? List.of(name) : null, now, host, true, 0);
    }
}
