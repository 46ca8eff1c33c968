package jmon.api;

/** One measurement of a process group: CPU (% of one core) and RSS bytes. */
public record MetricSample(long time, double cpu, long memory) {}
