package jmon.api;

/**
 * Shell commands run around an app's process, each with its environment, folder and user, its output in the
 * app's logs, and bounded by {@code timeoutMs}.
 *
 * @param preStart    before every spawn; a failure (non-zero exit, timeout) is a failed start with its reason
 *                    ({@code pre_start})
 * @param postStop    after the process ended, stopped or crashed; a restart does not wait for it ({@code post_stop})
 * @param stopCommand on a stop, before the stop signal, which follows when it ends ({@code stop_command})
 * @param timeoutMs   how long each may run before it is killed ({@code command_timeout}), 0 = the default
 */
public record LifecycleCommands(String preStart, String postStop, String stopCommand, long timeoutMs) {
    public static final long DEFAULT_TIMEOUT_MS = 30_000;

    public LifecycleCommands {
        timeoutMs = timeoutMs <= 0 ? DEFAULT_TIMEOUT_MS : timeoutMs;
    }

    public static LifecycleCommands none() { return new LifecycleCommands(null, null, null, 0); }
}
