package jmon.api;

/**
 * Which history entries to read: one namespace (null: all), one app name (null: all), newer than {@code sinceMs}
 * (epoch ms; 0: all kept), at most {@code limit} of the newest (1–10000).
 */
public record HistoryQuery(String namespace, String name, long sinceMs, int limit) {
    public static final int MAX_LIMIT = 10_000;
}
