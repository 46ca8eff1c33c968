package jmon.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redaction of secrets, shared by every renderer that shows an env or arguments: by the key's name
 * ({@code DB_PASSWORD}), and by the value's shape whatever the key ({@code DATABASE_URL=postgres://u:pw@db},
 * {@code STRIPE=sk_live_…}, AWS and GitHub keys, Slack tokens, JWTs, private key blocks).
 */
public final class Secrets {
    private Secrets() {}

    /** What a secret value is replaced with. */
    public static final String REDACTED = "[redacted]";

    /**
     * The patterns, compiled once on first use: a {@code jlist} whose arguments hold nothing secret-looking (the
     * usual case, told by {@link #mayHoldSecret}) compiles none of them.
     */
    private static final class Patterns {
        /** Substrings (case-insensitive, anywhere in the key) that mark a variable as secret. */
        static final Pattern SECRET = Pattern.compile(
                "secret|token|passw|pwd|api[_-]?key|private|credential|auth|cookie|session", Pattern.CASE_INSENSITIVE);

        /** The password of a URL: {@code scheme://user:PASSWORD@host}; group 1 is what is kept before it. */
        static final Pattern URL_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^:/@\\s]*:)[^@/\\s]+(?=@)");

        /**
         * Tokens recognised by their shape, each replaced wherever it appears in a value: AWS access key ids,
         * Stripe live secret and restricted keys, GitHub tokens (classic and fine-grained), Slack tokens, JWTs.
         */
        static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9])(?:"
                + "(?:AKIA|ASIA)[A-Z0-9]{16}"
                + "|(?:sk|rk)_live_[A-Za-z0-9]{8,}"
                + "|gh[pousr]_[A-Za-z0-9]{20,}"
                + "|github_pat_[A-Za-z0-9_]{20,}"
                + "|xox[bpas]-[A-Za-z0-9-]{8,}"
                + "|eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+"
                + ")");
    }

    /** True when the key's name says its value is a secret (e.g. DB_PASSWORD, GITHUB_TOKEN, x-api-key). */
    public static boolean isSecret(String key) {
        return key != null && Patterns.SECRET.matcher(key).find();
    }

    /**
     * The value with every secret-looking part replaced by {@link #REDACTED}: a URL's password, a token of a
     * known shape; a value holding a private key block is replaced whole. Null stays null. Values with nothing
     * of the kind (most of them) cost one scan by each of the two patterns and are returned as they are.
     */
    public static String redactValue(String value) {
        if (value == null || value.length() < 8) return value;
        if (value.contains("PRIVATE KEY-----")) return REDACTED;
        String v = value;
        if (v.indexOf("://") > 0 && v.indexOf('@') > 0) {
            Matcher m = Patterns.URL_PASSWORD.matcher(v);
            if (m.find()) v = m.replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
        }
        if (mayHoldToken(v)) {
            Matcher t = Patterns.TOKEN.matcher(v);
            if (t.find()) v = t.replaceAll(Matcher.quoteReplacement(REDACTED));
        }
        return v;
    }

    /** A cheap first look (plain substring searches) for the start of any token {@link Patterns#TOKEN} knows. */
    private static boolean mayHoldToken(String v) {
        return v.contains("AKIA") || v.contains("ASIA") || v.contains("_live_") || v.contains("xox")
                || v.contains("eyJ") || (v.contains("gh") && v.indexOf('_') > 0);
    }

    /**
     * A copy of {@code env} with every secret value replaced by {@link #REDACTED} (by key) or with its secret
     * parts redacted (by value), keys sorted, read-only. A null map gives an empty one; null keys are dropped.
     */
    public static Map<String, String> redact(Map<String, String> env) {
        TreeMap<String, String> out = new TreeMap<>();
        if (env != null) {
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getKey() == null) continue;
                out.put(e.getKey(), isSecret(e.getKey()) ? REDACTED : redactValue(e.getValue()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** A copy of {@code values} (arguments) with the secret parts of each redacted by value shape. */
    public static List<String> redactAll(List<String> values) {
        if (values == null) return List.of();
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) out.add(redactValue(v));
        return Collections.unmodifiableList(out);
    }
}
