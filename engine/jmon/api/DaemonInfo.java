package jmon.api;

/** Answer to ping: who the daemon is. */
public record DaemonInfo(String version, int protocol, long pid, long startedAt, long uptimeMs, String home, String user) {}
