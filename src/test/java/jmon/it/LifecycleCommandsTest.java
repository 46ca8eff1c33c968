package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** pre_start, stop_command and post_stop around real processes of a real daemon. */
@Timeout(120)
class LifecycleCommandsTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private String logs(String name) {
        Jmon.Result r = j.run("logs", name, "--nostream", "--raw", "--lines", "50");
        return r.code() == 0 ? r.out() : "";
    }

    private String reason(String name) { return j.ok("describe", name).out(); }

    @Test
    void preStartRunsBeforeEverySpawnWithTheAppsEnvironmentAndLogs() throws Exception {
        j.write("eco.json", """
                { "apps": [ { "name": "pre", "script": "sh",
                  "args": ["-c", "test -f prepared && echo app-saw-prepared; exec sleep 300"],
                  "env": { "GREETING": "hello" },
                  "pre_start": "echo pre-says-$GREETING-$JMON_COMMAND; echo run >> prepared" } ] }
                """);
        j.ok("start", tmp.resolve("eco.json").toString());
        Jmon.await("pre online", 20_000, () -> "online".equals(j.status("default", "pre")));
        Jmon.await("both outputs in the app's log", 10_000,
                () -> logs("pre").contains("pre-says-hello-pre_start") && logs("pre").contains("app-saw-prepared"));
        j.ok("restart", "pre");
        Jmon.await("pre_start ran again for the restart", 20_000, () -> {
            try {
                return Files.readAllLines(tmp.resolve("prepared")).size() == 2;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void aFailingOrHangingPreStartIsAStartFailureWithItsReason() throws Exception {
        j.write("eco.json", """
                { "apps": [
                  { "name": "fails", "script": "sleep", "args": ["300"], "pre_start": "echo no-db >&2; exit 3" },
                  { "name": "hangs", "script": "sleep", "args": ["300"], "pre_start": "sleep 60", "command_timeout": "500ms" }
                ] }
                """);
        j.run("start", tmp.resolve("eco.json").toString());
        Jmon.await("fails errored", 20_000, () -> "errored".equals(j.status("default", "fails")));
        Jmon.await("hangs errored", 20_000, () -> "errored".equals(j.status("default", "hangs")));
        assertTrue(reason("fails").contains("start failed: pre_start exited with code 3"), reason("fails"));
        assertTrue(reason("hangs").contains("start failed: pre_start timed out after 500 ms"), reason("hangs"));
        assertEquals(0, j.proc("default", "fails").get("pid").asLong(), "the app itself never ran");
        assertTrue(j.run("logs", "fails", "--nostream", "--raw", "--err", "--lines", "5").out().contains("no-db")
                || logs("fails").contains("no-db"), "the command's stderr is in the app's log");
    }

    @Test
    void aStopDuringPreStartKillsItAndSpawnsNothing() throws Exception {
        j.write("eco.json", """
                { "apps": [ { "name": "slowpre", "script": "sleep", "args": ["300"], "pre_start": "sleep 60; touch ran" } ] }
                """);
        // start waits for its apps to settle: in the background, while its pre_start runs
        var start = java.util.concurrent.CompletableFuture.supplyAsync(() -> j.run("start", tmp.resolve("eco.json").toString()));
        Jmon.await("slowpre launching", 20_000, () -> j.run("jlist").out().contains("\"launching\""));
        j.ok("stop", "slowpre");
        assertEquals(0, start.get(30, java.util.concurrent.TimeUnit.SECONDS).code(), "the start settled with the stop");
        assertEquals("stopped", j.status("default", "slowpre"));
        assertEquals(0, j.proc("default", "slowpre").get("pid").asLong());
        assertFalse(Files.exists(tmp.resolve("ran")));
    }

    @Test
    void stopCommandRunsBeforeTheStopSignalAndPostStopAfterTheEnd() throws Exception {
        j.write("eco.json", """
                { "apps": [ { "name": "svc", "script": "sh",
                  "args": ["-c", "trap 'test -f stop-ran && echo signal-after-stop-command; exit 0' INT; echo up; while :; do sleep 0.1; done"],
                  "stop_command": "sleep 0.3; echo stop > stop-ran",
                  "post_stop": "test -f stop-ran && echo after > post-stopped" } ] }
                """);
        j.ok("start", tmp.resolve("eco.json").toString());
        Jmon.await("svc up", 20_000, () -> logs("svc").contains("up"));
        j.ok("stop", "svc");
        assertEquals("stopped", j.status("default", "svc"));
        assertTrue(Files.exists(tmp.resolve("stop-ran")));
        Jmon.await("the app saw the stop_command's file when its signal came", 10_000,
                () -> logs("svc").contains("signal-after-stop-command"));
        Jmon.await("post_stop ran after the stop", 10_000, () -> Files.exists(tmp.resolve("post-stopped")));
    }

    @Test
    void badCommandKeysAreExit2AtTheirLine() throws Exception {
        j.write("eco.json", "{ \"apps\": [ { \"name\": \"x\", \"script\": \"sleep\",\n \"pre_start\": 5 } ] }\n");
        Jmon.Result r = j.run("start", tmp.resolve("eco.json").toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("eco.json:2:") && r.err().contains("apps[0].pre_start"), r.err());
    }
}
