package jmon.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The small text utilities: shell-like splitting, "did you mean", problem formatting. */
class HelpersTest {
    @Test
    void shellWords() {
        assertEquals(List.of("-a", "13", "-b", "12"), ShellWords.split("  -a 13\t-b 12 "));
        assertEquals(List.of("it's", "a b", "c\"d", "e f"), ShellWords.split("it\\'s 'a b' \"c\\\"d\" e\\ f"));
        assertEquals(List.of("", "x"), ShellWords.split("'' x"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("\"open"));
    }

    @Test
    void suggestions() {
        List<String> keys = AppKeys.suggestions();
        assertEquals("autorestart", Suggest.nearest("autorestrat", keys));
        assertEquals("max_restarts", Suggest.nearest("max_restarts_count", keys), "shared prefix");
        assertEquals("interpreter_args", Suggest.nearest("interpreter_arg", keys));
        assertNull(Suggest.nearest("zzzzzzzz", keys));
    }

    @Test
    void problemFormat() {
        assertEquals("f.json:3:7: apps[0].x: bad", new Problem("f.json", 3, 7, "apps[0].x", "bad").toString());
        assertEquals("f.js: apps[0].x: bad", new Problem("f.js", 0, 0, "apps[0].x", "bad").toString());
        assertEquals("f.json: file is empty", new Problem("f.json", 0, 0, "", "file is empty").toString());
    }

    @Test
    void everyKeyHasOneSpelling() {
        // the table is the single source of truth: no spelling may mean two things
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (AppKeys.Key<?> k : AppKeys.SUPPORTED) {
            assertEquals(true, seen.add(k.name()), k.name());
            for (String a : k.aliases()) assertEquals(true, seen.add(a), a);
        }
        for (String n : AppKeys.NOT_YET) assertEquals(true, seen.add(n), n);
    }
}
