package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Readiness probes with their defaults, against listen_timeout, on real processes. */
@Timeout(60)
class ProbeDefaultsTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private JsonNode env(String name) { return j.proc("default", name).get("pm2_env"); }

    /** Default period 10 s, default listen_timeout 3 s: an app ready after 1 s must go online, not be killed. */
    @Test
    void anAppReadyWithinListenTimeoutGoesOnlineWithDefaultProbe() throws Exception {
        j.script("late.sh", "sleep 1; echo 'listening on 8080'; exec sleep 1000");
        j.write("eco.json", """
                {"apps":[{"name":"late","script":"late.sh","kill_timeout":300,
                          "health":{"readiness":{"log":"listening on \\\\d+"}}}]}""");
        j.ok("start", "eco.json");
        Jmon.await("online", 10_000, () -> j.status("default", "late").equals("online"));
        assertEquals(0, env("late").get("restart_time").asInt(), "never killed for being late");
        assertTrue(env("late").get("jmon").get("ready").asBoolean());
    }

    /** Ready shortly before listen_timeout with a probe period far longer: probed often while launching. */
    @Test
    void readyJustBeforeTheDeadlineGoesOnline() throws Exception {
        j.script("edge.sh", "sleep 1.7; echo up; exec sleep 1000");
        j.write("eco.json", """
                {"apps":[{"name":"edge","script":"edge.sh","listen_timeout":2000,"kill_timeout":300,
                          "health":{"readiness":{"log":"^up$","period":60000}}}]}""");
        j.ok("start", "eco.json");
        Jmon.await("online", 10_000, () -> j.status("default", "edge").equals("online"));
        assertEquals(0, env("edge").get("restart_time").asInt());
    }

    /**
     * Ready at 0.8 s of a 1 s listen_timeout, with a success_threshold the regular probes cannot reach in time:
     * the last check at the deadline sees it ready, so it goes online instead of being killed.
     */
    @Test
    void theLastCheckAtTheDeadlineSavesAnAppThatIsReady() throws Exception {
        Path flag = tmp.resolve("up");
        j.script("edge.sh", "sleep 0.8; touch '" + flag + "'; exec sleep 1000");
        j.write("eco.json", "{\"apps\":[{\"name\":\"edge\",\"script\":\"edge.sh\",\"listen_timeout\":1000,"
                + "\"kill_timeout\":300,\"health\":{\"readiness\":{\"exec\":\"test -f '" + flag + "'\","
                + "\"period\":100,\"success_threshold\":8}}}]}");
        j.ok("start", "eco.json");
        Jmon.await("online", 10_000, () -> j.status("default", "edge").equals("online"));
        assertEquals(0, env("edge").get("restart_time").asInt());
        assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("ready at listen_timeout"));
    }

    /** The log probe reads this run only: "ready" printed by the previous run does not make the next one ready. */
    @Test
    void logProbeIgnoresThePreviousRunsLines() throws Exception {
        Path marker = tmp.resolve("second-run");
        j.script("flaky.sh", "if [ -f '" + marker + "' ]; then exec sleep 1000; fi; touch '" + marker
                + "'; echo ready; sleep 0.3; exit 1");
        j.write("eco.json", """
                {"apps":[{"name":"flaky","script":"flaky.sh","listen_timeout":1500,"kill_timeout":300,
                          "min_uptime":100,"health":{"readiness":{"log":"^ready$","period":100}}}]}""");
        j.run("start", "eco.json");
        Jmon.await("second run", 10_000, () -> env("flaky").get("restart_time").asInt() >= 1);
        long until = System.nanoTime() + 1_000_000_000L; // within the second run's listen_timeout
        while (System.nanoTime() < until) {
            JsonNode e = env("flaky");
            if (e.get("restart_time").asInt() > 1) break;
            assertNotEquals("online", e.get("status").asText(), "the first run's 'ready' line made the second ready");
            Thread.sleep(50);
        }
    }
}
