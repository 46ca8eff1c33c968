package jmon.api;

import java.util.List;

/**
 * When and how a process is restarted and stopped. Field meanings follow PM2's attributes of the same name.
 *
 * @param autorestart              restart after an exit (PM2 {@code autorestart})
 * @param maxRestarts              unstable restarts in a row before {@code errored} (PM2 {@code max_restarts})
 * @param minUptimeMs              an exit before this uptime counts as unstable (PM2 {@code min_uptime})
 * @param restartDelayMs           fixed delay before a restart (PM2 {@code restart_delay})
 * @param expBackoffRestartDelayMs first delay of the exponential backoff, 0 = jmon's default backoff
 * @param stopExitCodes            exit codes that mean "done": no restart (PM2 {@code stop_exit_codes})
 * @param killTimeoutMs            time between the stop signal and SIGKILL (PM2 {@code kill_timeout})
 * @param stopSignal               signal name sent first on stop, e.g. SIGINT
 * @param maxMemoryRestartBytes    restart gracefully when the group's RSS goes over this, 0 = never
 * @param cronRestart              cron expression of scheduled restarts (PM2 {@code cron_restart}), or null
 * @param watch                    paths (absolute) whose changes restart the process; null = no watching
 * @param ignoreWatch              globs of paths never to react to, relative to cwd (PM2 {@code ignore_watch}, jmon.engine.watch.WatchGlob)
 * @param watchDelayMs             quiet time after the last change before the restart (debounce)
 * @param kind                     which exits restart ({@code autorestart}: true, false, "always", "on-failure",
 *                                 "unless-stopped"); null reads as {@code autorestart}'s boolean
 */
public record RestartPolicy(
        boolean autorestart,
        int maxRestarts,
        long minUptimeMs,
        long restartDelayMs,
        long expBackoffRestartDelayMs,
        List<Integer> stopExitCodes,
        long killTimeoutMs,
        String stopSignal,
        long maxMemoryRestartBytes,
        String cronRestart,
        List<String> watch,
        List<String> ignoreWatch,
        long watchDelayMs,
        RestartKind kind) {

    public static final int DEFAULT_MAX_RESTARTS = 16;
    public static final long DEFAULT_MIN_UPTIME_MS = 1000;
    public static final long DEFAULT_KILL_TIMEOUT_MS = 1600;
    public static final String DEFAULT_STOP_SIGNAL = "SIGINT";
    public static final long DEFAULT_WATCH_DELAY_MS = 1000;

    public RestartPolicy {
        kind = kind == null ? (autorestart ? RestartKind.UNLESS_STOPPED : RestartKind.NEVER) : kind;
        autorestart = kind != RestartKind.NEVER;
        stopExitCodes = stopExitCodes == null ? List.of() : List.copyOf(stopExitCodes);
        stopSignal = stopSignal == null ? DEFAULT_STOP_SIGNAL : stopSignal;
        watch = watch == null ? null : List.copyOf(watch);
        watchDelayMs = watchDelayMs <= 0 ? DEFAULT_WATCH_DELAY_MS : watchDelayMs;
        ignoreWatch = ignoreWatch == null ? List.of() : List.copyOf(ignoreWatch);
    }

    /** Without a restart kind: {@code autorestart}'s boolean decides (PM2's attribute). */
    public RestartPolicy(boolean autorestart, int maxRestarts, long minUptimeMs, long restartDelayMs,
                         long expBackoffRestartDelayMs, List<Integer> stopExitCodes, long killTimeoutMs,
                         String stopSignal, long maxMemoryRestartBytes, String cronRestart, List<String> watch,
                         List<String> ignoreWatch, long watchDelayMs) {
        this(autorestart, maxRestarts, minUptimeMs, restartDelayMs, expBackoffRestartDelayMs, stopExitCodes,
                killTimeoutMs, stopSignal, maxMemoryRestartBytes, cronRestart, watch, ignoreWatch, watchDelayMs, null);
    }

    public RestartPolicy(boolean autorestart, int maxRestarts, long minUptimeMs, long restartDelayMs,
                         long expBackoffRestartDelayMs, List<Integer> stopExitCodes, long killTimeoutMs,
                         String stopSignal, long maxMemoryRestartBytes, String cronRestart) {
        this(autorestart, maxRestarts, minUptimeMs, restartDelayMs, expBackoffRestartDelayMs, stopExitCodes,
                killTimeoutMs, stopSignal, maxMemoryRestartBytes, cronRestart, null, null, 0);
    }

    public boolean watches() { return watch != null; }

    public RestartPolicy(boolean autorestart, int maxRestarts, long minUptimeMs, long restartDelayMs,
                         long expBackoffRestartDelayMs, List<Integer> stopExitCodes, long killTimeoutMs,
                         String stopSignal) {
        this(autorestart, maxRestarts, minUptimeMs, restartDelayMs, expBackoffRestartDelayMs, stopExitCodes,
                killTimeoutMs, stopSignal, 0, null, null, null, 0);
    }

    public static RestartPolicy defaults() {
        return new RestartPolicy(true, DEFAULT_MAX_RESTARTS, DEFAULT_MIN_UPTIME_MS, 0, 0, List.of(),
                DEFAULT_KILL_TIMEOUT_MS, DEFAULT_STOP_SIGNAL);
    }
}
