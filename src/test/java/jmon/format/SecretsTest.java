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
}
