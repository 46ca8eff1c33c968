package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Figures measured by the daemon's sampler on real processes, and the restarts they drive. */
@Timeout(120)
class MetricsTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private static boolean hasPython() {
        for (String d : System.getenv("PATH").split(":")) if (Files.isExecutable(Path.of(d, "python3"))) return true;
        return false;
    }

    @Test
    void aBusyProcessShowsNearlyOneCoreAndTheHistoryIsKept() throws Exception {
        j.script("burn.sh", "while :; do :; done");
        j.ok("start", "burn.sh", "--name", "burn");
        Jmon.await("cpu sampled", 40_000, () -> j.proc("default", "burn").get("monit").get("cpu").asDouble() > 60);
        double cpu = j.proc("default", "burn").get("monit").get("cpu").asDouble();
        assertTrue(cpu > 60 && cpu <= 110, "cpu " + cpu);
        String d = j.ok("describe", "burn").out();
        assertTrue(d.contains("metrics (last") && d.contains("cpu"), d);
        String ping = j.ok("ping").out();
        assertTrue(ping.contains("daemon: cpu") && ping.contains("cores"), ping);
    }

    @Test
    void memoryOfTheWholeGroupIsMeasured() throws Exception {
        Assumptions.assumeTrue(hasPython(), "python3 needed");
        j.script("hold.sh", "python3 -c 'b=bytearray(100*1024*1024)\nimport time\ntime.sleep(600)' & wait");
        j.ok("start", "hold.sh", "--name", "hold");
        long pid = j.proc("default", "hold").get("pid").asLong();
        Jmon.await("rss sampled", 20_000, () -> j.proc("default", "hold").get("monit").get("memory").asLong() > 95L * 1024 * 1024);
        long reported = j.proc("default", "hold").get("monit").get("memory").asLong();
        long actual = vmRss(pid) + ProcessHandle.of(pid).orElseThrow().descendants().mapToLong(h -> vmRss(h.pid())).sum();
        assertTrue(Math.abs(reported - actual) < actual * 0.10, "reported " + reported + " actual " + actual);
    }

    private static long vmRss(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
            }
        } catch (Exception e) {
            // gone
        }
        return 0;
    }

    @Test
    void aProcessOverMaxMemoryRestartIsRestartedWithTheReason() throws Exception {
        Assumptions.assumeTrue(hasPython(), "python3 needed");
        j.script("grow.sh", "exec python3 -c 'import time\nb=[]\nwhile True:\n    b.append(bytearray(8*1024*1024))\n    time.sleep(0.1)'");
        j.write("eco.json", """
                {"apps":[{"name":"grow","script":"grow.sh","max_memory_restart":"60M","kill_timeout":500}]}""");
        j.ok("start", "eco.json");
        Jmon.await("restarted for memory", 30_000, () -> j.proc("default", "grow").get("pm2_env").get("restart_time").asInt() >= 1);
        j.ok("stop", "grow");
        String log = Files.readString(j.home.resolve("jmon.log"));
        assertTrue(log.contains("over max_memory_restart 60.0 MiB"), log);
    }

    /** The sampler's idle rate set to ten minutes: any figure seen sooner came from an on-demand or watched round. */
    private void idleForTenMinutes() throws Exception {
        Files.createDirectories(j.home);
        Files.writeString(j.home.resolve("config.json"), "{\"metrics\":{\"interval_ms\":1000,\"idle_interval_ms\":600000}}");
    }

    @Test
    void listShowsFreshFiguresWhileTheSamplerIdles() throws Exception {
        idleForTenMinutes();
        j.script("burn.sh", "while :; do :; done");
        j.ok("start", "burn.sh", "--name", "burn");
        // each jlist whose newest sample is over a second old samples first; CPU covers the time since the previous
        Jmon.await("memory and cpu in jlist long before the idle interval", 40_000, () -> {
            JsonNode m = j.proc("default", "burn").get("monit");
            return m.get("memory").asLong() > 0 && m.get("cpu").asDouble() > 60;
        });
        String table = j.ok("list").out();
        assertTrue(table.contains("burn") && !table.contains(" 0b"), table);
    }

    @Test
    void anOpenEventStreamKeepsTheSamplerAtTheWatchedRate() throws Exception {
        idleForTenMinutes();
        j.ok("start", "sleep", "--name", "nap", "--", "1000");
        int pmId = j.proc("default", "nap").get("pm_id").asInt();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        try (jmon.rpc.RpcClient api = new jmon.rpc.RpcClient(j.home.resolve("jmon.sock"), jmon.daemon.Daemon.version());
             jmon.rpc.RpcClient stream = new jmon.rpc.RpcClient(j.home.resolve("jmon.sock"), jmon.daemon.Daemon.version())) {
            int before = api.metrics(pmId).size(); // metrics() reads the history, it never samples
            Thread t = new Thread(() -> {
                try {
                    stream.events(new jmon.api.EventSink() {
                        @Override public boolean event(jmon.api.EngineEvent e) { return !done.get(); }

                        @Override public boolean idle() { return !done.get(); }
                    });
                } catch (RuntimeException ignored) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            Jmon.await("rounds every second while the stream is open", 20_000, () -> api.metrics(pmId).size() >= before + 3);
            done.set(true);
        }
    }

    @Test
    void maxMemoryRestartIsCheckedAtTheWatchedRateWhileTheSamplerIdles() throws Exception {
        Assumptions.assumeTrue(hasPython(), "python3 needed");
        idleForTenMinutes();
        j.script("grow.sh", "exec python3 -c 'import time\nb=[]\nwhile True:\n    b.append(bytearray(8*1024*1024))\n    time.sleep(0.1)'");
        j.write("eco.json", """
                {"apps":[{"name":"grow","script":"grow.sh","max_memory_restart":"60M","kill_timeout":500}]}""");
        j.ok("start", "eco.json");
        // nothing here asks for the list (which would sample on demand): only the limited app's own rounds act
        Jmon.await("restarted for memory", 30_000, () -> {
            try {
                return Files.readString(j.home.resolve("jmon.log")).contains("over max_memory_restart 60.0 MiB");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        j.ok("stop", "grow");
    }

    @Test
    void idleIntervalIsValidated() throws Exception {
        Files.createDirectories(j.home);
        // a bad value never stops the daemon: it runs with the default and says so in ping and jmon.log
        for (String bad : List.of("{\"metrics\":{\"interval_ms\":2000,\"idle_interval_ms\":1000}}",
                "{\"metrics\":{\"idle_interval_ms\":0}}", "{\"metrics\":{\"idle_interval_ms\":\"10s\"}}",
                "{\"metrics\":{\"idle_intervall_ms\":10000}}")) {
            Files.writeString(j.home.resolve("config.json"), bad);
            Jmon.Result r = j.ok("ping");
            assertTrue(r.out().contains("warning: config.json: "), bad + ": " + r.out());
            j.ok("kill");
        }
        String log = Files.readString(j.home.resolve("jmon.log"));
        assertTrue(log.contains("metrics.idle_interval_ms (1000) must be ≥ metrics.interval_ms (2000)"), log);
        assertTrue(log.contains("metrics.idle_interval_ms must be a whole number ≥ 1"), log);
        assertTrue(log.contains("unknown key metrics.idle_intervall_ms"), log);
        Files.writeString(j.home.resolve("config.json"), "{\"metrics\":{\"interval_ms\":20000}}");
        j.ok("ping"); // no idle_interval_ms: the default 10000, raised to interval_ms when that is longer
        j.ok("kill");
        Files.writeString(j.home.resolve("config.json"), "{\"metrics\":{\"interval_ms\":500,\"idle_interval_ms\":500}}");
        j.ok("ping");
    }

    @Test
    void cronRestartRestartsOnSchedule() throws Exception {
        j.write("eco.json", """
                {"apps":[{"name":"nap","script":"sleep","args":["1000"],"cron_restart":"*/1 * * * * *","kill_timeout":300}]}""");
        j.ok("start", "eco.json");
        Jmon.await("two cron restarts", 15_000, () -> j.proc("default", "nap").get("pm2_env").get("restart_time").asInt() >= 2);
        JsonNode p = j.proc("default", "nap");
        assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("cron_restart"));
        assertEquals("*/1 * * * * *", p.get("pm2_env").get("cron_restart").asText());
    }

    /** PM2's job pattern: --cron with --no-autorestart runs the job at every tick; a stop by an operator holds. */
    @Test
    void cronStartsAJobThatEndedButNotOneAnOperatorStopped() throws Exception {
        Path runs = j.dir.resolve("runs.txt");
        j.script("job.sh", "echo run >> " + runs);
        j.write("eco.json", """
                {"apps":[{"name":"job","script":"job.sh","autorestart":false,"cron_restart":"*/1 * * * * *"}]}""");
        j.ok("start", "eco.json");
        Jmon.await("three runs", 15_000, () -> lines(runs) >= 3);
        j.ok("stop", "job");
        Jmon.await("stopped", 5_000, () -> !j.status("default", "job").equals("online"));
        int atStop = lines(runs);
        Thread.sleep(2_500); // two ticks at least
        assertTrue(lines(runs) <= atStop + 1, "an operator's stop holds against cron (one run may have been under way)");
        int held = lines(runs);
        Thread.sleep(1_200);
        assertEquals(held, lines(runs), "no more runs after the stop");
        assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("ended on its own"));
    }

    private static int lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p).size() : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badCronAndSizeAreValidationErrors() throws Exception {
        j.write("bad.json", """
                {"apps":[{"name":"a","script":"sleep","cron_restart":"61 * * * *","max_memory_restart":"lots"}]}""");
        var r = j.run("validate", "bad.json");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cron_restart") && r.err().contains("max_memory_restart"), r.err());
    }
}
