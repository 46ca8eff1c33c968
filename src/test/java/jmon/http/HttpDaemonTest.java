package jmon.http;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.it.Jmon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP endpoint of a real daemon (started by the real CLI) over real processes. */
@Timeout(120)
class HttpDaemonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    Jmon j;
    int port;
    Process foreground;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        port = freePort();
    }

    @AfterEach
    void down() throws Exception {
        try {
            j.close();
        } finally {
            if (foreground != null && foreground.isAlive()) {
                foreground.destroyForcibly();
                foreground.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    void config(String json) throws IOException {
        Files.createDirectories(j.home);
        Files.writeString(j.home.resolve("config.json"), json);
    }

    void httpOn() throws IOException { config("{\"http\":{\"bind\":\"127.0.0.1:" + port + "\"}}"); }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("x"));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
        return JSON.readTree(r.body());
    }

    void startSleepers() throws IOException {
        j.script("sleeper.sh", "exec sleep 300");
        j.ok("start", "sleeper.sh", "--name", "web", "-n", "shop", "-i", "2");
        j.ok("start", "sleeper.sh", "--name", "db", "-n", "infra");
        Jmon.await("all online", 15_000, () -> {
            JsonNode l = j.jlist();
            if (l.size() != 3) return false;
            for (JsonNode p : l) if (!p.at("/pm2_env/status").asText().equals("online")) return false;
            return true;
        });
    }

    static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        out.sort(null);
        return out;
    }

    @Test
    void everyRouteOnARealDaemon() throws Exception {
        httpOn();
        startSleepers();

        HttpResponse<String> live = get("/health/live");
        assertEquals(200, live.statusCode());
        JsonNode ld = JSON.readTree(live.body()).get("data");
        assertEquals("alive", ld.get("status").asText());
        assertEquals(j.daemonPid(), ld.get("pid").asLong());
        assertTrue(ld.get("uptime_ms").asLong() > 0);

        HttpResponse<String> ready = get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonNode rd = JSON.readTree(ready.body()).get("data");
        assertEquals("not checked", rd.get("status").asText()); // sleepers: no readiness signal
        assertEquals(List.of("infra/db", "shop/web#0", "shop/web#1"), fields(rd.get("services")));
        JsonNode db = rd.get("services").get("infra/db");
        assertEquals("not checked", db.get("status").asText());
        assertEquals("online", db.get("process_status").asText());
        assertTrue(db.get("ready").asBoolean());
        assertEquals(j.proc("infra", "db").get("pid").asLong(), db.get("pid").asLong());
        assertEquals(0, db.get("restarts").asInt());
        for (String k : List.of("readiness", "liveness", "capabilities", "status_text")) assertTrue(db.has(k), k);

        JsonNode onlyInfra = json("/health/ready?namespace=infra").get("data");
        assertEquals(List.of("infra/db"), fields(onlyInfra.get("services")));

        JsonNode all = json("/api/processes");
        assertTrue(all.isArray());
        assertEquals(3, all.size());
        JsonNode jl = j.jlist();
        for (int i = 0; i < 3; i++) {
            assertEquals(jl.get(i).get("pm_id"), all.get(i).get("pm_id"));
            assertEquals(jl.get(i).get("name"), all.get(i).get("name"));
            assertEquals(jl.get(i).get("pid"), all.get(i).get("pid"));
            assertEquals(fields(jl.get(i).get("pm2_env")), fields(all.get(i).get("pm2_env")), "the jlist shape");
        }
        JsonNode shop = json("/api/processes?namespace=shop");
        assertEquals(2, shop.size());
        for (JsonNode p : shop) assertEquals("shop", p.at("/pm2_env/namespace").asText());

        JsonNode web = json("/api/processes/shop/web");
        assertEquals(2, web.size(), "one element per instance");
        for (JsonNode p : web) {
            assertEquals("web", p.get("name").asText());
            assertTrue(p.get("health").isObject());
            assertTrue(p.at("/health/ready").asBoolean());
            assertTrue(p.at("/health").has("health") && p.at("/health").has("readiness"), p.toString());
        }
        HttpResponse<String> nope = get("/api/processes/shop/nope");
        assertEquals(404, nope.statusCode());
        assertTrue(JSON.readTree(nope.body()).at("/error/message").asText().contains("web"), nope.body());
        assertEquals(404, get("/nothing/here").statusCode());
        HttpResponse<String> post = send("POST", "/api/processes");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));

        HttpResponse<String> m = get("/metrics");
        assertEquals(200, m.statusCode());
        assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        PromText t = PromText.parse(m.body());
        List<PromText.Sample> up = t.of("jmon_process_up");
        assertEquals(3, up.size(), m.body());
        Map<String, Map<String, String>> byPmId = new HashMap<>();
        for (PromText.Sample s : up) {
            assertEquals(1.0, s.value());
            byPmId.put(s.label("pm_id"), s.labels());
        }
        for (JsonNode p : jl) {
            Map<String, String> l = byPmId.get(p.get("pm_id").asText());
            assertNotNull(l, "a jmon_process_up for pm_id " + p.get("pm_id"));
            assertEquals(Map.of("namespace", p.at("/pm2_env/namespace").asText(), "name", p.get("name").asText(),
                    "pm_id", p.get("pm_id").asText(), "instance", p.at("/pm2_env/jmon/instance_id").asText()), l);
        }
        for (String f : List.of("jmon_process_cpu_percent", "jmon_process_memory_bytes", "jmon_process_restarts_total",
                "jmon_process_ready", "jmon_custom_metric", "jmon_daemon_cpu_percent", "jmon_daemon_memory_bytes",
                "jmon_daemon_heap_used_bytes", "jmon_daemon_uptime_seconds", "jmon_host_cpu_percent")) {
            assertTrue(t.families.containsKey(f), f);
        }
        assertEquals(3, t.of("jmon_process_status").stream().filter(s -> s.value() == 1 && s.label("status").equals("online")).count());
        assertEquals(1, t.of("jmon_daemon_uptime_seconds").size());

        // what was stopped on purpose does not count
        j.ok("stop", "db", "-n", "infra");
        HttpResponse<String> after = get("/health/ready");
        assertEquals(200, after.statusCode());
        JsonNode ad = JSON.readTree(after.body()).get("data");
        assertEquals("not checked", ad.get("status").asText());
        assertEquals(List.of("shop/web#0", "shop/web#1"), fields(ad.get("services")));
        assertEquals(0.0, PromText.parse(get("/metrics").body()).of("jmon_process_up").stream()
                .filter(s -> s.label("name").equals("db")).findFirst().orElseThrow().value());
    }

    @Test
    void aScrapeHasFreshFiguresAndKeepsTheSamplerAtTheWatchedRateForAnIdleInterval() throws Exception {
        config("{\"http\":{\"bind\":\"127.0.0.1:" + port + "\"},\"metrics\":{\"interval_ms\":1000,\"idle_interval_ms\":600000}}");
        j.script("sleeper.sh", "exec sleep 300");
        j.ok("start", "sleeper.sh", "--name", "nap");
        int pmId = 0; // the first app of a fresh home; no list here: it would sample
        try (jmon.rpc.RpcClient api = new jmon.rpc.RpcClient(j.home.resolve("jmon.sock"), jmon.daemon.Daemon.version())) {
            // the scrape's own figures are fresh although the sampler idles for ten minutes (metrics() below reads
            // the history, it never samples)
            Jmon.await("a scrape with the process's memory", 20_000, () -> {
                try {
                    return PromText.parse(get("/metrics").body()).of("jmon_process_memory_bytes").stream()
                            .anyMatch(x -> x.label("name").equals("nap") && x.value() > 0);
                } catch (Exception e) {
                    return false;
                }
            });
            // and then, with no more requests, rounds every second
            int afterScrape = api.metrics(pmId).size();
            Jmon.await("rounds at the watched rate after one scrape", 20_000, () -> api.metrics(pmId).size() >= afterScrape + 3);
        }
    }

    @Test
    void anErroredProcessThatShouldRunMakesReady503() throws Exception {
        httpOn();
        j.script("sleeper.sh", "exec sleep 300");
        j.script("crash.sh", "exit 1");
        j.write("bad.json", "{\"apps\":[{\"name\":\"crash\",\"script\":\"crash.sh\",\"namespace\":\"bad\",\"max_restarts\":0}]}");
        j.ok("start", "sleeper.sh", "--name", "fine", "-n", "good");
        j.run("start", "bad.json");
        Jmon.await("crash errored", 15_000, () -> "errored".equals(j.status("bad", "crash")));

        HttpResponse<String> r = get("/health/ready");
        assertEquals(503, r.statusCode(), r.body());
        JsonNode d = JSON.readTree(r.body()).get("data");
        assertEquals("unhealthy", d.get("status").asText());
        JsonNode crash = d.get("services").get("bad/crash");
        assertEquals("unhealthy", crash.get("status").asText());
        assertEquals("errored", crash.get("process_status").asText());
        assertFalse(crash.get("ready").asBoolean());
        assertEquals(0, crash.get("pid").asLong());
        assertEquals("not checked", d.get("services").get("good/fine").get("status").asText());

        HttpResponse<String> good = get("/health/ready?namespace=good");
        assertEquals(200, good.statusCode());
        assertEquals("not checked", JSON.readTree(good.body()).at("/data/status").asText());
        assertEquals(503, get("/health/ready?namespace=bad").statusCode());
        assertEquals(200, get("/health/ready?namespace=empty").statusCode(), "no processes: healthy");

        PromText t = PromText.parse(get("/metrics").body());
        PromText.Sample errored = t.of("jmon_process_status").stream()
                .filter(s -> s.label("name").equals("crash") && s.value() == 1).findFirst().orElseThrow();
        assertEquals("errored", errored.label("status"));

        // once it is halted on purpose it no longer counts
        j.run("stop", "crash", "-n", "bad"); // exits 1: it stays errored, but is now desired halted
        assertEquals(200, get("/health/ready").statusCode());
    }

    @Test
    void aTokenFromConfigIsRequiredOnEveryRequest() throws Exception {
        String token = "tok-" + "0123456789abcdef";
        config("{\"http\":{\"bind\":\"127.0.0.1:" + port + "\",\"token\":\"" + token + "\"}}");
        j.ok("ping");
        Jmon.await("http up", 10_000, () -> {
            try {
                return get("/health/live").statusCode() == 401;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(401, get("/metrics").statusCode());
        assertEquals(401, get("/health/ready", "Authorization", "Bearer wrong-token-0123456789").statusCode());
        assertEquals(200, get("/health/ready", "Authorization", "Bearer " + token).statusCode());
        assertEquals(200, get("/api/processes", "Authorization", "Bearer " + token).statusCode());
    }

    @Test
    void offByDefault() throws Exception {
        j.ok("ping");
        assertThrows(IOException.class, () -> get("/health/live"));
        assertFalse(Files.readString(j.home.resolve("jmon.log")).contains("http:"));
    }

    @Test
    void aBadHttpSettingLeavesTheEndpointOffAndTheDaemonSupervising() throws Exception {
        config("{\"http\":{\"bind\":\"0.0.0.0:" + port + "\"}}");
        Jmon.Result r = j.ok("ping");
        assertTrue(r.out().contains("warning: config.json: http: ") && r.out().contains("without a token")
                && r.out().contains("running WITHOUT the HTTP endpoint"), r.out());
        String log = Files.readString(j.home.resolve("jmon.log"));
        assertTrue(log.contains("without a token") && log.contains("http.token"), log);
        assertThrows(java.io.IOException.class, () -> get("/health/live"), "no endpoint listens");
        j.script("sleeper.sh", "exec sleep 300");
        j.ok("start", "sleeper.sh", "--name", "still-works");
        j.ok("kill");
        for (String bad : List.of("{\"http\":{}}", "{\"http\":{\"bind\":\"nonsense\"}}", "{\"http\":{\"bind\":\"127.0.0.1:1\",\"tokn\":\"x\"}}",
                "{\"http\":{\"bind\":\"127.0.0.1:1\",\"token\":\"short\"}}")) {
            config(bad);
            assertTrue(j.ok("ping").out().contains("running WITHOUT the HTTP endpoint"), bad);
            j.ok("kill");
        }
        assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("unknown key http.tokn"));
    }

    @Test
    void aPortInUseIsLoggedAndTheDaemonRunsWithoutHttp() throws Exception {
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            httpOn();
            j.ok("ping");
            j.script("sleeper.sh", "exec sleep 300");
            j.ok("start", "sleeper.sh", "--name", "still-works");
            String log = Files.readString(j.home.resolve("jmon.log"));
            assertTrue(log.contains("http: cannot listen on 127.0.0.1:" + port) && log.contains("WITHOUT the HTTP endpoint"), log);
        }
    }

    @Test
    void daemonHttpOptionInTheForeground() throws Exception {
        Jmon.Result bad = j.run("daemon", "--http", "no-port-here");
        assertEquals(2, bad.code(), bad.all());
        assertTrue(bad.err().contains("--http") && bad.err().contains("HOST:PORT"), bad.err());

        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-cp", classPath(), "jmon.cli.Main", "daemon", "--http", "127.0.0.1:" + port));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("fg.log").toFile());
        pb.environment().putAll(j.env);
        foreground = pb.start();
        Jmon.await("the foreground daemon answers HTTP", 30_000, () -> {
            try {
                return get("/health/live").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(foreground.pid(), json("/health/live").at("/data/pid").asLong());
        assertTrue(Files.readString(tmp.resolve("fg.log")).contains("http: serving on 127.0.0.1:" + port));
        foreground.destroy(); // SIGTERM: the daemon stops, HTTP first
        assertTrue(foreground.waitFor(20, TimeUnit.SECONDS));
        assertThrows(IOException.class, () -> get("/health/live"));
    }

    static String classPath() {
        List<String> parts = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) parts.add(Path.of(e).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, parts);
    }
}
