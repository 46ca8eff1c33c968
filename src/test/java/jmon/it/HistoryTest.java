package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jmon.api.HistoryEvent;
import jmon.api.HistoryQuery;
import jmon.api.RunResult;
import jmon.rpc.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's history on real processes: why each run ended (exit code, a signal nobody sent, a request), readiness
 * and probe changes, the same entries from the CLI, over RPC and from {@code GET /api/events}.
 */
@Timeout(120)
class HistoryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    Jmon j;
    int port;

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(j.home);
        Files.writeString(j.home.resolve("config.json"), "{\"http\":{\"bind\":\"127.0.0.1:" + port + "\"}}");
    }

    @AfterEach
    void down() { j.close(); }

    private JsonNode history(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("history", "--json"));
        a.addAll(List.of(args));
        return JSON.readTree(j.ok(a.toArray(String[]::new)).out());
    }

    private static JsonNode find(JsonNode events, String kind, String name, String to) {
        JsonNode found = null;
        for (JsonNode e : events) {
            if (e.get("kind").asText().equals(kind) && (name == null || name.equals(e.path("name").asText()))
                    && (to == null || to.equals(e.path("to").asText()))) found = e;
        }
        return found;
    }

    @Test
    void whyEachRunEndedReadinessAndProbesOverCliRpcAndHttp() throws Exception {
        j.script("crash.sh", "sleep 0.3; exit 3");
        j.script("sleeper.sh", "exec sleep 300");
        Path flag = tmp.resolve("ready.flag");
        j.write("batch.json", "{\"namespace\":\"batch\",\"apps\":["
                + "{\"name\":\"crash\",\"script\":\"crash.sh\",\"autorestart\":false},"
                + "{\"name\":\"victim\",\"script\":\"sleeper.sh\"},"
                + "{\"name\":\"gated\",\"script\":\"sleeper.sh\",\"health\":{\"readiness\":{\"exec\":\"test -f " + flag
                + "\",\"period\":100}}}]}");
        j.ok("start", "batch.json");
        Jmon.await("crash exited", 15_000, () -> "exited".equals(j.status("batch", "crash")));
        Jmon.await("victim online", 15_000, () -> "online".equals(j.status("batch", "victim")));

        JsonNode exit = find(history("-n", "batch", "crash"), "STATUS", "crash", "exited");
        assertNotNull(exit);
        assertEquals("EXIT_CODE", exit.get("result").asText(), exit.toString());
        assertEquals("exited with code 3", exit.get("prose").asText());
        assertEquals(3, exit.get("exitCode").asInt());
        // describe says the same, from the same RunResult, with the same Health word
        String d = j.ok("describe", "crash", "-n", "batch").out();
        assertTrue(d.contains("exit code: exited with code 3") && d.matches("(?s).*health\\s+down.*"), d);

        // a signal nobody asked for: a kill by hand
        long victim = j.proc("batch", "victim").get("pid").asLong();
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
        Jmon.await("the kill recorded", 15_000, () -> {
            try {
                JsonNode e = find(history("-n", "batch", "victim"), "STATUS", "victim", "waiting restart");
                return e != null && "SIGNAL".equals(e.path("result").asText());
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        });
        JsonNode killed = find(history("-n", "batch", "victim"), "STATUS", "victim", "waiting restart");
        assertEquals("killed by SIGKILL (not sent by jmon)", killed.get("prose").asText(), killed.toString());

        // readiness: failing until the file exists, then ready; the probe's flip is one entry each way
        Files.writeString(flag, "");
        Jmon.await("gated ready", 15_000, () -> {
            try {
                return find(history("-n", "batch", "gated"), "READINESS", "gated", "ready") != null;
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        });
        JsonNode gated = history("-n", "batch", "gated");
        JsonNode probeOk = find(gated, "PROBE", "gated", "ok");
        assertNotNull(probeOk, gated.toString());
        assertEquals("readiness", probeOk.get("from").asText());
        int probes = 0;
        for (JsonNode e : gated) if (e.get("kind").asText().equals("PROBE")) probes++;
        assertTrue(probes <= 3, "a steady probe writes nothing: " + gated);

        // a request with its outcome and the result of the stop it caused
        j.ok("restart", "gated", "-n", "batch");
        JsonNode afterRestart = history("-n", "batch");
        JsonNode req = find(afterRestart, "REQUEST", null, null);
        assertEquals("restart", req.get("verb").asText());
        assertEquals("ok", req.get("text").asText());
        assertEquals("jmon restart gated -n batch", req.at("/context/command").asText());
        JsonNode stopping = find(afterRestart, "STATUS", "gated", "stopping");
        assertEquals("REQUEST", stopping.get("result").asText(), stopping.toString());

        // --since: an age includes them, a time after them none
        assertTrue(history("-n", "batch", "--since", "1h").size() > 0);
        assertEquals(0, history("-n", "batch", "--since", java.time.Instant.now().plusSeconds(60).toString()).size());
        assertEquals(2, j.run("history", "--since", "yesterday").code());
        String text = j.ok("history", "-n", "batch", "crash").out();
        assertTrue(text.contains("batch/crash online → exited: exited with code 3"), text);

        // the same over RPC, and from the HTTP endpoint
        try (RpcClient c = new RpcClient(j.home.resolve("jmon.sock"), "test")) {
            List<HistoryEvent> es = c.history(new HistoryQuery("batch", "crash", 0, 0));
            assertTrue(es.stream().anyMatch(e -> e.kind() == HistoryEvent.Kind.STATUS && e.result() == RunResult.EXIT_CODE), es.toString());
            var bad = assertThrows(jmon.api.JmonException.class, () -> c.history(new HistoryQuery("../x", null, 0, 0)));
            assertEquals(jmon.api.ErrorCode.BAD_REQUEST, bad.code());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/events?since=0&namespace=batch&name=crash")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode data = JSON.readTree(r.body()).get("data");
        assertNotNull(find(data, "STATUS", "crash", "exited"), r.body());
        HttpResponse<String> badSince = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/events?since=tomorrow")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badSince.statusCode());
    }
}
