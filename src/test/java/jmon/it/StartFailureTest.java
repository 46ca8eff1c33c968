package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon that cannot start says why in the CLI's one error line; a corrupt config.json is not such a reason:
 * the daemon supervises with the defaults and says what it did.
 */
@Timeout(120)
class StartFailureTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    @Test
    void theJvmsOwnReasonIsShown() {
        j.env.put("JMON_DAEMON_JAVA_OPTS", "-XX:+NoSuchJmonFlag");
        Jmon.Result r = j.run("ping");
        assertEquals(3, r.code(), r.all());
        assertTrue(r.err().contains("exited with code 1 while starting: ") && r.err().contains("NoSuchJmonFlag"), "[" + r.out() + "][" + r.err() + "]");
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void theDaemonsOwnCannotStartLineIsShown() throws Exception {
        // the socket's path taken by a folder that cannot be removed
        Files.createDirectories(j.home.resolve("jmon.sock").resolve("something"));
        Jmon.Result r = j.run("ping");
        assertEquals(3, r.code(), r.all());
        assertTrue(r.err().contains("while starting: daemon cannot start: ") && r.err().contains("jmon.sock"), r.err());
        assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("daemon cannot start: "));
    }

    @Test
    void aCorruptConfigIsCopiedAsideAndTheDaemonSupervisesWithTheDefaults() throws Exception {
        Files.createDirectories(j.home);
        Files.writeString(j.home.resolve("config.json"), "{\"logs\": {\"retain\": 3,");
        Jmon.Result r = j.ok("ping");
        assertTrue(r.out().contains("warning: config.json is not valid JSON (") && r.out().contains("copied aside as config.json.corrupt-")
                && r.out().contains("running with the default settings"), r.out());
        j.script("app.sh", "exec sleep 300");
        j.ok("start", tmp.resolve("app.sh").toString(), "--name", "app");
        Jmon.await("app online", 20_000, () -> "online".equals(j.status("default", "app")));
        assertEquals("{\"logs\": {\"retain\": 3,", Files.readString(j.home.resolve("config.json")), "the user's file stays");
        try (var l = Files.list(j.home)) {
            assertEquals(1, l.filter(p -> p.getFileName().toString().startsWith("config.json.corrupt-")).count());
        }
        assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("warning: config.json is not valid JSON"));
        // a valid file with a bad key: the rest applies, nothing is copied
        j.ok("kill");
        Files.writeString(j.home.resolve("config.json"), "{\"logs\": {\"retain\": 0}, \"rpc\": {\"max_conections\": 5}}");
        r = j.ok("ping");
        assertTrue(r.out().contains("warning: config.json: logs.retain must be a whole number ≥ 1; using the default (10)"), r.out());
        assertTrue(r.out().contains("warning: config.json: unknown key rpc.max_conections ignored"), r.out());
        try (var l = Files.list(j.home)) {
            assertEquals(1, l.filter(p -> p.getFileName().toString().startsWith("config.json.corrupt-")).count());
        }
    }
}
