package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jmon daemon} as PID 1 of its own PID namespace (as in a container): it reaps every orphan there, marked
 * or not, and SIGTERM stops its apps in order and ends it. Needs {@code unshare --pid --fork --mount-proc}
 * (root, or user namespaces); skipped otherwise.
 *
 * <p>Pids inside the namespace are not the host's: this test never hands them to the harness's clean-up (which
 * would kill host processes of those numbers); it kills the namespace through its init instead.
 */
@Timeout(90)
class Pid1Test {
    @TempDir Path tmp;
    Process ns;
    final String tok = Long.toString(900_000 + ThreadLocalRandom.current().nextInt(90_000));

    @AfterEach
    void down() throws Exception {
        if (ns != null && ns.isAlive()) {
            ns.toHandle().descendants().forEach(ProcessHandle::destroyForcibly); // its init first: the namespace goes
            ns.destroyForcibly();
            ns.waitFor(10, TimeUnit.SECONDS);
        }
        Procs.killAll("sleep " + tok);
    }

    @Test
    void asPid1ItReapsEveryOrphanAndSigtermStopsTheAppsThenExits() throws Exception {
        assumeUnshare();
        Jmon j = new Jmon(tmp); // the CLI only: no clean-up through it (see above)
        Files.createDirectories(j.home);
        Path log = tmp.resolve("daemon.log");
        List<String> cmd = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", javaCommand(), "-cp",
                classPath(), "jmon.daemon.DaemonMain"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JMON_HOME", j.home.toString());
        ns = pb.start();
        Path sock = j.home.resolve("jmon.sock");
        Jmon.await("daemon listening", 30_000, () -> jmon.rpc.RpcClient.reachable(sock) || !ns.isAlive());
        assertTrue(ns.isAlive(), () -> "unshare ended: " + read(log));
        String ping = j.ok("ping").out();
        assertTrue(ping.contains(", pid 1,"), "the daemon is PID 1 of its namespace: " + ping);
        long daemon = ns.toHandle().children().findFirst().orElseThrow().pid(); // its pid as the host sees it

        // 20 orphans in 4 s, half of them without the marker (not jmon's to attribute, still its to reap)
        j.script("orphans.sh", "for i in $(seq 10); do sh -c 'sleep 0.6" + tok + " &'; "
                + "env -u JMON_INSTANCE sh -c 'sleep 0.7" + tok + " &'; sleep 0.4; done\nexec sleep " + tok);
        j.write("eco.json", "{\"apps\":[{\"name\":\"orphans\",\"script\":\"orphans.sh\",\"stop_signal\":\"SIGTERM\"}]}");
        j.ok("start", "eco.json");
        Jmon.await("the loop done", 15_000, () -> Procs.live("sleep " + tok).size() == 1);
        Jmon.await("orphans ended and reaped", 5_000, () -> Procs.live("sleep 0.6" + tok).isEmpty()
                && Procs.live("sleep 0.7" + tok).isEmpty() && Procs.zombieChildren(daemon).isEmpty());
        assertEquals(20, count(log, "reaped orphan pid"), read(log));
        assertEquals(0, Procs.zombieChildren(daemon).size());

        ProcessHandle.of(daemon).orElseThrow(); // SIGTERM to PID 1 must not be dropped by the kernel: handled
        Runtime.getRuntime().exec(new String[] {"kill", "-TERM", Long.toString(daemon)}).waitFor();
        assertTrue(ns.waitFor(20, TimeUnit.SECONDS), "the daemon exits on SIGTERM: " + read(log));
        assertEquals(0, ns.exitValue(), read(log));
        String out = read(log);
        assertTrue(out.contains("default/orphans [0] online -> stopping"), out);
        assertTrue(out.contains("daemon stopped"), out);
        assertTrue(Procs.live("sleep " + tok).isEmpty(), "the app was stopped");
    }

    private static void assumeUnshare() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("unshare is not installed: " + e.getMessage());
            return;
        }
        boolean done = p.waitFor(10, TimeUnit.SECONDS);
        String why = new String(p.getInputStream().readAllBytes()).trim();
        if (!done) p.destroyForcibly();
        Assumptions.assumeTrue(done && p.exitValue() == 0,
                "unshare --pid --fork --mount-proc is not permitted here (needs root or user namespaces): " + why);
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    }

    private static String classPath() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            out.add(Path.of(e).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, out);
    }

    private static long count(Path log, String what) {
        return read(log).lines().filter(l -> l.contains(what)).count();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
