package jmon.engine.state;

import static jmon.api.ProcessStatus.*;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import jmon.api.ProcessStatus;

/**
 * The only legal status changes of a managed process (DESIGN §3, after supervisor's guarded table). Anything
 * else is a bug in jmon and is refused loudly.
 */
public final class Transitions {
    private static final Map<ProcessStatus, Set<ProcessStatus>> EDGES = new EnumMap<>(ProcessStatus.class);

    static {
        // start / restart / resurrect of a halted process
        EDGES.put(STOPPED, EnumSet.of(LAUNCHING));
        EDGES.put(EXITED, EnumSet.of(LAUNCHING));
        EDGES.put(ERRORED, EnumSet.of(LAUNCHING));
        // spawned: online at once unless readiness holds it; spawn errors and exits during launch
        EDGES.put(LAUNCHING, EnumSet.of(ONLINE, ERRORED, EXITED, WAITING_RESTART, STOPPING));
        // an exit: restart later, done, or too many unstable restarts; or a stop request
        EDGES.put(ONLINE, EnumSet.of(WAITING_RESTART, EXITED, ERRORED, STOPPING));
        // the delay elapsed, or a stop/restart came meanwhile
        EDGES.put(WAITING_RESTART, EnumSet.of(LAUNCHING, STOPPED));
        // the exit arrived: stopped, relaunched (restart), or SIGKILL did not reap it
        EDGES.put(STOPPING, EnumSet.of(STOPPED, LAUNCHING, ERRORED));
    }

    private Transitions() {}

    public static boolean allowed(ProcessStatus from, ProcessStatus to) {
        return EDGES.getOrDefault(from, Set.of()).contains(to);
    }

    public static Set<ProcessStatus> from(ProcessStatus s) {
        Set<ProcessStatus> to = EDGES.get(s);
        return to == null ? EnumSet.noneOf(ProcessStatus.class) : EnumSet.copyOf(to);
    }

    public static void check(ProcessStatus from, ProcessStatus to) {
        if (!allowed(from, to)) throw new IllegalStateException("illegal transition " + from + " -> " + to);
    }
}
