package jmon.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jmon.engine.exec.ProcFs;
import jmon.it.Jmon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail fast against a real daemon: an error nobody handles on a daemon thread (injected with
 * -Djmon.test.fatal, see {@link TestFaults}) ends it at once with its documented exit code and one line in
 * jmon.log; the app it ran lives on, and the next daemon re-adopts it with the same pid.
 */
@Timeout(120)
class FailFastTest {
    @TempDir Path tmp;
    Jmon j;
    Process daemon;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() {
        if (daemon != null) daemon.destroyForcibly();
        j.close();
    }

    /** A daemon of our own (not through the CLI), so its exit code can be read. */
    private void startDaemon(String mode) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        cmd.addAll(DaemonStarter.DAEMON_FLAGS);
        cmd.addAll(List.of("-D" + TestFaults.PROPERTY + "=" + mode, "-Djmon.daemon.background=true", "-cp", classPath(),
                DaemonMain.class.getName()));
        Files.createDirectories(j.home);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(j.home.resolve("jmon.out").toFile());
        pb.environment().putAll(j.env);
        daemon = pb.start();
        Jmon.await("the daemon answers", 30_000, () -> jmon.rpc.RpcClient.reachable(j.home.resolve("jmon.sock")));
    }

    private void diesWith(String mode, int code, String thread) throws Exception {
        startDaemon(mode);
        j.script("app.sh", "exec sleep 300");
        j.ok("start", tmp.resolve("app.sh").toString(), "--name", "app");
        Jmon.await("app online", 20_000, () -> "online".equals(j.status("default", "app")));
        long appPid = j.proc("default", "app").get("pid").asLong();
        long first = daemon.pid();
        j.script("trigger.sh", "sleep 1; exit 0");
        j.ok("start", tmp.resolve("trigger.sh").toString(), "--name", TestFaults.TRIGGER);
        long t0 = System.nanoTime();
        assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "the daemon ended");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(code, daemon.exitValue(), "exit code for " + mode);
        System.out.println("[fail-fast] " + mode + ": exit " + daemon.exitValue() + " " + ms + " ms after the trigger was started");
        String log = Files.readString(j.home.resolve("jmon.log"));
        List<String> fatal = log.lines().filter(l -> l.contains(FatalErrors.PREFIX)).toList();
        assertEquals(1, fatal.size(), log);
        String line = fatal.get(0);
        assertTrue(line.contains("thread " + thread) && line.contains("exits now with code " + code)
                && line.contains("apps keep running; the next jmon command or the systemd unit starts a daemon that re-adopts them"), line);
        System.out.println("[fail-fast] " + line);
        assertFalse(log.contains("daemon stopped"), "halted, not closed: " + log);
        assertTrue(ProcFs.isAlive(appPid), "the app outlived its daemon");
        // the next command starts a new daemon, which re-adopts the app: same pid, online
        j.ok("ping");
        assertNotEquals(first, j.daemonPid());
        assertEquals("online", j.status("default", "app"));
        assertEquals(appPid, j.proc("default", "app").get("pid").asLong());
    }

    @Test
    void anErrorInAnEngineTaskEndsTheDaemonWith70() throws Exception {
        diesWith("engine-error", FatalErrors.EXIT_INTERNAL, "jmon-engine");
    }

    @Test
    void anErrorOnAnyOtherThreadEndsTheDaemonWith70() throws Exception {
        diesWith("thread-error", FatalErrors.EXIT_INTERNAL, "jmon-test-fault");
    }

    @Test
    void aRealOutOfMemoryErrorEndsTheDaemonWith71() throws Exception {
        startDaemonAndExpectOom();
    }

    private void startDaemonAndExpectOom() throws Exception {
        // whichever thread meets the full heap first says so; the line names it, the code is 71
        diesWith("engine-oom", FatalErrors.EXIT_OUT_OF_MEMORY, "");
        assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("java.lang.OutOfMemoryError"));
    }

    static String classPath() {
        List<String> parts = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) parts.add(Path.of(e).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, parts);
    }
}
