package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import jmon.engine.exec.ProcFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real processes through the real daemon: restart policy, stop escalation, output capture. */
@Timeout(90)
class LifecycleTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    @Test
    void crashingAppIsRestartedWithItsDelayThenErroredAfterMaxRestarts() throws Exception {
        j.script("crash.sh", "echo started; exit 3");
        j.write("eco.json", """
                {"apps":[{"name":"crash","script":"crash.sh","restart_delay":100,"max_restarts":3,"min_uptime":5000}]}""");
        j.run("start", "eco.json");
        Jmon.await("errored", 20_000, () -> "errored".equals(j.status("default", "crash")));
        JsonNode p = j.proc("default", "crash");
        assertEquals(3, p.get("pm2_env").get("restart_time").asInt());
        assertEquals(3, p.get("pm2_env").get("exit_code").asInt());
        assertEquals(0, p.get("pid").asLong());
        assertTrue(p.get("pm2_env").get("jmon").get("reason").asText().contains("too many unstable restarts"));
        // four spawns wrote four lines: every line of every spawn kept
        assertEquals(4, Files.readAllLines(j.home.resolve("logs/default/crash-out.log")).size());
        var d = j.ok("describe", "crash").out();
        assertTrue(d.contains("exited with code 3"), d);
    }

    @Test
    void stableExitsRestartAtOnceAndCleanStopCodesEnd() throws Exception {
        j.script("once.sh", "echo run; sleep 0.3; exit 0");
        j.write("eco.json", """
                {"apps":[{"name":"job","script":"once.sh","stop_exit_codes":[0],"min_uptime":100}]}""");
        j.ok("start", "eco.json");
        Jmon.await("exited", 10_000, () -> "exited".equals(j.status("default", "job")));
        assertEquals(0, j.proc("default", "job").get("pm2_env").get("restart_time").asInt());
    }

    @Test
    void processIgnoringSignalsIsKilledAfterKillTimeoutWithItsGrandchildren() throws Exception {
        j.script("stubborn.sh", """
                trap '' INT TERM
                sh -c 'trap "" INT TERM; sleep 1000' &
                setsid sleep 1001 &
                echo "kids $!"
                while true; do sleep 1; done""");
        j.write("eco.json", """
                {"apps":[{"name":"stubborn","script":"stubborn.sh","kill_timeout":700}]}""");
        j.ok("start", "eco.json");
        long pid = j.proc("default", "stubborn").get("pid").asLong();
        Jmon.await("children", 5_000, () -> ProcessHandle.of(pid).map(h -> h.descendants().count() >= 3).orElse(false));
        var tree = ProcessHandle.of(pid).orElseThrow().descendants().map(ProcessHandle::pid).toList();
        tree.forEach(j::remember);
        long t0 = System.nanoTime();
        var r = j.run("stop", "stubborn");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, r.code(), r.all());
        assertTrue(ms >= 600, "stop returned after " + ms + " ms, before kill_timeout");
        assertEquals("stopped", j.status("default", "stubborn"));
        assertFalse(ProcFs.isAlive(pid), "leader survived");
        for (long c : tree) assertFalse(ProcFs.isAlive(c), "descendant " + c + " survived the stop");
    }

    @Test
    void gracefulStopUsesTheStopSignalAndRestartGivesANewPid() throws Exception {
        j.script("polite.sh", """
                trap 'echo got INT; exit 0' INT
                echo up
                while true; do sleep 0.1; done""");
        j.write("eco.json", """
                {"apps":[{"name":"polite","script":"polite.sh","kill_timeout":5000}]}""");
        j.ok("start", "eco.json");
        long pid1 = j.proc("default", "polite").get("pid").asLong();
        j.ok("restart", "polite");
        long pid2 = j.proc("default", "polite").get("pid").asLong();
        assertNotEquals(pid1, pid2);
        assertFalse(ProcFs.isAlive(pid1));
        assertEquals("online", j.status("default", "polite"));
        Path out = j.home.resolve("logs/default/polite-out.log");
        Jmon.await("INT handled", 5_000, () -> {
            try {
                return Files.readString(out).contains("got INT");
            } catch (Exception e) {
                return false;
            }
        });
        j.ok("delete", "polite");
        assertNull(j.proc("default", "polite"));
        assertFalse(ProcFs.isAlive(pid2));
    }

    @Test
    void instancesAndScriptWithoutAFile() throws Exception {
        j.script("w.sh", "echo \"instance $NODE_APP_INSTANCE of $JMON_NAME in $JMON_NAMESPACE\"; sleep 1000");
        j.ok("start", "w.sh", "--name", "w", "-n", "batch", "-i", "2");
        JsonNode ps = j.jlist("-n", "batch");
        assertEquals(2, ps.size());
        Path log0 = j.home.resolve("logs/batch/w-0-out.log");
        Path log1 = j.home.resolve("logs/batch/w-1-out.log");
        Jmon.await("both logs", 5_000, () -> Files.exists(log0) && Files.exists(log1) && sizeOf(log1) > 0);
        assertTrue(Files.readString(log1).contains("instance 1 of w in batch"));
    }

    @Test
    void stoppedProcessCanBeStartedByName() {
        j.ok("start", "sleep", "--name", "nap", "--", "1000");
        j.ok("stop", "nap");
        assertEquals("stopped", j.status("default", "nap"));
        j.ok("start", "nap");
        assertEquals("online", j.status("default", "nap"));
    }

    @Test
    void eventsStreamStatusChangesAsTheyHappen() throws Exception {
        j.ok("start", "sleep", "--name", "nap", "--", "1000");
        java.util.List<jmon.api.EngineEvent> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try (var c = new jmon.rpc.RpcClient(j.home.resolve("jmon.sock"), jmon.daemon.Daemon.version())) {
                c.events(e -> {
                    got.add(e);
                    return !(e instanceof jmon.api.EngineEvent.StatusChanged s && s.to() == jmon.api.ProcessStatus.STOPPED);
                });
            }
        });
        t.start();
        // the stream may open after the first stop: repeat stop/start until the subscriber has seen one
        jmon.api.EngineEvent last;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (t.isAlive() && System.nanoTime() < deadline) {
            j.run("stop", "nap");
            j.run("start", "nap");
            t.join(300);
        }
        assertFalse(t.isAlive(), "saw the stop");
        last = got.get(got.size() - 1);
        assertTrue(last instanceof jmon.api.EngineEvent.StatusChanged s && s.name().equals("nap")
                && s.from() == jmon.api.ProcessStatus.STOPPING, String.valueOf(got));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (Exception e) {
            return 0;
        }
    }
}
