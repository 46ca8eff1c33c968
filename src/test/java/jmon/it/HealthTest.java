package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Readiness, liveness, the notify pipe and dependencies, on real processes. */
@Timeout(120)
class HealthTest {
    @TempDir Path tmp;
    Jmon j;
    HttpServer server;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() {
        if (server != null) server.stop(0);
        j.close();
    }

    private JsonNode jm(String ns, String name) { return j.proc(ns, name).get("pm2_env").get("jmon"); }

    @Test
    void waitReadyHoldsLaunchingUntilReadyOnTheNotifyPipe() throws Exception {
        Path flag = tmp.resolve("go");
        j.script("slow.sh", "while [ ! -f '" + flag + "' ]; do sleep 0.05; done; echo READY=1 > \"$JMON_NOTIFY\"; exec sleep 1000");
        j.write("eco.json", """
                {"apps":[{"name":"slow","script":"slow.sh","wait_ready":true,"listen_timeout":20000}]}""");
        j.ok("ping");
        Thread starter = new Thread(() -> j.run("start", "eco.json"));
        starter.start();
        Jmon.await("launching", 10_000, () -> j.proc("default", "slow") != null);
        assertEquals("launching", j.status("default", "slow"));
        assertFalse(jm("default", "slow").get("ready").asBoolean());
        Files.writeString(flag, "");
        starter.join(15_000);
        assertEquals("online", j.status("default", "slow"), "start returned once ready");
        assertTrue(jm("default", "slow").get("ready").asBoolean());
        assertEquals("ready (READY=1)", jm("default", "slow").get("reason").asText());
    }

    @Test
    void readinessByHttpProbe() throws Exception {
        AtomicInteger status = new AtomicInteger(503);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ready", ex -> {
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        j.write("eco.json", "{\"apps\":[{\"name\":\"web\",\"script\":\"sleep\",\"args\":[\"1000\"],\"listen_timeout\":30000,"
                + "\"health\":{\"readiness\":{\"http\":\"http://127.0.0.1:" + port + "/ready\",\"period\":100,\"timeout\":500}}}]}");
        j.ok("ping");
        Thread starter = new Thread(() -> j.run("start", "eco.json"));
        starter.start();
        Jmon.await("probed and failing", 10_000, () -> j.proc("default", "web") != null
                && jm("default", "web").has("readiness") && !jm("default", "web").get("readiness").get("ok").asBoolean());
        assertEquals("launching", j.status("default", "web"));
        assertTrue(jm("default", "web").get("readiness").get("detail").asText().contains("503"));
        status.set(200);
        starter.join(15_000);
        Jmon.await("ready", 10_000, () -> jm("default", "web").get("ready").asBoolean());
        assertEquals("online", j.status("default", "web"));
        assertTrue(j.ok("describe", "web").out().contains("readiness") );
    }

    @Test
    void readinessByTcpAndByLogLine() throws Exception {
        int port;
        try (ServerSocket probeTarget = new ServerSocket(0)) {
            port = probeTarget.getLocalPort();
        }
        j.script("talk.sh", "sleep 0.3; echo 'server listening on 8080'; exec sleep 1000");
        j.write("eco.json", "{\"namespace\":\"h\",\"apps\":["
                + "{\"name\":\"tcp\",\"script\":\"sleep\",\"args\":[\"1000\"],\"autostart\":true,\"listen_timeout\":30000,"
                + "\"health\":{\"readiness\":{\"tcp\":\"127.0.0.1:" + port + "\",\"period\":100}}},"
                + "{\"name\":\"log\",\"script\":\"talk.sh\",\"listen_timeout\":30000,\"health\":{\"readiness\":{\"log\":\"listening on \\\\d+\",\"period\":100}}}]}");
        j.ok("ping");
        Thread starter = new Thread(() -> j.run("start", "eco.json"));
        starter.start();
        Jmon.await("log ready", 10_000, () -> j.proc("h", "log") != null && jm("h", "log").get("ready").asBoolean());
        assertEquals("launching", j.status("h", "tcp"), "nothing listens yet");
        try (ServerSocket listening = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Jmon.await("tcp ready", 10_000, () -> jm("h", "tcp").get("ready").asBoolean());
        }
        starter.join(10_000);
        assertEquals("online", j.status("h", "tcp"));
    }

    @Test
    void failingLivenessRestartsWithTheReason() throws Exception {
        Path alive = tmp.resolve("alive");
        Files.writeString(alive, "");
        j.write("eco.json", "{\"apps\":[{\"name\":\"live\",\"script\":\"sleep\",\"args\":[\"1000\"],\"kill_timeout\":300,"
                + "\"health\":{\"liveness\":{\"exec\":\"test -f '" + alive + "'\",\"period\":100,\"failure_threshold\":2}}}]}");
        j.ok("start", "eco.json");
        long pid = j.proc("default", "live").get("pid").asLong();
        Jmon.await("liveness ok", 5_000, () -> jm("default", "live").has("liveness"));
        assertEquals(0, j.proc("default", "live").get("pm2_env").get("restart_time").asInt());
        Files.delete(alive);
        Jmon.await("restarted", 10_000, () -> j.proc("default", "live").get("pm2_env").get("restart_time").asInt() >= 1);
        Files.writeString(alive, "");
        assertNotEquals(pid, j.proc("default", "live").get("pid").asLong());
        assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("liveness probe failed 2 times"));
    }

    @Test
    void aStartThatNeverBecomesReadyFailsAfterListenTimeout() throws Exception {
        j.write("eco.json", """
                {"apps":[{"name":"mute","script":"sleep","args":["1000"],"wait_ready":true,"listen_timeout":300,"max_restarts":1}]}""");
        j.run("start", "eco.json");
        Jmon.await("errored", 15_000, () -> "errored".equals(j.status("default", "mute")));
        assertTrue(jm("default", "mute").get("reason").asText().contains("not ready within 300 ms (listen_timeout)"));
        assertEquals(1, j.proc("default", "mute").get("pm2_env").get("restart_time").asInt());
    }

    @Test
    void aSilentWatchdogRestarts() throws Exception {
        j.script("wd.sh", "for i in 1 2 3; do echo WATCHDOG=1 > \"$JMON_NOTIFY\"; sleep 0.1; done; exec sleep 1000");
        j.write("eco.json", """
                {"apps":[{"name":"wd","script":"wd.sh","watchdog_sec":0.5,"kill_timeout":300}]}""");
        j.ok("start", "eco.json");
        Jmon.await("watchdog restart", 10_000, () -> j.proc("default", "wd").get("pm2_env").get("restart_time").asInt() >= 1);
        assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("watchdog: no WATCHDOG=1 for 500 ms"));
    }

    @Test
    void partialReadinessStatusMetricsHealthAndGarbage() throws Exception {
        j.script("talk.sh", """
                n="$JMON_NOTIFY"
                echo 'this is not a message' > "$n"
                echo 'METRIC queue=' > "$n"
                echo 'READY=reads' > "$n"
                echo 'STATUS=warming caches' > "$n"
                echo 'METRIC queue_depth=42 jobs' > "$n"
                echo 'HEALTH={"db":"ok","cache":{"hit":0.9}}' > "$n"
                exec sleep 1000""");
        j.ok("start", "talk.sh", "--name", "talk");
        Jmon.await("all messages", 10_000, () -> j.proc("default", "talk").get("pm2_env").get("axm_monitor").has("queue_depth")
                && jm("default", "talk").has("health"));
        JsonNode m = jm("default", "talk");
        assertEquals("reads", m.get("capabilities").get(0).asText());
        assertEquals("warming caches", m.get("status_text").asText());
        assertEquals(2, m.get("notify_garbage").asInt());
        assertEquals("ok", m.get("health").get("db").asText());
        JsonNode q = j.proc("default", "talk").get("pm2_env").get("axm_monitor").get("queue_depth");
        assertEquals(42.0, q.get("value").asDouble());
        assertEquals("jobs", q.get("unit").asText());
        assertEquals("online", j.status("default", "talk"), "garbage never hurts the process");
    }

    @Test
    void dependsOnWaitsForReadinessAndCyclesAreRejected() throws Exception {
        Path flag = tmp.resolve("db-up");
        j.script("db.sh", "while [ ! -f '" + flag + "' ]; do sleep 0.05; done; echo READY=1 > \"$JMON_NOTIFY\"; exec sleep 1000");
        j.write("eco.json", """
                {"namespace":"d","apps":[
                  {"name":"api","script":"sleep","args":["1000"],"depends_on":[{"name":"db","condition":"ready"}]},
                  {"name":"db","script":"db.sh","wait_ready":true,"listen_timeout":30000}]}""");
        j.ok("ping");
        Thread starter = new Thread(() -> j.run("start", "eco.json"));
        starter.start();
        Jmon.await("db launching", 10_000, () -> j.proc("d", "db") != null && j.proc("d", "api") != null);
        assertEquals("stopped", j.status("d", "api"));
        assertTrue(jm("d", "api").get("reason").asText().contains("waiting for d/db (ready)"));
        Files.writeString(flag, "");
        Jmon.await("api started after db ready", 10_000, () -> "online".equals(j.status("d", "api")));
        assertTrue(jm("d", "db").get("ready").asBoolean());
        starter.join(10_000);

        j.write("cycle.json", """
                {"apps":[{"name":"a","script":"sleep","depends_on":["b"]},{"name":"b","script":"sleep","depends_on":["a"]}]}""");
        var r = j.run("validate", "cycle.json");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("dependency cycle: default/a -> default/b -> default/a")
                || r.err().contains("dependency cycle: default/b -> default/a -> default/b"), r.err());
    }

    @Test
    void shutdownWithMessageWritesToStdin() throws Exception {
        j.script("polite.sh", "read line; echo \"got $line\"; exit 0");
        j.write("eco.json", """
                {"apps":[{"name":"polite","script":"polite.sh","shutdown_with_message":true,"kill_timeout":10000}]}""");
        j.ok("start", "eco.json");
        long t0 = System.nanoTime();
        j.ok("stop", "polite");
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "stopped by the message, not by the kill timeout");
        Path out = j.home.resolve("logs/default/polite-out.log");
        Jmon.await("message seen", 5_000, () -> {
            try {
                return Files.readString(out).contains("got shutdown");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void notifyExamplesFromTheDocsWork() throws Exception {
        // docs/notify.md: shell via `jmon notify`, and Java
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        j.script("sh-ready.sh", "'" + java + "' -cp '" + cp + "' jmon.cli.Main notify ready && exec sleep 1000");
        j.write("Ready.java", """
                import java.nio.file.*;
                public class Ready {
                    public static void main(String[] a) throws Exception {
                        Files.writeString(Path.of(System.getenv("JMON_NOTIFY")), "READY=1\\n", StandardOpenOption.APPEND);
                        Thread.sleep(1_000_000);
                    }
                }""");
        j.write("eco.json", "{\"namespace\":\"n\",\"apps\":["
                + "{\"name\":\"sh\",\"script\":\"sh-ready.sh\",\"wait_ready\":true,\"listen_timeout\":20000},"
                + "{\"name\":\"java\",\"script\":\"Ready.java\",\"interpreter\":\"" + java + "\",\"wait_ready\":true,\"listen_timeout\":30000}]}");
        j.ok("start", "eco.json");
        assertTrue(jm("n", "sh").get("ready").asBoolean());
        assertTrue(jm("n", "java").get("ready").asBoolean());
    }
}
