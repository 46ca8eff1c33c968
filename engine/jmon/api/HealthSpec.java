package jmon.api;

import java.util.List;

/**
 * How jmon knows a process is ready and alive.
 *
 * @param waitReady           online only after READY=1 on the notify pipe (or the readiness probe passes)
 * @param listenTimeoutMs     how long a start may take to become ready before it counts as failed
 * @param shutdownWithMessage stop by writing "shutdown" to the process's stdin instead of a signal
 * @param watchdogMs          restart when no WATCHDOG=1 arrives for this long (0 = off)
 * @param hooks               the app's own hooks and its file's (crash, errored, …: docs/api.md#hooks)
 */
public record HealthSpec(boolean waitReady, long listenTimeoutMs, boolean shutdownWithMessage, long watchdogMs,
                         ProbeSpec readiness, ProbeSpec liveness, List<Dependency> dependsOn, List<HookSpec> hooks) {
    public static final long DEFAULT_LISTEN_TIMEOUT_MS = 3000;

    public HealthSpec {
        listenTimeoutMs = listenTimeoutMs <= 0 ? DEFAULT_LISTEN_TIMEOUT_MS : listenTimeoutMs;
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }

    public HealthSpec(boolean waitReady, long listenTimeoutMs, boolean shutdownWithMessage, long watchdogMs,
                      ProbeSpec readiness, ProbeSpec liveness, List<Dependency> dependsOn) {
        this(waitReady, listenTimeoutMs, shutdownWithMessage, watchdogMs, readiness, liveness, dependsOn, List.of());
    }

    public static HealthSpec none() { return new HealthSpec(false, 0, false, 0, null, null, List.of()); }

    /** Something must say "ready" before the process counts as online. */
    public boolean gatesOnline() { return waitReady || readiness != null; }
}
