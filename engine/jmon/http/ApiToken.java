package jmon.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named bearer token of the HTTP control API ({@code http.tokens} in config.json) and what it may do. Only the
 * SHA-256 of the secret is kept, and compared in constant time. The name is what the audit log shows as the
 * caller ({@code token:NAME}).
 */
public record ApiToken(String name, byte[] digest, Scope scope) {
    /** What a token may do; each scope includes the ones before it. */
    public enum Scope {
        /** GET routes only: a read-only caller, refused every change by the request pipeline. */
        READ,
        /** Also start, stop, restart, reload, flush of processes. */
        OPERATE,
        /** Also delete, save, freeze, unfreeze, restore (resurrect from the saved dumps). */
        ADMIN;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

        public boolean allows(Scope needed) { return compareTo(needed) >= 0; }

        static Scope of(String s) {
            for (Scope v : values()) if (v.wire().equals(s)) return v;
            throw new IllegalArgumentException("scope: read, operate or admin, got '" + s + "'");
        }
    }

    /** The caller's name in the audit log and the journal. */
    public String callerName() { return "token:" + name; }

    public boolean matches(byte[] presentedDigest) { return MessageDigest.isEqual(digest, presentedDigest); }

    /** {@code [{"name": "deploy", "token": "…", "scope": "operate"}, …]}; null is none. */
    public static List<ApiToken> parseAll(Object node) {
        List<ApiToken> out = new ArrayList<>();
        if (node == null) return out;
        if (!(node instanceof List<?> list)) throw new IllegalArgumentException("tokens must be a list of {name, token, scope}");
        Set<String> names = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "tokens[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) throw new IllegalArgumentException(where + " must be an object");
            for (Object k : m.keySet()) {
                if (!Set.of("name", "token", "scope").contains(k)) {
                    throw new IllegalArgumentException(where + ": unknown key '" + k + "' (known: name, token, scope)");
                }
            }
            if (!(m.get("name") instanceof String name) || !validName(name)) {
                throw new IllegalArgumentException(where + ".name: 1–64 ASCII letters, digits and ._-@+");
            }
            if (!names.add(name)) throw new IllegalArgumentException(where + ".name: '" + name + "' is used twice");
            if (!(m.get("token") instanceof String secret)) throw new IllegalArgumentException(where + ".token: a string is required");
            String problem = HttpEndpoint.tokenProblem(secret);
            if (problem != null) throw new IllegalArgumentException(where + ".token " + problem);
            if (!secrets.add(secret)) throw new IllegalArgumentException(where + ".token: the same secret as another token");
            Scope scope = Scope.of(m.get("scope") instanceof String s ? s : String.valueOf(m.get("scope")));
            out.add(new ApiToken(name, sha256(secret), scope));
        }
        return out;
    }

    private static boolean validName(String n) {
        if (n.isEmpty() || n.length() > 64) return false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "._-@+".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public String toString() { return "ApiToken[" + name + ", " + scope.wire() + "]"; }
}
