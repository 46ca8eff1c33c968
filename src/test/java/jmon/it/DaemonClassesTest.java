package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jmon.api.EngineEvent;
import jmon.api.EventSink;
import jmon.rpc.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon never loads jackson-databind (about 600 classes of its memory): a real daemon logs every class it
 * loads while it serves every kind of request and reads back every file it writes.
 */
@Timeout(180)
class DaemonClassesTest {
    static final String DATABIND = "com.fasterxml.jackson.databind";
    @TempDir Path tmp;
    Jmon j;
    int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        // %p: one file per daemon JVM (the test starts two)
        j.env.put("JMON_DAEMON_JAVA_OPTS", "-Xlog:class+load=info:file=" + tmp.resolve("classes-%p.log"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(j.home);
        Files.writeString(j.home.resolve("config.json"),
                "{\"http\":{\"bind\":\"127.0.0.1:" + port + "\"},\"logs\":{\"max_size\":\"1M\",\"retain\":3}}");
    }

    @AfterEach
    void down() { j.close(); }

    @Test
    void daemonLoadsNoDatabindClass() throws Exception {
        j.script("talk.sh", """
                echo started
                echo 'READY=1' > "$JMON_NOTIFY"
                echo 'METRIC queue=3 jobs' > "$JMON_NOTIFY"
                echo 'HEALTH={"db":"ok","n":[1,2.5,null]}' > "$JMON_NOTIFY"
                exec sleep 1000""");
        j.write("eco.json", """
                {"namespace": "web", "apps": [
                  {"name": "talk", "script": "talk.sh", "env": {"A": "1"}, "priority": 1},
                  {"name": "nap", "script": "sleep", "args": ["1000"], "instances": 2, "priority": 2}]}""");
        j.ok("start", "eco.json");
        j.ok("start", "sleep", "--name", "solo", "-n", "batch", "--", "1000");
        Jmon.await("all online with health", 20_000, () -> {
            var l = j.jlist();
            for (var p : l) if (!p.get("pm2_env").get("status").asText().equals("online")) return false;
            return l.size() == 4 && j.proc("web", "talk").get("pm2_env").get("jmon").has("health");
        });
        long first = j.daemonPid();

        j.ok("list");
        j.ok("jlist", "--with-env");
        j.ok("describe", "talk", "-n", "web");
        j.ok("logs", "talk", "-n", "web", "--lines", "5", "--nostream");
        j.ok("ping");
        List<EngineEvent> seen = new ArrayList<>();
        CompletableFuture<Void> events;
        try (RpcClient c = new RpcClient(j.home.resolve("jmon.sock"), "test")) {
            events = CompletableFuture.runAsync(() -> c.events(new EventSink() {
                @Override
                public boolean event(EngineEvent e) {
                    synchronized (seen) {
                        seen.add(e);
                    }
                    return false;
                }
            }));
            // the stream may open after a first restart: restart until an event arrives (bounded)
            Jmon.await("an event", 20_000, () -> {
                j.ok("restart", "solo", "-n", "batch");
                synchronized (seen) {
                    return !seen.isEmpty();
                }
            });
            events.get(10, TimeUnit.SECONDS);
        }
        j.ok("freeze", "-n", "batch", "--reason", "checking");
        j.ok("unfreeze", "-n", "batch");
        j.ok("flush", "solo", "-n", "batch");
        j.ok("reloadLogs");
        j.ok("save");
        j.ok("delete", "all", "-n", "web");
        j.ok("resurrect", "-n", "web", "--dry-run");
        j.ok("resurrect", "-n", "web");
        assertNotEquals(0, j.run("stop", "nobody", "-n", "web").code(), "an error answer too");
        for (String path : List.of("/health/live", "/health/ready", "/health/ready?namespace=web", "/api/processes",
                "/api/processes/web/talk", "/api/processes/web/nobody", "/metrics", "/nowhere")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() == 200 || r.statusCode() == 404 || r.statusCode() == 503, path + " " + r.statusCode());
        }
        assertTrue(j.proc("web", "talk").get("pm2_env").get("jmon").get("health").get("n").get(1).asDouble() == 2.5);

        // a second daemon re-adopts from state.json, freezes.json and the dumps the first one wrote
        j.ok("freeze", "-n", "batch", "--reason", "kept across daemons");
        Jmon.await("talk back online", 20_000, () -> "online".equals(j.status("web", "talk")));
        ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly); // kill -9: the apps stay, to be re-adopted
        j.awaitDaemonGone(first);
        j.ok("ping");
        assertTrue(j.ok("list").out().contains("FROZEN batch"));
        assertEquals("online", j.status("web", "talk"));
        j.ok("resurrect", "--dry-run");
        j.ok("unfreeze", "-n", "batch");
        long second = j.daemonPid();
        assertNotEquals(first, second);
        j.ok("kill");
        j.awaitDaemonGone(second);

        List<Path> logs;
        try (Stream<Path> s = Files.list(tmp)) {
            logs = s.filter(p -> p.getFileName().toString().startsWith("classes-")).sorted().toList();
        }
        assertEquals(2, logs.size(), "one class log per daemon: " + logs);
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log);
            assertTrue(lines.stream().anyMatch(l -> l.contains(" jmon.daemon.DaemonMain ")), log + " is a daemon's");
            assertTrue(lines.stream().anyMatch(l -> l.contains(" com.fasterxml.jackson.core.JsonParser ")), log + ": JSON was parsed");
            List<String> databind = lines.stream().filter(l -> l.contains(DATABIND)).limit(10).toList();
            assertEquals(List.of(), databind, log + " loads databind");
        }
    }

    /** The same rule read from the sources: nothing under engine/ (what the daemon runs) refers to databind. */
    @Test
    void engineSourcesDoNotReferToDatabind() throws IOException {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Path.of("engine"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (Files.readString(f).contains(DATABIND)) bad.add(f.toString());
            }
        }
        assertEquals(List.of(), bad);
    }
}
