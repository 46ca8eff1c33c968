package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void badCronAndSizeAreValidationErrors() throws Exception {
        j.write("bad.json", """
                {"apps":[{"name":"a","script":"sleep","cron_restart":"61 * * * *","max_memory_restart":"lots"}]}""");
        var r = j.run("validate", "bad.json");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cron_restart") && r.err().contains("max_memory_restart"), r.err());
    }
}
