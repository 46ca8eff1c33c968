package jmon.api;

/**
 * Answer to ping: who the daemon is, and (once sampled) what it and the host cost.
 *
 * @param warnings what the operator should know about the daemon itself, one line each: what recovery did with a
 *                 corrupt file, a journal that cannot be written, a setting that fell back to its default
 */
public record DaemonInfo(String version, int protocol, long pid, long startedAt, long uptimeMs, String home, String user,
                         DaemonStatus status, HostStatus host, java.util.List<String> warnings) {
    public DaemonInfo {
        warnings = warnings == null ? java.util.List.of() : warnings;
    }

    public DaemonInfo(String version, int protocol, long pid, long startedAt, long uptimeMs, String home, String user,
                      DaemonStatus status, HostStatus host) {
        this(version, protocol, pid, startedAt, uptimeMs, home, user, status, host, java.util.List.of());
    }
}
