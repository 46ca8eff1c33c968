package jmon.engine.supervise;

import jmon.api.RestartKind;
import jmon.api.RestartPolicy;

/**
 * Decides what an unexpected exit leads to. Pure: same inputs, same answer, no clock and no process.
 *
 * <p>One deliberate difference from PM2: with neither {@code restart_delay} nor {@code exp_backoff_restart_delay}
 * set, unstable restarts (exits before {@code min_uptime}) back off by default (0 ms, then 100 ms growing ×1.5 up
 * to 15 s), where PM2 burns its 16 retries in a tenth of a second.
 */
public final class RestartDecider {
    public static final long DEFAULT_BACKOFF_START_MS = 100;
    public static final long BACKOFF_CAP_MS = 15_000;

    public sealed interface Decision permits Restart, Exit, Errored {}

    /** Restart after {@code delayMs}; {@code unstable} is the new count of unstable restarts in a row. */
    public record Restart(long delayMs, int unstable, String reason) implements Decision {}

    /** Done: stays exited (a clean stop code, or autorestart off). */
    public record Exit(String reason) implements Decision {}

    /** Gave up: too many unstable restarts in a row. */
    public record Errored(String reason) implements Decision {}

    private RestartDecider() {}

    /**
     * @param exitCode     the exit code, or null when unknown (re-adopted process)
     * @param uptimeMs     how long the process ran
     * @param unstable     unstable restarts in a row so far
     * @param previousDelay delay used before the previous restart (for backoff growth)
     */
    public static Decision decide(RestartPolicy p, Integer exitCode, String signal, long uptimeMs, int unstable,
                                  long previousDelay) {
        return decide(p, exitCode, signal, uptimeMs, unstable, previousDelay, false);
    }

    /**
     * @param probeFailed the process was killed for failing a check (not ready in time, liveness): a failure
     *                    whatever its exit code, for {@code autorestart: "on-failure"}
     */
    public static Decision decide(RestartPolicy p, Integer exitCode, String signal, long uptimeMs, int unstable,
                                  long previousDelay, boolean probeFailed) {
        String how = describeExit(exitCode, signal);
        if (!p.autorestart()) return new Exit(how + "; autorestart is off");
        // an unknown code (a re-adopted process) counts as a failure: keeping it running is the safe guess
        if (p.kind() == RestartKind.ON_FAILURE && !probeFailed && signal == null && exitCode != null && exitCode == 0) {
            return new Exit(how + "; autorestart is on-failure");
        }
        if (exitCode != null && signal == null && p.stopExitCodes().contains(exitCode)) {
            return new Exit(how + " (a stop_exit_code)");
        }
        boolean isUnstable = uptimeMs < p.minUptimeMs();
        int nextUnstable = isUnstable ? unstable + 1 : 0;
        if (nextUnstable > p.maxRestarts()) {
            return new Errored(how + " after " + uptimeMs + " ms; too many unstable restarts ("
                    + unstable + ", max_restarts " + p.maxRestarts() + ")");
        }
        long delay = delay(p, isUnstable, nextUnstable, previousDelay);
        return new Restart(delay, nextUnstable, how + (isUnstable ? " after " + uptimeMs + " ms (unstable)" : ""));
    }

    static long delay(RestartPolicy p, boolean isUnstable, int nextUnstable, long previousDelay) {
        if (p.expBackoffRestartDelayMs() > 0) {
            if (!isUnstable) return p.expBackoffRestartDelayMs();
            return previousDelay <= 0 ? p.expBackoffRestartDelayMs()
                    : Math.min(BACKOFF_CAP_MS, Math.round(previousDelay * 1.5));
        }
        if (p.restartDelayMs() > 0) return p.restartDelayMs();
        if (!isUnstable || nextUnstable <= 1) return 0;
        long d = previousDelay <= 0 ? DEFAULT_BACKOFF_START_MS : Math.round(previousDelay * 1.5);
        return Math.min(BACKOFF_CAP_MS, d);
    }

    public static String describeExit(Integer exitCode, String signal) {
        if (signal != null) return "killed by " + signal;
        if (exitCode == null) return "exited (code unknown: re-adopted process)";
        return "exited with code " + exitCode;
    }
}
