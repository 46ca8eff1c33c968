package jmon.api;

/** The daemon's own cost, last sample. */
public record DaemonStatus(double cpu, long rss, long heapUsed, long heapMax, int threads) {}
