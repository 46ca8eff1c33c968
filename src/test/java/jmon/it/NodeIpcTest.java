package jmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node apps written for PM2 run unchanged: they get Node's IPC channel, so {@code process.send('ready')} makes a
 * wait_ready app online, {@code shutdown_with_message} reaches {@code process.on('message')}, and @pm2/io-style
 * {@code axm:monitor} values become metrics. Real Node, real processes.
 */
@Timeout(90)
class NodeIpcTest {
    @TempDir Path tmp;

    private static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "node");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    @Test
    void processSendReadyMakesAWaitReadyAppOnlineAndShutdownArrivesAsAMessage() throws Exception {
        assumeTrue(node() != null, "node is not on PATH: the Node IPC tests need it");
        try (Jmon j = new Jmon(tmp)) {
            Path marker = tmp.resolve("got-shutdown");
            j.write("app.js", """
                    const fs = require('fs');
                    // ready after 800 ms, as an app that opens its database first
                    setTimeout(() => process.send('ready'), 800);
                    process.send({ type: 'axm:monitor', data: { 'queue depth': { value: 42, unit: 'jobs' } } });
                    process.send({ type: 'process:msg', data: 'warming the cache' });
                    process.on('message', (m) => {
                      if (m === 'shutdown') {
                        fs.writeFileSync(%s, 'connected=' + process.connected);
                        process.exit(0);
                      }
                    });
                    setInterval(() => {}, 1000);
                    """.formatted("'" + marker + "'"));
            j.write("eco.json", "{\"apps\":[{\"name\":\"api\",\"script\":\"app.js\",\"namespace\":\"web\","
                    + "\"wait_ready\":true,\"listen_timeout\":3000,\"shutdown_with_message\":true,\"kill_timeout\":8000}]}");
            j.ok("start", "eco.json");
            Jmon.await("online", 10_000, () -> "online".equals(j.status("web", "api")));
            JsonNode p = j.proc("web", "api");
            assertEquals(0, p.get("pm2_env").get("restart_time").asInt(), "ready within listen_timeout: never restarted");
            Jmon.await("the axm metric", 5_000, () -> j.ok("describe", "api", "-n", "web").out().contains("queue depth"));
            Jmon.await("the process:msg as its status", 5_000, () -> j.ok("describe", "api", "-n", "web").out()
                    .contains("warming the cache"));
            long t0 = System.nanoTime();
            j.ok("stop", "api", "-n", "web");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(Files.exists(marker), "the app got 'shutdown' on process.on('message')");
            assertEquals("connected=true", Files.readString(marker));
            assertTrue(ms < 5_000, "stopped by its own exit, not by SIGKILL after kill_timeout (8 s): " + ms + " ms");
            assertEquals("stopped", j.status("web", "api"));
        }
    }

    @Test
    void everyRunGetsItsOwnChannel() throws Exception {
        assumeTrue(node() != null, "node is not on PATH: the Node IPC tests need it");
        try (Jmon j = new Jmon(tmp)) {
            Path runs = tmp.resolve("runs");
            j.write("app.js", """
                    const fs = require('fs');
                    fs.appendFileSync(%s, (process.connected ? 'ipc' : 'none') + '\\n'); // Node takes NODE_CHANNEL_FD out of env
                    process.send('ready');
                    setInterval(() => {}, 1000);
                    """.formatted("'" + runs + "'"));
            j.write("eco.json", "{\"apps\":[{\"name\":\"w\",\"script\":\"app.js\",\"namespace\":\"web\",\"wait_ready\":true}]}");
            j.ok("start", "eco.json");
            Jmon.await("online", 10_000, () -> "online".equals(j.status("web", "w")));
            j.ok("restart", "w", "-n", "web");
            Jmon.await("online again", 10_000, () -> "online".equals(j.status("web", "w"))
                    && j.proc("web", "w").get("pm2_env").get("restart_time").asInt() == 1);
            var lines = Files.readAllLines(runs);
            assertEquals(2, lines.size(), lines.toString());
            for (String l : lines) assertEquals("ipc", l);
        }
    }

    @Test
    void afterADaemonKillTheAppRunsOnWithItsChannelClosedAndStillStops() throws Exception {
        assumeTrue(node() != null, "node is not on PATH: the Node IPC tests need it");
        try (Jmon j = new Jmon(tmp)) {
            Path seen = tmp.resolve("disconnected");
            j.write("app.js", """
                    const fs = require('fs');
                    process.on('disconnect', () => fs.writeFileSync(%s, 'yes'));
                    process.send('ready');
                    setInterval(() => {}, 1000);
                    """.formatted("'" + seen + "'"));
            j.write("eco.json", "{\"apps\":[{\"name\":\"api\",\"script\":\"app.js\",\"namespace\":\"web\","
                    + "\"wait_ready\":true,\"shutdown_with_message\":true,\"kill_timeout\":8000}]}");
            j.ok("start", "eco.json");
            Jmon.await("online", 10_000, () -> "online".equals(j.status("web", "api")));
            long pid = j.proc("web", "api").get("pid").asLong();
            long daemon = j.daemonPid();
            ProcessHandle.of(daemon).orElseThrow().destroyForcibly(); // SIGKILL
            j.awaitDaemonGone(daemon);
            Jmon.await("the app told its channel closed", 10_000, () -> Files.exists(seen));
            j.ok("ping"); // the next daemon
            assertEquals("online", j.status("web", "api"), "re-adopted by the next daemon");
            assertEquals(pid, j.proc("web", "api").get("pid").asLong());
            long t0 = System.nanoTime();
            j.ok("stop", "api", "-n", "web");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("stopped", j.status("web", "api"));
            assertTrue(ms < 5_000, "no channel: the stop signal, not a message nobody reads and SIGKILL after 8 s: " + ms + " ms");
        }
    }
}
