package jmon.format;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Redaction of secret-looking environment variables, shared by every renderer that shows an env. */
public final class Secrets {
    private Secrets() {}

    /** What a secret value is replaced with. */
    public static final String REDACTED = "[redacted]";

    /** Substrings (case-insensitive, anywhere in the key) that mark a variable as secret. */
    private static final Pattern SECRET = Pattern.compile(
            "secret|token|passw|pwd|api[_-]?key|private|credential|auth|cookie|session", Pattern.CASE_INSENSITIVE);

    /** True when the key's name says its value is a secret (e.g. DB_PASSWORD, GITHUB_TOKEN, x-api-key). */
    public static boolean isSecret(String key) {
        return key != null && SECRET.matcher(key).find();
    }

    /**
     * A copy of {@code env} with every secret value replaced by {@link #REDACTED}, keys sorted, read-only.
     * A null map gives an empty one; null keys are dropped.
     */
    public static Map<String, String> redact(Map<String, String> env) {
        TreeMap<String, String> out = new TreeMap<>();
        if (env != null) {
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getKey() == null) continue;
                out.put(e.getKey(), isSecret(e.getKey()) ? REDACTED : e.getValue());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
