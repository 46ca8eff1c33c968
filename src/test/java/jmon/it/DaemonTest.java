package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jmon.engine.exec.ProcFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon itself: on-demand start, exactly one, private socket, survival of its own death. */
@Timeout(120)
class DaemonTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    @Test
    void readOnlyCommandsNeverStartADaemon() {
        for (String verb : List.of("list", "jlist", "describe")) {
            var r = verb.equals("describe") ? j.run(verb, "x") : j.run(verb);
            assertEquals(3, r.code(), verb + ": " + r.all());
            assertTrue(r.err().contains("not running") && r.err().contains(j.home.resolve("jmon.sock").toString()), r.err());
        }
        assertFalse(Files.exists(j.home.resolve("jmon.pid")));
    }

    @Test
    void tenConcurrentFirstCommandsStartOneDaemon() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Jmon.Result>> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) fs.add(pool.submit(() -> j.run("ping")));
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        Set<String> pids = new HashSet<>();
        for (var f : fs) {
            Jmon.Result r = f.get();
            assertEquals(0, r.code(), r.all());
            pids.add(r.out().replaceAll("(?s).*pid (\\d+).*", "$1"));
        }
        assertEquals(1, pids.size(), "one daemon answered every ping: " + pids);
        long daemons = ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("")
                .contains("jmon.daemon.DaemonMain") && h.info().commandLine().orElse("").contains(j.home.toString())
                || isDaemonOf(h)).count();
        assertEquals(1, daemons);
    }

    private boolean isDaemonOf(ProcessHandle h) {
        try {
            String env = Files.readString(Path.of("/proc", Long.toString(h.pid()), "environ"));
            return h.info().commandLine().orElse("").contains("jmon.daemon.DaemonMain")
                    && env.contains("JMON_HOME=" + j.home + "\0");
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void socketAndHomeArePrivate() throws Exception {
        j.ok("ping");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(j.home)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(j.home.resolve("jmon.sock"))));
        assertTrue(Files.exists(j.home.resolve("jmon.pid")));
        assertTrue(ProcFs.isAlive(j.daemonPid()));
    }

    @Test
    void aClientOfAnotherProtocolVersionGetsAClearMessage() throws Exception {
        j.ok("ping");
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(j.home.resolve("jmon.sock")));
            var out = Channels.newOutputStream(ch);
            out.write("{\"hello\":\"jmon\",\"protocol\":99,\"version\":\"9.9\"}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            String line = in.readLine();
            assertNotNull(line);
            assertTrue(line.contains("VERSION_MISMATCH") && line.contains("protocol 99"), line);
            assertNull(in.readLine(), "the daemon closes the connection");
        }
    }

    @Test
    void appsSurviveKill9OfTheDaemonAndAreReadoptedWithTheSamePids() throws Exception {
        j.script("tick.sh", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done");
        j.write("eco.json", """
                {"namespace":"live","apps":[{"name":"t1","script":"tick.sh"},{"name":"t2","script":"tick.sh"}]}""");
        j.ok("start", "eco.json");
        long p1 = j.proc("live", "t1").get("pid").asLong();
        long p2 = j.proc("live", "t2").get("pid").asLong();
        long daemon = j.daemonPid();
        ProcessHandle.of(daemon).orElseThrow().destroyForcibly();
        j.awaitDaemonGone(daemon);
        assertTrue(ProcFs.isAlive(p1) && ProcFs.isAlive(p2), "apps died with the daemon");
        Path log = j.home.resolve("logs/live/t1-out.log");
        long before = Files.size(log);
        // the apps keep writing into their FIFO while no daemon reads it; the next daemon picks up from there
        assertEquals(3, j.run("list").code(), "read-only command does not restart the daemon");
        j.ok("ping");
        assertNotEquals(daemon, j.daemonPid());
        JsonNode t1 = j.proc("live", "t1");
        assertEquals("online", t1.get("pm2_env").get("status").asText());
        assertEquals(p1, t1.get("pid").asLong());
        assertEquals(p2, j.proc("live", "t2").get("pid").asLong());
        Jmon.await("logging resumes", 5_000, () -> {
            try {
                return Files.size(log) > before + 20;
            } catch (Exception e) {
                return false;
            }
        });
        // numbered lines: none lost across the daemon's death
        List<String> lines = Files.readAllLines(log);
        for (int i = 0; i < lines.size(); i++) assertEquals("tick " + (i + 1), lines.get(i));
        long count = ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(
                tmp.resolve("tick.sh").toString())).count();
        assertEquals(2, count, "each app runs exactly once");
        // and the adopted process can still be stopped
        j.ok("stop", "t1", "-n", "live");
        assertFalse(ProcFs.isAlive(p1));
    }

    @Test
    void jlistHasPm2Shape() throws Exception {
        j.ok("start", "sleep", "--name", "nap", "-n", "shape", "--", "1000");
        JsonNode p = j.jlist().get(0);
        List<String> keys = new ArrayList<>();
        p.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("pid", "name", "pm2_env", "pm_id", "monit"), keys);
        JsonNode e = p.get("pm2_env");
        for (String k : List.of("status", "namespace", "pm_uptime", "restart_time", "unstable_restarts", "created_at",
                "exec_mode", "pm_exec_path", "pm_cwd", "pm_out_log_path", "pm_err_log_path")) {
            assertTrue(e.has(k), "pm2_env." + k + " missing");
        }
        assertEquals("online", e.get("status").asText());
        assertEquals("shape", e.get("namespace").asText());
        assertTrue(p.get("monit").has("memory") && p.get("monit").has("cpu"));
        assertFalse(e.has("env"), "env only with --with-env");
        assertTrue(j.jlist("--with-env").get(0).get("pm2_env").has("env"));
    }

    @Test
    void killStopsAppsAndTheDaemon() throws Exception {
        j.ok("start", "sleep", "--name", "nap", "--", "1000");
        long app = j.proc("default", "nap").get("pid").asLong();
        long daemon = j.daemonPid();
        j.ok("kill");
        Jmon.await("daemon gone", 10_000, () -> !ProcFs.isAlive(daemon));
        assertFalse(ProcFs.isAlive(app));
        assertEquals(3, j.run("list").code());
    }
}
