package jmon.format;

import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;

/** Facts derived from a {@link ProcessInfo} that several renderers show the same way. */
public final class Facts {
    private Facts() {}

    /** A live OS process exists right now (so pid, uptime, cpu and memory mean something). */
    public static boolean live(ProcessInfo p) {
        return p.status() != null && p.status().isSignallable() && p.pid() > 0;
    }

    /** Milliseconds since the last spawn while live, -1 otherwise. */
    public static long uptimeMs(ProcessInfo p, long nowMs) {
        return live(p) && p.startedAt() > 0 ? Math.max(0, nowMs - p.startedAt()) : -1;
    }

    /** "12m" while live, "-" otherwise. */

    /**
     * PM2's jlist pid rule: 0 when halted (stopped, exited, errored); the dead pid while waiting to restart;
     * the live pid otherwise.
     */
    public static long jlistPid(ProcessInfo p) {
        ProcessStatus s = p.status();
        return s == null || s.isHalted() ? 0 : Math.max(0, p.pid());
    }

    /** How it ended last: the signal name when a signal ended it, else the exit code, else "-". */
    public static String lastExit(ProcessInfo p) {
        if (p.lastSignal() != null && !p.lastSignal().isBlank()) return p.lastSignal();
        return p.lastExitCode() == null ? "-" : String.valueOf(p.lastExitCode());
    }
}
