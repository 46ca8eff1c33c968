package jmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code jmon runtime FILE}, the container entrypoint: as PID 1 of a new PID namespace it starts the file,
 * streams each app's output to its own stdout/stderr with prefixes, answers {@code jmon list} on its socket,
 * stops in order on SIGTERM and exits 0; without a signal it exits by itself when every app has ended, 0 or 1 by
 * how they ended; a bad file is exit 2 with nothing started.
 */
@Timeout(120)
class RuntimeTest {
    @TempDir Path tmp;
    Process rt;
    final String tok = Long.toString(800_000 + ThreadLocalRandom.current().nextInt(90_000));

    @AfterEach
    void down() throws Exception {
        if (rt != null && rt.isAlive()) {
            rt.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            rt.destroyForcibly();
            rt.waitFor(10, TimeUnit.SECONDS);
        }
        Procs.killAll("sleep " + tok);
    }

    private Process runtime(Jmon j, boolean ownPidNamespace, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (ownPidNamespace) cmd.addAll(List.of("unshare", "--pid", "--fork", "--mount-proc"));
        cmd.addAll(List.of(javaCommand(), "-cp", classPath(), "jmon.cli.Main", "runtime"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(j.dir.toFile())
                .redirectOutput(tmp.resolve("stdout").toFile()).redirectError(tmp.resolve("stderr").toFile());
        pb.environment().put("JMON_HOME", j.home.toString());
        return pb.start();
    }

    private String stdout() throws Exception { return Files.readString(tmp.resolve("stdout")); }

    private String stderr() throws Exception { return Files.readString(tmp.resolve("stderr")); }

    @Test
    void asPid1ItStreamsTheAppsOutputServesTheSocketAndStopsInOrderOnSigterm() throws Exception {
        assumeUnshare();
        Jmon j = new Jmon(tmp); // the CLI only: pids inside the namespace are not the host's
        Files.createDirectories(j.home);
        Path app = j.script("app.sh", "trap 'echo \"$JMON_NAME stopping\"; exit 0' TERM\n"
                + "echo \"hello from $JMON_NAME\"; echo \"warning from $JMON_NAME\" >&2\n"
                + "while :; do sleep " + tok + " & wait $!; done");
        j.write("eco.json", "{\"namespace\": \"shop\", \"apps\": ["
                + "{\"name\": \"db\", \"script\": \"" + app + "\", \"priority\": 1, \"stop_signal\": \"SIGTERM\"},"
                + "{\"name\": \"api\", \"script\": \"" + app + "\", \"priority\": 2, \"depends_on\": [\"db\"], \"stop_signal\": \"SIGTERM\"}]}");
        rt = runtime(j, true, "eco.json");
        Jmon.await("both apps said hello", 30_000, () -> {
            try {
                return stdout().contains("shop/db| hello from db") && stdout().contains("shop/api| hello from api") || !rt.isAlive();
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(rt.isAlive(), () -> "the runtime ended: " + read(tmp.resolve("stderr")) + read(tmp.resolve("stdout")));
        Jmon.await("stderr lines", 5_000, () -> read(tmp.resolve("stderr")).contains("shop/api|err| warning from api"));
        assertTrue(stderr().contains("shop/db|err| warning from db"), stderr());
        assertTrue(!stdout().contains("warning from"), "stderr lines stay on stderr: " + stdout());
        // the socket is there: docker exec … jmon list
        String ping = j.ok("ping").out();
        assertTrue(ping.contains(", pid 1,"), "the runtime is PID 1 of its namespace: " + ping);
        assertEquals("online", j.status("shop", "api"));
        assertTrue(!stdout().contains("started, pid"), "the daemon's own lines are not on stdout: " + stdout());

        long init = rt.toHandle().children().findFirst().orElseThrow().pid(); // the runtime as the host sees it
        Runtime.getRuntime().exec(new String[] {"kill", "-TERM", Long.toString(init)}).waitFor();
        assertTrue(rt.waitFor(30, TimeUnit.SECONDS), "the runtime exits after SIGTERM: " + stderr());
        assertEquals(0, rt.exitValue(), stderr());
        String out = stdout();
        int api = out.indexOf("shop/api| api stopping"), db = out.indexOf("shop/db| db stopping");
        assertTrue(api >= 0 && db >= 0, "both were told and said so: " + out);
        assertTrue(api < db, "the API stops before the database it depends on: " + out);
        assertTrue(Procs.live("sleep " + tok).isEmpty(), "nothing is left running");
        assertTrue(read(j.home.resolve("jmon.log")).contains("daemon stopped"), "the daemon's log is in jmon.log");
    }

    @Test
    void itExitsByItselfWhenEveryAppHasEndedWithTheDocumentedCode() throws Exception {
        Jmon j = new Jmon(tmp);
        Path done = j.script("done.sh", "echo \"$JMON_NAME done\"; exit 0");
        j.write("ok.json", "{\"apps\": [{\"name\": \"job1\", \"script\": \"" + done + "\", \"autorestart\": false},"
                + "{\"name\": \"job2\", \"script\": \"" + done + "\", \"autorestart\": false}]}");
        rt = runtime(j, false, "--raw", "ok.json");
        assertTrue(rt.waitFor(30, TimeUnit.SECONDS), "every app ended: the runtime ends: " + stdout() + stderr());
        assertEquals(0, rt.exitValue(), stdout() + stderr());
        assertTrue(stdout().contains("job1 done\n") && stdout().contains("job2 done\n"), "raw lines: " + stdout());

        Path bad = j.script("bad.sh", "echo failing >&2; exit 3");
        j.write("bad.json", "{\"apps\": [{\"name\": \"job3\", \"script\": \"" + bad + "\", \"autorestart\": false}]}");
        rt = runtime(j, false, "--json", "bad.json");
        assertTrue(rt.waitFor(30, TimeUnit.SECONDS), stdout() + stderr());
        assertEquals(1, rt.exitValue(), "an app exited 3: " + stdout() + stderr());
        assertTrue(stderr().contains("\"message\":\"failing\"") && stderr().contains("\"app_name\":\"job3\""), stderr());

        j.write("broken.json", "{\"apps\": [{\"name\": \"x\", \"scriptt\": \"a\"}]}");
        rt = runtime(j, false, "broken.json");
        assertTrue(rt.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, rt.exitValue(), stderr());
        assertTrue(stderr().contains("broken.json:1:"), "file:line:column: " + stderr());
    }

    static void assumeUnshare() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("unshare is not installed: " + e.getMessage());
            return;
        }
        boolean finished = p.waitFor(10, TimeUnit.SECONDS);
        String why = new String(p.getInputStream().readAllBytes()).trim();
        if (!finished) p.destroyForcibly();
        Assumptions.assumeTrue(finished && p.exitValue() == 0,
                "unshare --pid --fork --mount-proc is not permitted here (needs root or user namespaces): " + why);
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    }

    private static String classPath() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) out.add(Path.of(e).toAbsolutePath().toString());
        return String.join(File.pathSeparator, out);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
