package jmon.api;

/**
 * A frozen namespace: mutating requests on it are refused (with this reason and who froze it) unless they
 * carry the token (the freezing operator's restore) or ask to override (audited).
 */
public record FreezeInfo(String namespace, String reason, String user, long at, String token) {
    /** The same without the token, as shown to everyone else. */
    public FreezeInfo publicView() { return new FreezeInfo(namespace, reason, user, at, null); }
}
