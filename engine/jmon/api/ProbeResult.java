package jmon.api;

/** The last run of a probe: outcome, what it saw, how long it took, when; and the current run of failures. */
public record ProbeResult(String probe, boolean ok, String detail, long latencyMs, long at, int consecutiveFailures) {}
