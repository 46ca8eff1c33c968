package jmon.engine.metrics;

/**
 * The jmon daemon's own cost at {@code time} (epoch ms).
 *
 * @param cpu     percent of one core since the previous sample, one decimal
 * @param rss     resident bytes of the daemon process
 * @param threads native threads of the daemon (JVM internal threads included)
 */
public record DaemonSample(long time, double cpu, long rss, long heapUsed, long heapCommitted, long heapMax,
                           int threads) {}
