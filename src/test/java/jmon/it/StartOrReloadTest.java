package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ADR's deploy line: startOrReload replaces instances one at a time, never all at once, audited as such. */
@Timeout(90)
class StartOrReloadTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private int readyOnline(JsonNode list) {
        int n = 0;
        for (JsonNode p : list) {
            JsonNode e = p.get("pm2_env");
            if (e.get("status").asText().equals("online") && e.get("jmon").get("ready").asBoolean()) n++;
        }
        return n;
    }

    @Test
    void rollingOneInstanceAtATimeEachReadyBeforeTheNext() throws Exception {
        // ready 0.6 s after it starts: a restart of both at once would leave none ready for that long
        j.script("api.sh", "sleep 0.6; echo up; exec sleep 1000");
        String eco = """
                {"namespace":"shop","apps":[{"name":"api","script":"api.sh","instances":2,"kill_timeout":300,
                  "env":{"BUILD":"%s"},"health":{"readiness":{"log":"^up$","period":100}}}]}""";
        j.write("eco.json", eco.formatted("1"));
        j.ok("start", "eco.json");
        assertEquals(2, readyOnline(j.jlist("-n", "shop")));

        j.write("eco.json", eco.formatted("2"));
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger fewest = new AtomicInteger(2);
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                fewest.accumulateAndGet(readyOnline(j.jlist("-n", "shop")), Math::min);
            }
        });
        watcher.start();
        j.ok("startOrReload", "eco.json", "--namespace", "shop");
        done.set(true);
        watcher.join(10_000);

        assertTrue(fewest.get() >= 1, "some instance stayed ready throughout; fewest " + fewest.get());
        JsonNode list = j.jlist("-n", "shop");
        assertEquals(2, readyOnline(list), "both back and ready when startOrReload returns");
        for (JsonNode p : list) assertEquals(1, p.get("pm2_env").get("restart_time").asInt());
        List<String> audit = Files.readAllLines(j.home.resolve("audit.jsonl"));
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"startOrReload\"")), String.join("\n", audit));
        assertTrue(audit.stream().noneMatch(l -> l.contains("\"startOrRestart\"")), "audited as what was asked");
    }
}
