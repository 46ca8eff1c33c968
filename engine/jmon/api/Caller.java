package jmon.api;

/**
 * Who sends a request: the OS user (from the socket's peer credentials, never from the client), and what the
 * client brings for frozen namespaces: the freeze token, or an explicit override (audited).
 */
public record Caller(String user, String freezeToken, boolean overrideFreeze) {
    public static Caller local() { return new Caller(System.getProperty("user.name"), null, false); }
}
