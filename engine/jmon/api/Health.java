package jmon.api;

/**
 * The one mapping from a process's status, readiness and desired state to what an operator needs to know. The
 * CLI, the HTTP endpoint, the console, the incident assessment and its checklist all ask this class, so they
 * cannot disagree.
 */
public enum Health {
    /** Running, and a readiness signal (notify READY or a probe) says it serves. */
    HEALTHY("healthy"),
    /** Running, but nothing tells whether it serves: never counted as healthy. */
    NOT_CHECKED("not checked"),
    /** Meant to run and has a process, but is not ready (starting, probe failing, stopping on its own). */
    DEGRADED("degraded"),
    /** Meant to run and does not: errored, exited, waiting to restart, or crash-looping. */
    DOWN("down"),
    /** Not meant to run (stopped by a request). */
    OFF("off");

    /** Restarts in a row before min_uptime from which a running process counts as crash-looping. */
    public static final int CRASH_LOOP_RESTARTS = 2;

    private final String word;

    Health(String word) { this.word = word; }

    /** The word shown to operators ("healthy", "not checked", …). */
    public String word() { return word; }

    /** Counts against availability: the app is meant to run and is not serving (or nobody can tell). */
    public boolean isOutage() { return this == DOWN || this == DEGRADED; }

    public static Health of(ProcessInfo p) {
        if (p.desired() == Desired.HALT) return p.status().isHalted() || p.status() == ProcessStatus.STOPPING ? OFF : DEGRADED;
        if (p.status() == ProcessStatus.WAITING_RESTART || p.status().isHalted()) return DOWN;
        if (crashLooping(p)) return DOWN;
        if (p.status() != ProcessStatus.ONLINE) return DEGRADED;
        if (!readinessChecked(p)) return NOT_CHECKED;
        return p.ready() ? HEALTHY : DEGRADED;
    }

    /** Restarting over and over: counts as down even in the moment it is online. */
    public static boolean crashLooping(ProcessInfo p) {
        return p.unstableRestarts() >= CRASH_LOOP_RESTARTS;
    }

    /** Something can tell whether this process serves: wait_ready (a READY it must send) or a readiness probe. */
    public static boolean readinessChecked(ProcessInfo p) {
        if (p.spec() != null && p.spec().health().gatesOnline()) return true;
        HealthInfo h = p.health();
        return h != null && h.readiness() != null;
    }
}
