package jmon.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
    @Test
    void secretKeysAreRecognisedCaseInsensitively() {
        for (String k : List.of("DB_PASSWORD", "passwd", "MYSQL_PWD", "GITHUB_TOKEN", "client_secret", "API_KEY",
                "apikey", "x-api-key", "PRIVATE_KEY_PATH", "AWS_CREDENTIALS", "BASIC_AUTH", "Authorization",
                "COOKIE_SALT", "session_store")) {
            assertTrue(Secrets.isSecret(k), k);
        }
        for (String k : List.of("PATH", "HOME", "NODE_ENV", "PORT", "LOG_LEVEL", "API_URL")) {
            assertFalse(Secrets.isSecret(k), k);
        }
        assertFalse(Secrets.isSecret(null));
    }

    @Test
    void redactReplacesSecretValuesSortsAndIsReadOnly() {
        Map<String, String> in = new HashMap<>();
        in.put("PORT", "8080");
        in.put("DB_PASSWORD", "hunter2");
        in.put("api_key", "k");
        in.put("EMPTY", null);
        Map<String, String> out = Secrets.redact(in);
        assertEquals(List.of("DB_PASSWORD", "EMPTY", "PORT", "api_key"), List.copyOf(out.keySet()));
        assertEquals(Secrets.REDACTED, out.get("DB_PASSWORD"));
        assertEquals(Secrets.REDACTED, out.get("api_key"));
        assertEquals("8080", out.get("PORT"));
        assertEquals("hunter2", in.get("DB_PASSWORD"), "input untouched");
        assertThrows(UnsupportedOperationException.class, () -> out.put("x", "y"));
        assertTrue(Secrets.redact(null).isEmpty());
    }

    @Test
    void valuesThatLookLikeSecretsAreRedactedWhateverTheKey() {
        Map<String, String> in = new HashMap<>();
        in.put("DATABASE_URL", "postgres://app:hunter2secret@db.internal:5432/shop");
        in.put("STRIPE_SK", "sk_live_4eC39HqLyjWDarjtT1zdp7dc");
        in.put("STRIPE_RK", "rk_live_51Habcdefghijkl");
        in.put("AWS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        in.put("AWS_TMP", "ASIAY34FZKBOKMUTVV7A");
        in.put("GH", "ghp_16C7e42F292c6912E7710c838347Ae178B4a");
        in.put("GH2", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop");
        in.put("GH_APP", "ghs_abcdefghijklmnopqrstuvwxyz0123");
        in.put("SLACK", "xoxb-1234567890-abcdefghij");
        in.put("HEADER", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        in.put("PEM", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----");
        in.put("PLAIN_URL", "https://example.com/a:b@c");
        in.put("USER_URL", "https://alice@example.com/");
        in.put("PORT", "8080");
        in.put("WORD", "AKIAlower-case-is-not-a-key");
        Map<String, String> out = Secrets.redact(in);
        assertEquals("postgres://app:[redacted]@db.internal:5432/shop", out.get("DATABASE_URL"));
        for (String k : List.of("STRIPE_SK", "STRIPE_RK", "AWS_KEY_ID", "AWS_TMP", "GH", "GH2", "GH_APP", "SLACK", "PEM")) {
            assertEquals(Secrets.REDACTED, out.get(k), k);
        }
        assertEquals("Bearer [redacted]", out.get("HEADER"));
        assertEquals("https://example.com/a:b@c", out.get("PLAIN_URL"), "no credentials before the host");
        assertEquals("https://alice@example.com/", out.get("USER_URL"), "a user name alone is not a secret");
        assertEquals("8080", out.get("PORT"));
        assertEquals("AKIAlower-case-is-not-a-key", out.get("WORD"));
        assertEquals(List.of("--db=mysql://root:[redacted]@localhost/x", "-v"),
                Secrets.redactAll(List.of("--db=mysql://root:pw@localhost/x", "-v")));
        assertEquals(null, Secrets.redactValue(null));
    }
}
