package jmon.rpc;

/**
 * The socket protocol: JSON lines. The client opens with a {@link Hello}; the daemon answers with its own
 * (or an error when the protocol versions differ); then each {@link Request} gets one {@link Response}.
 */
public final class Wire {
    private Wire() {}

    public static final String MAGIC = "jmon";

    public record Hello(String hello, int protocol, String version) {}

    /**
     * {@code args}: the operation's argument object as parsed (see {@link Json#parse}).
     * {@code token}/{@code override}: the caller's freeze token, or an explicit (audited) freeze override.
     * {@code context}: where the request comes from (sent with requests that change something; bounded by the daemon).
     */
    public record Request(long id, String op, Object args, String token, Boolean override,
                          jmon.api.CallerContext context) {
        public Request(long id, String op, Object args, String token, Boolean override) {
            this(id, op, args, token, override, null);
        }
    }

    public record Error(String code, String message) {}

    /** {@code result}: any value {@link Json} writes; {@link Json#NULL} for an explicit null. */
    public record Response(long id, Object result, Error error) {}

    /** A streamed message of a running request (log lines), before its final {@link Response}. */
    public record Stream(long id, jmon.api.LogLine line, Boolean idle, jmon.api.EngineEvent event) {
        public Stream(long id, jmon.api.LogLine line, Boolean idle) { this(id, line, idle, null); }
    }

    /** Operations, with the argument record each one takes. */
    /** {@code mode} is null from an older client, whose restartExisting then decides; both are sent. */
    public record StartArgs(java.util.List<jmon.api.AppSpec> apps, boolean restartExisting, jmon.api.StartMode mode) {
        public StartArgs(java.util.List<jmon.api.AppSpec> apps, boolean restartExisting) { this(apps, restartExisting, null); }

        public jmon.api.StartMode effectiveMode() { return mode != null ? mode : jmon.api.StartMode.of(restartExisting); }
    }

    public record ActArgs(jmon.api.Verb verb, jmon.api.Selector selector) {}

    public record NamespaceArgs(String namespace) {}

    public record SaveArgs(String namespace, boolean force) {}

    public record ResurrectArgs(String namespace, boolean dryRun) {}

    public record LogsArgs(jmon.api.LogQuery query) {}

    public record SelectorArgs(jmon.api.Selector selector) {}

    public record PmIdArgs(int pmId) {}

    public record SignalArgs(String signal, jmon.api.Selector selector) {}

    public record ScaleArgs(String namespace, String name, int instances) {}

    public record FreezeArgs(String namespace, String reason) {}

    public record HooksTestArgs(String event, String namespace, String name) {}

    public record RestoreSubmitArgs(jmon.api.RestorePlan plan) {}

    public record RestoreIdArgs(String id) {}

    public record RestoreAnswerArgs(String id, long question, String answer) {}

    public record HistoryArgs(jmon.api.HistoryQuery query) {}

    public record PathArgs(String path) {}

    public record IncidentArgs(String id, String name, String content) {}

    public record LinesArgs(int lines) {}
}
