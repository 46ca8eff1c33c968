package jmon.api;

import java.util.List;

/**
 * What {@code jmon hooks test} did, and the daemon's hook counters since it started: fired, failed (non-zero
 * exit, timeout, HTTP error), suppressed (repeats within a hook's {@code repeat_ms}), dropped (the queue was full).
 */
public record HookReport(List<HookRun> runs, int hooks, long fired, long failed, long suppressed, long dropped) {
    public HookReport {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }
}
