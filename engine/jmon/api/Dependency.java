package jmon.api;

/**
 * A process this one waits for before it starts. {@code condition}: {@code started} (online), {@code ready}
 * (online and ready), {@code completed} (exited with a success code). Namespace null = the dependent's own.
 */
public record Dependency(String name, String namespace, String condition) {}
