package jmon.engine.metrics;

/**
 * One app's resource use at {@code time} (epoch ms).
 *
 * @param cpu       percent of one core since the previous sample, one decimal (200.0 = two cores busy)
 * @param rss       resident bytes summed over the whole group
 * @param processes how many live processes were counted in the group
 */
public record ProcessSample(long time, double cpu, long rss, int processes) {}
