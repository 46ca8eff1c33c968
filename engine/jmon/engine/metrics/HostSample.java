package jmon.engine.metrics;

/**
 * The machine at {@code time} (epoch ms).
 *
 * @param cpu          percent of all cores busy since the previous sample, one decimal (0..100)
 * @param cores        CPUs the kernel reports in /proc/stat
 * @param memTotal     bytes (MemTotal)
 * @param memAvailable bytes (MemAvailable)
 * @param diskTotal    bytes of the file system holding the sampler's disk path
 * @param diskFree     bytes usable by an unprivileged user on that file system
 */
public record HostSample(long time, double cpu, int cores, long memTotal, long memAvailable, double load1,
                         double load5, double load15, long diskTotal, long diskFree) {}
