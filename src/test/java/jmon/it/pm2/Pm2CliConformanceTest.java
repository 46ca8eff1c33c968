package jmon.it.pm2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.it.Jmon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PM2's CLI behaviours, the same scenario run under jmon and, when PM2 7 can be had from npm (installed into
 * target/pm2, git-ignored), under PM2: the outcomes that should match are compared (status after the command,
 * instance counts, log file paths, pids kept); jmon's side is always asserted, so the suite proves jmon even where
 * PM2 is unavailable. The table of what matches and what differs on purpose is docs/migrating-from-pm2.md.
 */
@Timeout(170)
class Pm2CliConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path pm2Bin;
    private static Path pm2Home;
    private static String pm2Missing;

    @TempDir static Path shared;

    @BeforeAll
    static void findPm2() throws Exception {
        Path root = Path.of("target", "pm2").toAbsolutePath();
        Path bin = root.resolve("node_modules/.bin/pm2");
        if (!Files.isExecutable(bin) && onPath("npm") && onPath("node")) {
            Files.createDirectories(root);
            Process p = new ProcessBuilder("npm", "install", "--prefix", root.toString(), "--no-audit", "--no-fund",
                    "--loglevel=error", "pm2@7").redirectErrorStream(true).redirectOutput(root.resolve("npm.log").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        if (!onPath("node")) pm2Missing = "node is not on PATH";
        else if (!Files.isExecutable(bin)) pm2Missing = "PM2 7 could not be installed with npm into " + root;
        if (pm2Missing != null) {
            System.err.println("[Pm2CliConformanceTest] PM2 side skipped: " + pm2Missing + "; jmon's side still runs");
            return;
        }
        pm2Bin = bin;
        pm2Home = shared.resolve("pm2home");
    }

    @AfterAll
    static void killPm2() throws Exception {
        if (pm2Bin != null) pm2("kill");
    }

    private static boolean onPath(String prog) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, prog))) return true;
        }
        return false;
    }

    record Out(int code, String out) {}

    private static Out pm2(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(pm2Bin.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(shared.toFile());
        pb.environment().put("PM2_HOME", pm2Home.toString());
        Process p = pb.start();
        byte[] b = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Out(p.exitValue(), new String(b, StandardCharsets.UTF_8));
    }

    /** name → [status, pid, restart_time, out log path] for each process, as `jlist` says it. */
    private static Map<String, List<JsonNode>> byName(JsonNode jlist) {
        Map<String, List<JsonNode>> m = new LinkedHashMap<>();
        for (JsonNode p : jlist) m.computeIfAbsent(p.get("name").asText(), k -> new ArrayList<>()).add(p);
        return m;
    }

    private static JsonNode pm2Jlist() throws Exception {
        String out = pm2("jlist").out();
        return JSON.readTree(out.substring(out.indexOf('[')));
    }

    private static String status(JsonNode p) { return p.get("pm2_env").get("status").asText(); }

    private static void pm2Await(String what, java.util.function.Predicate<JsonNode> cond) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cond.test(pm2Jlist())) {
            if (System.nanoTime() > end) throw new AssertionError("PM2: timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    private static Path sh(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/bash\n" + body + "\n");
        p.toFile().setExecutable(true);
        return p;
    }

    @Test
    void startFlagsSeveralScriptsLogFilesAndNoAutorestart(@TempDir Path tmp) throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            sh(tmp, "a.sh", "echo a-out; echo a-err >&2; exec sleep 300");
            sh(tmp, "b.sh", "exec sleep 300");
            sh(tmp, "once.sh", "echo once; exit 0");
            Path out = tmp.resolve("logs/a-out.log"), err = tmp.resolve("logs/a-err.log");
            // several scripts in one start, and -o/-e
            j.ok("start", "a.sh", "b.sh");
            assertEquals(2, j.jlist().size(), "two scripts, two apps");
            j.ok("delete", "a");
            j.ok("start", "a.sh", "-o", out.toString(), "-e", err.toString(), "--merge-logs", "--log-date-format", "YYYY");
            Jmon.await("a's log files", 10_000, () -> contains(out, "a-out") && contains(err, "a-err"));
            JsonNode a = byName(j.jlist()).get("a").get(0);
            assertEquals(out.toString(), a.get("pm2_env").get("pm_out_log_path").asText());
            // a script already running: PM2 refuses without -f (exit 1); -f restarts it
            assertEquals(1, j.run("start", "b.sh").code());
            long pidB = byName(j.jlist()).get("b").get(0).get("pid").asLong();
            j.ok("start", "b.sh", "-f");
            assertNotEquals(pidB, byName(j.jlist()).get("b").get(0).get("pid").asLong(), "-f restarted b");
            // --no-autorestart: the app ends and stays down, no restart counted
            j.ok("start", "once.sh", "--no-autorestart");
            Jmon.await("once ended", 10_000, () -> !status(byName(j.jlist()).get("once").get(0)).equals("online"));
            JsonNode once = byName(j.jlist()).get("once").get(0);
            assertEquals(0, once.get("pm2_env").get("restart_time").asInt());
            // a script flag with a file: refused, not ignored
            j.write("eco.json", "{\"apps\":[{\"name\":\"e\",\"script\":\"b.sh\"}]}");
            Jmon.Result r = j.run("start", "eco.json", "-o", "x.log");
            assertEquals(2, r.code(), r.all());
            // a file started twice: jmon leaves what runs (startOrRestart restarts it); PM2 restarts it
            j.ok("start", "eco.json");
            long pidE = byName(j.jlist()).get("e").get(0).get("pid").asLong();
            assertTrue(j.ok("start", "eco.json").out().contains("already online"));
            assertEquals(pidE, byName(j.jlist()).get("e").get(0).get("pid").asLong());
            // a bad flag value is exit 2 naming the key, and starts nothing
            r = j.run("start", "b.sh", "--name", "bad", "--listen-timeout", "forever");
            assertEquals(2, r.code(), r.all());
            assertTrue(r.err().contains("listen_timeout"), r.err());
            assertEquals(null, byName(j.jlist()).get("bad"));
        }
        if (pm2Bin == null) return;
        sh(shared, "pa.sh", "echo a-out; echo a-err >&2; exec sleep 300");
        sh(shared, "pb.sh", "exec sleep 300");
        sh(shared, "ponce.sh", "echo once; exit 0");
        Path out = shared.resolve("plogs/a-out.log"), err = shared.resolve("plogs/a-err.log");
        Files.createDirectories(out.getParent());
        assertEquals(0, pm2("start", "pa.sh", "pb.sh").code());
        pm2Await("two apps", l -> l.size() == 2);
        pm2("delete", "pa");
        assertEquals(0, pm2("start", "pa.sh", "-o", out.toString(), "-e", err.toString(), "--merge-logs").code());
        Jmon.await("PM2's log files", 10_000, () -> contains(out, "a-out") && contains(err, "a-err"));
        assertEquals(out.toString(), byName(pm2Jlist()).get("pa").get(0).get("pm2_env").get("pm_out_log_path").asText());
        assertEquals(1, pm2("start", "pb.sh").code(), "PM2 too refuses a running script without -f");
        Files.writeString(shared.resolve("pfile.json"), "{\"apps\":[{\"name\":\"pe\",\"script\":\"pb.sh\"}]}");
        assertEquals(0, pm2("start", "pfile.json").code());
        assertEquals(0, pm2("start", "pfile.json").code());
        pm2Await("PM2 restarted the file's app", l -> byName(l).get("pe").get(0).get("pm2_env").get("restart_time").asInt() == 1);
        assertEquals(0, pm2("start", "ponce.sh", "--no-autorestart").code());
        pm2Await("once ended", l -> byName(l).containsKey("ponce") && !status(byName(l).get("ponce").get(0)).equals("online"));
        assertEquals(0, byName(pm2Jlist()).get("ponce").get(0).get("pm2_env").get("restart_time").asInt());
        pm2("delete", "all");
    }

    @Test
    void eachStartFlagBecomesItsEcosystemKey(@TempDir Path tmp) throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Path combined = tmp.resolve("both.log"), said = tmp.resolve("said");
            sh(tmp, "l.sh", "echo to-out; echo to-err >&2; exec sleep 300");
            j.ok("start", "l.sh", "-l", combined.toString(), "-c", "0 3 * * *", "--kill-timeout", "1500",
                    "--interpreter", "/bin/bash", "--interpreter-args", "-e", "-x", "--restart-delay", "250");
            Jmon.await("both streams in the -l file", 10_000, () -> contains(combined, "to-out") && contains(combined, "to-err"));
            JsonNode env = byName(j.jlist()).get("l").get(0).get("pm2_env");
            assertEquals("0 3 * * *", env.get("cron_restart").asText());
            assertEquals(1500, env.get("kill_timeout").asInt());
            assertEquals(250, env.get("restart_delay").asInt());
            assertEquals("-e", env.get("node_args").get(0).asText());
            assertEquals("/bin/bash", env.get("exec_interpreter").asText());
            // --shutdown-with-message: "shutdown" on stdin before the stop signal
            sh(tmp, "m.sh", "trap '' INT; read line; echo \"$line\" > " + said + "; exit 0");
            j.ok("start", "m.sh", "--shutdown-with-message", "--kill-timeout", "5000");
            long t0 = System.nanoTime();
            j.ok("stop", "m");
            assertTrue(contains(said, "shutdown"), "the app was told");
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4), "it ended on the message, not at kill_timeout");
            // --wait-ready: not ready until the app says so, within --listen-timeout
            sh(tmp, "r.sh", "sleep 0.4; echo READY=1 > \"$JMON_NOTIFY\"; exec sleep 300");
            long r0 = System.nanoTime();
            j.ok("start", "r.sh", "--wait-ready", "--listen-timeout", "8000");
            assertTrue(System.nanoTime() - r0 >= TimeUnit.MILLISECONDS.toNanos(400), "start waited for ready");
            JsonNode ready = byName(j.jlist()).get("r").get(0);
            assertEquals("online", status(ready));
            assertTrue(ready.get("pm2_env").get("jmon").get("ready").asBoolean(), ready.toString());
            // --watch: a change in the app's folder restarts it
            Path wdir = Files.createDirectories(tmp.resolve("wapp"));
            sh(wdir, "w.sh", "exec sleep 300");
            j.ok("start", wdir.resolve("w.sh").toString(), "--watch");
            Thread.sleep(300);
            Files.writeString(wdir.resolve("changed.txt"), "x");
            Jmon.await("restarted by the watch", 10_000,
                    () -> byName(j.jlist()).get("w").get(0).get("pm2_env").get("restart_time").asInt() >= 1);
            // start -: a config on stdin, through the real CLI process
            String eco = "{\"apps\":[{\"name\":\"piped\",\"script\":\"l.sh\",\"instances\":2}]}";
            assertEquals(0, cliProcess(j, eco, "start", "-").code());
            assertEquals(2, byName(j.jlist()).get("piped").size());
            Out bad = cliProcess(j, "{\"apps\": [", "start", "-");
            assertEquals(2, bad.code(), bad.out());
            assertTrue(bad.out().contains("(stdin)"), bad.out());
        }
        if (pm2Bin == null) return;
        Path combined = shared.resolve("pboth.log");
        sh(shared, "pl.sh", "echo to-out; echo to-err >&2; exec sleep 300");
        assertEquals(0, pm2("start", "pl.sh", "-l", combined.toString(), "-c", "0 3 * * *", "--kill-timeout", "1500",
                "--interpreter", "/bin/bash", "--interpreter-args", "-e", "-x", "--restart-delay", "250").code());
        Jmon.await("PM2: both streams in the -l file", 10_000, () -> contains(combined, "to-out") && contains(combined, "to-err"));
        JsonNode env = byName(pm2Jlist()).get("pl").get(0).get("pm2_env");
        assertEquals("0 3 * * *", env.get("cron_restart").asText());
        assertEquals(1500, env.get("kill_timeout").asInt());
        assertEquals(250, env.get("restart_delay").asInt());
        assertEquals("-e", env.get("node_args").get(0).asText());
        assertEquals("/bin/bash", env.get("exec_interpreter").asText());
        assertEquals(1, pm2("start", "pl.sh", "--name", "plt", "--listen-timeout", "forever").code(), "PM2 refuses it too (exit 1)");
        assertEquals(1, pm2("sendSignal", "SIGNOPE", "pl").code());
        String eco = "{\"apps\":[{\"name\":\"ppiped\",\"script\":\"pl.sh\",\"instances\":2}]}";
        ProcessBuilder pb = new ProcessBuilder(pm2Bin.toString(), "start", "-").directory(shared.toFile()).redirectErrorStream(true);
        pb.environment().put("PM2_HOME", pm2Home.toString());
        Process p = pb.start();
        p.getOutputStream().write(eco.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        pm2Await("PM2 started the piped config", l -> byName(l).containsKey("ppiped") && byName(l).get("ppiped").size() == 2);
        pm2("delete", "all");
    }

    /** The CLI as its own JVM, with {@code stdin} piped to it. */
    private static Out cliProcess(Jmon j, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "jmon.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(j.dir.toFile());
        pb.environment().putAll(j.env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] b = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Out(p.exitValue(), new String(b, StandardCharsets.UTF_8));
    }

    @Test
    void scaleAndStartDashIKeepTheRunningInstancesSignalAndReset(@TempDir Path tmp) throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Path got = tmp.resolve("got");
            sh(tmp, "w.sh", "trap 'echo usr2 >> " + got + "' USR2; while true; do sleep 0.1; done");
            j.ok("start", "w.sh");
            long first = byName(j.jlist()).get("w").get(0).get("pid").asLong();
            j.ok("scale", "w", "3");
            assertEquals(3, byName(j.jlist()).get("w").size());
            assertEquals(first, byName(j.jlist()).get("w").get(0).get("pid").asLong(), "scale restarts no instance");
            j.ok("start", "w", "-i", "2");
            assertEquals(2, byName(j.jlist()).get("w").size(), "start NAME -i 2 scales, never ignored");
            assertEquals(first, byName(j.jlist()).get("w").get(0).get("pid").asLong());
            j.ok("scale", "w", "+1");
            assertEquals(3, byName(j.jlist()).get("w").size());
            // a gap left by a delete of one instance by id is filled by the next scale
            JsonNode second = byName(j.jlist()).get("w").get(1);
            j.ok("delete", second.get("pm_id").asText());
            j.ok("scale", "w", "3");
            List<Integer> ids = new ArrayList<>();
            for (JsonNode x : byName(j.jlist()).get("w")) ids.add(x.get("pm2_env").get("jmon").get("instance_id").asInt());
            java.util.Collections.sort(ids);
            assertEquals(List.of(0, 1, 2), ids);
            j.ok("scale", "w", "1");
            j.ok("sendSignal", "SIGUSR2", "w");
            Jmon.await("the trap ran", 5_000, () -> contains(got, "usr2"));
            Jmon.Result sig = j.run("sendSignal", "SIGNOPE", "w");
            assertEquals(2, sig.code(), sig.all());
            assertTrue(sig.err().contains("signal"), sig.err());
            j.ok("restart", "w");
            assertEquals(1, byName(j.jlist()).get("w").get(0).get("pm2_env").get("restart_time").asInt());
            j.ok("reset", "w");
            assertEquals(0, byName(j.jlist()).get("w").get(0).get("pm2_env").get("restart_time").asInt());
        }
        if (pm2Bin == null) return;
        Path got = shared.resolve("pgot");
        sh(shared, "pw.sh", "trap 'echo usr2 >> " + got + "' USR2; while true; do sleep 0.1; done");
        assertEquals(0, pm2("start", "pw.sh").code());
        long pfirst = byName(pm2Jlist()).get("pw").get(0).get("pid").asLong();
        assertEquals(0, pm2("scale", "pw", "3").code());
        pm2Await("3 instances", l -> byName(l).get("pw").size() == 3);
        assertEquals(pfirst, byName(pm2Jlist()).get("pw").get(0).get("pid").asLong(), "PM2's scale keeps the first too");
        assertEquals(0, pm2("scale", "pw", "1").code());
        pm2Await("1 instance", l -> byName(l).get("pw").size() == 1);
        assertEquals(0, pm2("start", "pw", "-i", "2").code());
        assertEquals(1, byName(pm2Jlist()).get("pw").size(), "PM2 ignores -i on a running app: jmon scales, on purpose");
        pm2("restart", "pw");
        pm2("reset", "pw");
        pm2Await("restart_time 0", l -> byName(l).get("pw").get(0).get("pm2_env").get("restart_time").asInt() == 0);
        pm2("sendSignal", "SIGUSR2", "pw");
        Jmon.await("PM2 sent the signal", 5_000, () -> contains(got, "usr2"));
        pm2("delete", "all");
    }

    @Test
    void targetsFileScriptPathRegexAndNamespace(@TempDir Path tmp) throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            sh(tmp, "s.sh", "exec sleep 300");
            sh(tmp, "t.sh", "exec sleep 300");
            j.write("eco.json", "{\"apps\":[{\"name\":\"api-1\",\"script\":\"s.sh\"},{\"name\":\"api-2\",\"script\":\"s.sh\"}]}");
            j.ok("start", "eco.json", "-n", "web");
            j.ok("start", "t.sh", "--name", "other", "-n", "web");
            j.ok("stop", "eco.json", "-n", "web");
            Map<String, List<JsonNode>> m = byName(j.jlist());
            assertEquals("stopped", status(m.get("api-1").get(0)));
            assertEquals("online", status(m.get("other").get(0)));
            j.ok("restart", "/^api-/", "-n", "web");
            assertEquals("online", status(byName(j.jlist()).get("api-2").get(0)));
            j.ok("stop", "./t.sh", "-n", "web");
            assertEquals("stopped", status(byName(j.jlist()).get("other").get(0)));
            j.ok("start", "t.sh", "--name", "other", "-n", "web"); // stopped: started again
            j.ok("stop", "web"); // a namespace as a target
            for (JsonNode p : j.jlist()) assertEquals("stopped", status(p), p.get("name").asText());
            assertEquals(2, j.run("stop", "/(/").code(), "a bad regex is bad input");
            assertEquals(2, j.run("stop", "nothing-here").code(), "an unknown target is exit 2 (PM2: 1)");
            j.ok("delete", "eco.json", "-n", "web");
            assertEquals(1, j.jlist().size());
            // jmon's namespace rules hold for PM2's forms: a regex or a script path across namespaces needs consent
            j.ok("start", "t.sh", "--name", "other", "-n", "batch");
            Jmon.Result cross = j.run("stop", "/^oth/");
            assertEquals(2, cross.code(), cross.all());
            assertTrue(cross.err().contains("--all-namespaces"), cross.err());
            assertEquals("online", status(byName(j.jlist()).get("other").stream()
                    .filter(x -> x.get("pm2_env").get("namespace").asText().equals("batch")).findFirst().orElseThrow()));
            assertEquals(2, j.run("stop", "./t.sh").code());
            j.ok("stop", "./t.sh", "--all-namespaces");
            for (JsonNode p : j.jlist()) assertEquals("stopped", status(p), p.toString());
            j.ok("start", "batch"); // start <namespace>
            assertEquals(1, j.jlist().findValues("status").stream().filter(x -> x.asText().equals("online")).count());
        }
        if (pm2Bin == null) return;
        sh(shared, "ps.sh", "exec sleep 300");
        Files.writeString(shared.resolve("peco.json"),
                "{\"apps\":[{\"name\":\"papi-1\",\"script\":\"ps.sh\"},{\"name\":\"papi-2\",\"script\":\"ps.sh\"}]}");
        assertEquals(0, pm2("start", "peco.json", "--namespace", "pweb").code());
        pm2("stop", "peco.json");
        pm2Await("file target stopped", l -> status(byName(l).get("papi-1").get(0)).equals("stopped"));
        pm2("restart", "/^papi-/");
        pm2Await("regex restarted", l -> status(byName(l).get("papi-2").get(0)).equals("online"));
        pm2("stop", "pweb");
        pm2Await("namespace stopped", l -> status(byName(l).get("papi-1").get(0)).equals("stopped"));
        assertNotEquals(0, pm2("stop", "nothing-here").code());
        pm2("delete", "all");
    }

    @Test
    void updateReplacesTheDaemonAndKeepsEveryAppRunning(@TempDir Path tmp) throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            sh(tmp, "u.sh", "exec sleep 300");
            j.ok("start", "u.sh", "-i", "3");
            j.ok("scale", "u", "2");
            long daemon = j.daemonPid();
            List<Long> pids = new ArrayList<>();
            for (JsonNode p : j.jlist()) pids.add(p.get("pid").asLong());
            Jmon.Result r = j.ok("update");
            assertTrue(r.out().contains("2 running processes re-adopted"), r.out());
            assertNotEquals(daemon, j.daemonPid(), "a new daemon");
            List<Long> after = new ArrayList<>();
            for (JsonNode p : j.jlist()) after.add(p.get("pid").asLong());
            assertEquals(pids, after, "no app restarted");
            for (JsonNode p : j.jlist()) assertEquals("online", status(p));
            for (JsonNode p : j.jlist()) assertEquals(2, p.get("pm2_env").get("instances").asInt(), "the scaled count survived");
            j.ok("update"); // twice: the second daemon hands over as well
            assertEquals(pids, j.jlist().findValues("pid").stream().map(JsonNode::asLong).toList());
        }
    }

    private static boolean contains(Path f, String s) {
        try {
            return Files.exists(f) && Files.readString(f).contains(s);
        } catch (IOException e) {
            return false;
        }
    }
}
