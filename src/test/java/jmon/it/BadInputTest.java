package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A malformed file names file, line and field; nothing is started; exit 2. */
@Timeout(60)
class BadInputTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private void assertRejected(String file, String... expected) {
        var r = j.run("start", file);
        assertEquals(2, r.code(), r.all());
        for (String e : expected) assertTrue(r.err().contains(e), "missing '" + e + "' in:\n" + r.err());
        assertTrue(r.err().contains("nothing was started"), r.err());
        assertFalse(Files.exists(j.home.resolve("jmon.sock")), "no daemon started for a bad file");
        assertEquals(2, j.run("validate", file).code());
    }

    @Test
    void syntaxError() throws Exception {
        j.write("syntax.json", "{\"apps\": [\n  {\"name\": \"a\", \"script\": \"sleep\"\n  {\"name\": \"b\"}\n]}\n");
        assertRejected("syntax.json", "syntax.json:3:");
    }

    @Test
    void unknownKeyWithSuggestion() throws Exception {
        j.write("unknown.json", "{\"apps\": [\n  {\"name\": \"ok\", \"script\": \"sleep\"},\n  {\"name\": \"a\", \"script\": \"sleep\", \"autorestrat\": false}\n]}\n");
        assertRejected("unknown.json", "unknown.json:3:", "autorestrat", "autorestart");
    }

    @Test
    void wrongType() throws Exception {
        j.write("type.json", "{\"apps\": [\n  {\"name\": \"a\", \"script\": \"sleep\",\n   \"max_restarts\": \"many\"}\n]}\n");
        assertRejected("type.json", "type.json:3:", "max_restarts", "expected");
    }

    @Test
    void validatePrintsAppsOfAGoodFile() throws Exception {
        j.write("good.json", "{\"namespace\":\"n\",\"apps\":[{\"name\":\"a\",\"script\":\"sleep\",\"args\":[\"5\"],\"priority\":2}]}");
        var r = j.run("validate", "good.json");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("n") && r.out().contains("a") && r.out().contains("sleep 5"), r.out());
    }

    @Test
    void unknownCommandAndOptionAreUsageErrors() {
        var r = j.run("stpo", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("did you mean 'stop'"), r.err());
        r = j.run("stop", "x", "--namepsace", "a");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("did you mean --namespace"), r.err());
    }
}
