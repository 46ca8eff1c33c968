package jmon.api;

/**
 * Who sends a request: the OS user (from the socket's peer credentials, never from the client), and what the
 * client brings for frozen namespaces: the freeze token, or an explicit override (audited); and where the
 * request comes from ({@link CallerContext}, bounded by the daemon; null when the client sent none).
 */
public record Caller(String user, String freezeToken, boolean overrideFreeze, CallerContext context) {
    public Caller(String user, String freezeToken, boolean overrideFreeze) { this(user, freezeToken, overrideFreeze, null); }

    public static Caller local() { return new Caller(System.getProperty("user.name"), null, false); }
}
