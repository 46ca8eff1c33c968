package jmon.api;

/** Answer to ping: who the daemon is, and (once sampled) what it and the host cost. */
public record DaemonInfo(String version, int protocol, long pid, long startedAt, long uptimeMs, String home, String user,
                         DaemonStatus status, HostStatus host) {}
