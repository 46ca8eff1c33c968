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

    /** Restarts after exits from which an app that lives past min_uptime counts as crash-looping. */
    public static final int LOOP_RESTARTS = 3;

    /** Its last restart within this window: the loop is still going on. */
    public static final long CRASH_WINDOW_MS = 10 * 60_000L;

    /**
     * Restarting over and over: counts as down even in the moment it is online. Either restarts in a row before
     * min_uptime, or an app that lives past min_uptime and dies again and again: at least {@value #LOOP_RESTARTS}
     * restarts after exits, on average less than a minute apart since it was added, the last within
     * {@link #CRASH_WINDOW_MS}.
     */
    public static boolean crashLooping(ProcessInfo p) { return crashLooping(p, System.currentTimeMillis()); }

    public static boolean crashLooping(ProcessInfo p, long now) {
        if (p.unstableRestarts() >= CRASH_LOOP_RESTARTS) return true;
        if (p.restarts() < LOOP_RESTARTS || (p.lastExitCode() == null && p.lastSignal() == null)) return false;
        long life = Math.max(0, now - p.createdAt());
        return life < p.restarts() * 60_000L && p.startedAt() > now - CRASH_WINDOW_MS;
    }

    /** Something can tell whether this process serves: wait_ready (a READY it must send) or a readiness probe. */
    public static boolean readinessChecked(ProcessInfo p) {
        if (p.spec() != null && p.spec().health().gatesOnline()) return true;
        HealthInfo h = p.health();
        return h != null && h.readiness() != null;
    }
}
