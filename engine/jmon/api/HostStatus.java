package jmon.api;

/** The machine, last sample: CPU % of all cores, memory, load and the disk holding JMON_HOME. */
public record HostStatus(String hostname, double cpu, int cores, long memTotal, long memAvailable, double load1,
                         double load5, double load15, long diskTotal, long diskFree) {}
