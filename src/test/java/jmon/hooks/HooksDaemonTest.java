package jmon.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jmon.it.Jmon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks of a real daemon: a local HTTP receiver and command hooks, fed by real crashing, crash-looping and
 * memory-restarted processes; rate limiting, timeouts and failures counted; `jmon hooks test` fires for real.
 */
@Timeout(120)
class HooksDaemonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    Jmon j;
    HttpServer receiver;
    final List<JsonNode> posted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            posted.add(JSON.readTree(body));
            int status = ex.getRequestURI().getQuery() != null && ex.getRequestURI().getQuery().contains("fail") ? 500 : 204;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void down() {
        try {
            j.close();
        } finally {
            receiver.stop(0);
        }
    }

    String url(String q) { return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook" + q; }

    void config(String json) throws Exception {
        Files.createDirectories(j.home);
        Files.writeString(j.home.resolve("config.json"), json);
    }

    List<JsonNode> posted(String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : posted) if (n.get("type").asText().equals(type) && !n.get("test").asBoolean()) out.add(n);
        return out;
    }

    @Test
    void crashesCrashLoopsErroredAndIncidentsReachTheCommandAndTheUrl() throws Exception {
        Path seen = tmp.resolve("seen");
        Files.createDirectories(seen);
        // the command hook keeps its stdin and its variables, one file per run
        Path hook = j.script("hook.sh", "f=" + seen + "/$JMON_EVENT_TYPE-$$; cat > $f.json; env | grep '^JMON_EVENT_' > $f.env");
        config("{\"hooks\": ["
                + "{\"name\": \"cmd\", \"on\": [\"crash\", \"errored\"], \"namespace\": \"shop\", \"command\": [\"" + hook + "\"]},"
                + "{\"name\": \"chat\", \"on\": [\"crash\", \"crash-loop\", \"errored\", \"incident\"], \"url\": \"" + url("") + "\"},"
                + "{\"name\": \"elsewhere\", \"on\": \"crash\", \"namespace\": \"other\", \"url\": \"" + url("?other") + "\"}]}");
        Path bad = j.script("bad.sh", "echo starting; exit 3");
        j.write("eco.json", "{\"namespace\": \"shop\", \"apps\": [{\"name\": \"api\", \"script\": \"" + bad
                + "\", \"max_restarts\": 3, \"restart_delay\": 100}]}");
        j.run("start", "eco.json"); // it ends errored: exit 1 is the point
        Jmon.await("errored", 20_000, () -> "errored".equals(j.status("shop", "api")));
        try {
            Jmon.await("the hooks ran", 15_000, () -> posted("errored").size() == 1 && posted("incident").size() == 1
                    && posted("crash-loop").size() == 1 && list(seen, "errored-").size() == 2);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; posted " + posted + "; files " + list(seen, "") + "; log "
                    + Files.readString(j.home.resolve("jmon.log")));
        }

        // crashes: 4 runs, but the same event of the same app fires a hook once per repeat_ms (60 s by default)
        assertEquals(1, posted("crash").size(), posted.toString());
        List<Path> crashFiles = list(seen, "crash-");
        assertEquals(2, crashFiles.size(), "one .json and one .env: " + crashFiles);
        JsonNode crash = JSON.readTree(Files.readString(jsonOf(crashFiles)));
        assertEquals("crash", crash.get("type").asText());
        assertEquals("shop", crash.get("namespace").asText());
        assertEquals("api", crash.get("name").asText());
        assertEquals(3, crash.get("exit_code").asInt());
        assertFalse(crash.get("test").asBoolean());
        String env = Files.readString(envOf(crashFiles));
        assertTrue(env.contains("JMON_EVENT_TYPE=crash\n"), env);
        assertTrue(env.contains("JMON_EVENT_NAMESPACE=shop\n"), env);
        assertTrue(env.contains("JMON_EVENT_NAME=api\n"), env);
        assertTrue(env.contains("JMON_EVENT_EXIT_CODE=3\n"), env);

        JsonNode loop = posted("crash-loop").get(0);
        assertTrue(loop.get("unstable_restarts").asInt() >= 2, loop.toString());
        assertTrue(loop.get("text").asText().contains("shop/api is crash-looping"), loop.toString());
        JsonNode incident = posted("incident").get(0);
        assertEquals("shop", incident.get("namespace").asText());
        assertEquals(List.of("api"), List.of(incident.get("down").get(0).asText()));
        assertTrue(incident.get("text").asText().startsWith("[jmon] shop: every app meant to run is down"), incident.toString());
        JsonNode errored = posted("errored").get(0);
        assertTrue(errored.get("text").asText().contains("shop/api errored"), errored.toString());
        for (JsonNode n : posted) assertFalse(n.toString().contains("\"other\""), "the namespace filter held: " + n);

        // a test fires for real, says what it did, and counts what the rate limit held back
        Jmon.Result t = j.ok("hooks", "test", "crash", "-n", "shop", "--name", "api");
        assertTrue(t.out().contains("ok     cmd: ok: exit 0"), t.out());
        assertTrue(t.out().contains("ok     chat: ok: HTTP 204"), t.out());
        assertTrue(t.out().contains("ok     elsewhere: ok: HTTP 204"), t.out());
        assertTrue(t.out().matches("(?s).*, [1-9]\\d* repeats held back.*"), t.out());
        Jmon.await("the test event arrived", 5_000, () -> posted.stream().anyMatch(n -> n.get("test").asBoolean()));
        // the audit names it
        assertTrue(Files.readString(j.home.resolve("audit.jsonl")).contains("\"hooksTest\""));
    }

    @Test
    void aSlowOrFailingHookIsCutCountedAndNeverHoldsTheEngine() throws Exception {
        config("{\"hooks\": ["
                + "{\"name\": \"slow\", \"on\": \"memory\", \"command\": \"sleep 30\", \"timeout_ms\": 500},"
                + "{\"name\": \"broken\", \"on\": \"memory\", \"url\": \"" + url("?fail") + "\"},"
                + "{\"name\": \"typo\", \"on\": \"crashed\", \"command\": \"true\"}]}");
        // a process over its max_memory_restart is restarted: the memory event
        Path mem = j.script("mem.sh", "exec sleep 300");
        j.write("mem.json", "{\"namespace\": \"mem\", \"apps\": [{\"name\": \"m\", \"script\": \"" + mem
                + "\", \"max_memory_restart\": \"1K\"}]}");
        j.ok("start", "mem.json");
        Jmon.await("restarted for memory", 20_000, () -> {
            JsonNode p = j.proc("mem", "m");
            return p != null && p.at("/pm2_env/restart_time").asInt() >= 1;
        });
        Jmon.await("the failing URL hook ran", 10_000, () -> posted.size() >= 1);
        assertEquals("memory", posted.get(0).get("type").asText());
        assertTrue(posted.get(0).get("reason").asText().contains("max_memory_restart"), posted.get(0).toString());
        // the slow hook is running now (timeout 500 ms); the daemon answers meanwhile
        long t0 = System.nanoTime();
        j.ok("list");
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "the engine answers while a hook runs");

        long t1 = System.nanoTime();
        Jmon.Result t = j.run("hooks", "test", "memory");
        long ms = (System.nanoTime() - t1) / 1_000_000;
        assertEquals(1, t.code(), t.all());
        assertTrue(t.out().contains("FAILED slow: timed out after 500 ms: killed"), t.out());
        assertTrue(t.out().contains("FAILED broken: HTTP 500"), t.out());
        assertTrue(ms < 10_000, "the timeout cut the 30 s command: " + ms + " ms");
        assertTrue(t.out().matches("(?s).*[1-9]\\d* failed.*"), t.out());
        // the bad hook was left out with a warning naming it; the others work
        assertTrue(j.ok("ping").all().contains("hooks[2]: on: unknown event 'crashed'"), j.ok("ping").all());
        assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("hook slow FAILED"));
        // no hook for this event: said, exit 2; a bad event: exit 2 before anything is asked
        assertEquals(2, j.run("hooks", "test", "incident").code());
        assertEquals(2, j.run("hooks", "test", "nonsense").code());
    }

    static List<Path> list(Path dir, String prefix) {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Path jsonOf(List<Path> files) { return files.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow(); }

    static Path envOf(List<Path> files) { return files.stream().filter(p -> p.toString().endsWith(".env")).findFirst().orElseThrow(); }

    @Test
    void hooksOfAnAppAndOfItsFileFireForThatAppOnly() throws Exception {
        Path seen = tmp.resolve("seen");
        Files.createDirectories(seen);
        Path hook = j.script("hook.sh", "cat > " + seen + "/$JMON_EVENT_TYPE-$JMON_EVENT_NAME-$$.json");
        Path bad = j.script("bad.sh", "exit 3");
        Path ok = j.script("ok.sh", "exec sleep 300");
        j.write("eco.json", "{\"namespace\": \"fl\", \"hooks\": [{\"name\": \"filehook\", \"on\": \"crash\", \"command\": [\"" + hook + "\"]}],"
                + "\"apps\": [{\"name\": \"a\", \"script\": \"" + bad + "\", \"max_restarts\": 0,"
                + "  \"hooks\": [{\"name\": \"own\", \"on\": [\"errored\"], \"url\": \"" + url("") + "\"}]},"
                + "{\"name\": \"b\", \"script\": \"" + ok + "\"}]}");
        j.run("start", "eco.json");
        Jmon.await("a errored and both hooks ran", 20_000, () -> posted("errored").size() == 1 && list(seen, "crash-a-").size() == 1);
        assertEquals("a", posted("errored").get(0).get("name").asText());
        assertEquals(List.of(), list(seen, "crash-b-"), "b did not crash");
        assertEquals(1, posted.size(), "the app's own URL hook listens to errored only: " + posted);
        // b has its file's hook: a test fires it for real
        Jmon.Result t = j.ok("hooks", "test", "crash", "-n", "fl", "--name", "b");
        assertTrue(t.out().contains("ok     fl/b:filehook: ok: exit 0"), t.out());
        Jmon.await("the test ran the command", 5_000, () -> list(seen, "crash-b-").size() == 1);
        // a hook with a bad event is a file problem with its line and column, nothing started
        j.write("bad.json", "{\"apps\": [{\"name\": \"x\", \"script\": \"" + ok + "\",\n"
                + "  \"hooks\": [{\"on\": \"crashed\", \"command\": \"true\"}]}]}");
        Jmon.Result v = j.run("validate", "bad.json");
        assertEquals(2, v.code(), v.all());
        assertTrue(v.all().contains("bad.json:2:") && v.all().contains("hooks[0].on") && v.all().contains("unknown event 'crashed'"), v.all());
    }
}
