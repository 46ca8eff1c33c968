package jmon.api;

/**
 * Who sends a request: the OS user (from the socket's peer credentials, never from the client), and what the
 * client brings for frozen namespaces: the freeze token, or an explicit override (audited); where the request
 * comes from ({@link CallerContext}, bounded by the daemon; null when the client sent none). A read-only caller (the
 * HTTP endpoint, a read-only token) is refused every operation that changes something.
 */
public record Caller(String user, String freezeToken, boolean overrideFreeze, CallerContext context, boolean readOnly) {
    public Caller(String user, String freezeToken, boolean overrideFreeze) { this(user, freezeToken, overrideFreeze, null, false); }

    public Caller(String user, String freezeToken, boolean overrideFreeze, CallerContext context) {
        this(user, freezeToken, overrideFreeze, context, false);
    }

    public static Caller local() { return new Caller(System.getProperty("user.name"), null, false); }

    /** A caller that may only read, e.g. the HTTP endpoint. */
    public static Caller reader(String user) { return new Caller(user, null, false, null, true); }
}
