package jmon.api;

/**
 * What to read: the processes (targets may be empty for "all in scope"), how much history, whether to follow,
 * which streams.
 */
public record LogQuery(Selector selector, int lines, boolean follow, boolean out, boolean err) {}
