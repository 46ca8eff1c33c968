package jmon.http;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.CustomMetric;
import jmon.api.DaemonInfo;
import jmon.api.DaemonStatus;
import jmon.api.Desired;
import jmon.api.EventSink;
import jmon.api.HealthInfo;
import jmon.api.HostStatus;
import jmon.api.JmonApi;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.MetricSample;
import jmon.api.ProbeResult;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.SaveResult;
import jmon.api.Selector;
import jmon.api.Verb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The endpoint over a stub engine: every rule that needs states a real process cannot be put in on demand
 * (probe results, HEALTH objects, custom metrics with awkward names), the token rule, methods, and the
 * readiness rule's table.
 */
@Timeout(30)
class HttpEndpointTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "s3cret-token-0123456789";
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<AutoCloseable> open = new ArrayList<>();

    /** A JmonApi that only lists and pings: the endpoint must not need anything else. */
    static final class Stub implements JmonApi {
        volatile List<ProcessInfo> ps = new ArrayList<>();
        @Override public DaemonInfo ping() {
            return new DaemonInfo("9.9", 1, 4242, 1000, 65_500, "/h", "u", new DaemonStatus(1.5, 50_000_000, 20_000_000, 64_000_000, 17),
                    new HostStatus("box", 12.25, 8, 16_000_000_000L, 8_000_000_000L, 0.5, 0.25, 0.125, 100_000_000_000L, 40_000_000_000L));
        }
        @Override public List<ProcessInfo> list(String ns) { return ps.stream().filter(p -> ns == null || p.namespace().equals(ns)).toList(); }
        @Override public ActionResult start(List<AppSpec> apps, jmon.api.StartMode m) { throw new UnsupportedOperationException(); }
        @Override public ActionResult act(Verb v, Selector s) { throw new UnsupportedOperationException(); }
        @Override public SaveResult save(String ns, boolean f) { throw new UnsupportedOperationException(); }
        @Override public ActionResult resurrect(String ns, boolean d) { throw new UnsupportedOperationException(); }
        @Override public ActionResult kill() { throw new UnsupportedOperationException(); }
        @Override public void logs(LogQuery q, LogSink s) { throw new UnsupportedOperationException(); }
        @Override public ActionResult flush(Selector s) { throw new UnsupportedOperationException(); }
        @Override public int reloadLogs() { throw new UnsupportedOperationException(); }
        @Override public ActionResult signal(String g, Selector s) { throw new UnsupportedOperationException(); }
        @Override public ActionResult reset(Selector s) { throw new UnsupportedOperationException(); }
        @Override public ActionResult update() { throw new UnsupportedOperationException(); }
        @Override public ActionResult scale(String ns, String n, int i) { throw new UnsupportedOperationException(); }
        @Override public jmon.api.FreezeInfo freeze(String ns, String reason) { throw new UnsupportedOperationException(); }
        @Override public ActionResult unfreeze(String ns) { throw new UnsupportedOperationException(); }
        @Override public List<jmon.api.FreezeInfo> freezes() { return List.of(); }
        @Override public List<jmon.api.HistoryEvent> history(jmon.api.HistoryQuery q) { return List.of(); }
        @Override public List<jmon.api.ExpectedApp> expected(String ns) { return List.of(); }
        @Override public jmon.api.ActionResult registerFile(String path) { throw new UnsupportedOperationException(); }
        @Override public jmon.api.ActionResult unregisterFile(String path) { throw new UnsupportedOperationException(); }
        @Override public List<jmon.api.RegisteredFile> registeredFiles() { return List.of(); }
        @Override public String createIncident(String base) { throw new UnsupportedOperationException(); }
        @Override public jmon.api.ActionResult writeIncidentFile(String id, String name, String content) { throw new UnsupportedOperationException(); }
        @Override public String readIncidentFile(String id, String name) { throw new UnsupportedOperationException(); }
        @Override public List<jmon.api.IncidentInfo> incidents() { return List.of(); }
        @Override public jmon.api.ActionResult appendIncidentFile(String id, String name, String content) { throw new UnsupportedOperationException(); }
        @Override public List<String> daemonLog(int lines) { return List.of(); }
        @Override public void events(EventSink s) { throw new UnsupportedOperationException(); }
        @Override public List<MetricSample> metrics(int pmId) { throw new UnsupportedOperationException(); }
        @Override public ProcessInfo describe(int pmId) { throw new UnsupportedOperationException(); }
    }

    static ProcessInfo proc(int id, String ns, String name, ProcessStatus st, Desired d, boolean ready, HealthInfo h) {
        return new ProcessInfo(id, ns, name, 0, st, d, st == ProcessStatus.ONLINE ? 1000 + id : 0, ready, 2, 0, 1, 1, null,
                null, "because", "/dev/null", "/dev/null", 3.25, 1_048_576, null, h);
    }

    static HealthInfo health() {
        Map<String, CustomMetric> m = new LinkedHashMap<>();
        m.put("queue depth", new CustomMetric(12, "items", 5));
        m.put("we\"ird\\name\nx", new CustomMetric(0.5, null, 6));
        return new HealthInfo(true, List.of("reads"), "serving", m, Map.of("db", "ok", "lag_ms", 3),
                new ProbeResult("http GET http://127.0.0.1/ready", true, "200", 4, 1234, 0),
                new ProbeResult("tcp 127.0.0.1:5432", false, "refused", 1, 1235, 2), 99, 1, List.of());
    }

    HttpEndpoint endpoint(Stub api, String bind, String token) throws Exception {
        HttpEndpoint e = new HttpEndpoint(api, bind, token);
        open.add(e);
        return e;
    }

    HttpResponse<String> get(HttpEndpoint e, String path, String... headers) throws Exception {
        return send(e, "GET", path, headers);
    }

    HttpResponse<String> send(HttpEndpoint e, String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.address().getPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, method.equals("POST") || method.equals("PUT")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void down() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    @Test
    void nonLoopbackWithoutATokenIsRefusedAndBadTokensToo() {
        Stub api = new Stub();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HttpEndpoint(api, "0.0.0.0:0", null));
        assertTrue(e.getMessage().contains("without a token") && e.getMessage().contains("http.token"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HttpEndpoint(api, "0.0.0.0:0", "short"));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HttpEndpoint(api, "127.0.0.1:0", "has a space in it, long"));
        assertTrue(e.getMessage().contains("visible ASCII"), e.getMessage());
        for (String bad : List.of("9615", "127.0.0.1", "127.0.0.1:x", "127.0.0.1:70000", ":9615", "::1:9615")) {
            assertThrows(IllegalArgumentException.class, () -> Bind.parse(bad), bad);
        }
        assertTrue(Bind.parse("[::1]:9615").loopback());
        assertTrue(Bind.parse("localhost:9615").loopback());
        assertFalse(Bind.parse("0.0.0.0:9615").loopback());
    }

    @Test
    void nonLoopbackWithATokenServesOnlyTheBearer() throws Exception {
        HttpEndpoint e = endpoint(new Stub(), "0.0.0.0:0", TOKEN);
        assertTrue(e.hasToken());
        HttpResponse<String> r = get(e, "/health/live");
        assertEquals(401, r.statusCode());
        assertEquals("Bearer realm=\"jmon\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(401, JSON.readTree(r.body()).at("/error/status").asInt());
        assertEquals(401, get(e, "/health/live", "Authorization", "Bearer " + TOKEN + "x").statusCode());
        assertEquals(401, get(e, "/health/live", "Authorization", "Bearer " + TOKEN.substring(1)).statusCode());
        assertEquals(401, get(e, "/health/live", "Authorization", "Basic " + TOKEN).statusCode());
        assertEquals(401, get(e, "/metrics", "Authorization", TOKEN).statusCode());
        assertEquals(401, send(e, "POST", "/health/live").statusCode(), "auth comes before anything else");
        assertEquals(200, get(e, "/health/live", "Authorization", "Bearer " + TOKEN).statusCode());
        assertEquals(200, get(e, "/metrics", "Authorization", "bearer " + TOKEN).statusCode());
    }

    @Test
    void readOnlyEveryOtherMethodIs405() throws Exception {
        HttpEndpoint e = endpoint(new Stub(), "127.0.0.1:0", null);
        for (String m : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> r = send(e, m, "/api/processes");
            assertEquals(405, r.statusCode(), m);
            assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(null), m);
            if (!m.equals("OPTIONS")) assertTrue(JSON.readTree(r.body()).at("/error/message").asText().contains("read-only"), r.body());
        }
        HttpResponse<String> head = send(e, "HEAD", "/health/live");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertTrue(Integer.parseInt(head.headers().firstValue("Content-Length").orElse("0")) > 0);
    }

    @Test
    void unknownPathsAre404Json() throws Exception {
        HttpEndpoint e = endpoint(new Stub(), "127.0.0.1:0", null);
        for (String p : List.of("/", "/nope", "/api", "/api/processes/a", "/api/processes/a/b/c", "/health")) {
            HttpResponse<String> r = get(e, p);
            assertEquals(404, r.statusCode(), p);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), p);
            assertEquals(404, JSON.readTree(r.body()).at("/error/status").asInt(), p);
        }
        assertTrue(JSON.readTree(get(e, "/x").body()).at("/error/routes").toString().contains("/health/ready"));
    }

    @Test
    void readinessRule() {
        HealthInfo none = null;
        assertEquals(Readiness.Level.HEALTHY, Readiness.of(proc(0, "a", "x", ProcessStatus.ONLINE, Desired.RUN, true, health())));
        assertEquals(Readiness.Level.DEGRADED, Readiness.of(proc(0, "a", "x", ProcessStatus.ONLINE, Desired.RUN, false, health())));
        // no readiness signal: never healthy, whatever "ready" says
        assertEquals(Readiness.Level.NOT_CHECKED, Readiness.of(proc(0, "a", "x", ProcessStatus.ONLINE, Desired.RUN, true, none)));
        // waiting to restart: down (Health), not on its way
        assertEquals(Readiness.Level.UNHEALTHY, Readiness.of(proc(0, "a", "x", ProcessStatus.WAITING_RESTART, Desired.RUN, false, none)));
        assertEquals(Readiness.Level.DEGRADED, Readiness.of(proc(0, "a", "x", ProcessStatus.LAUNCHING, Desired.RUN, false, none)));
        for (ProcessStatus s : List.of(ProcessStatus.ERRORED, ProcessStatus.STOPPED, ProcessStatus.EXITED, ProcessStatus.WAITING_RESTART)) {
            assertEquals(Readiness.Level.UNHEALTHY, Readiness.of(proc(0, "a", "x", s, Desired.RUN, false, none)), s.wire());
        }
        assertEquals("not_checked", Readiness.Level.NOT_CHECKED.wire());
        assertEquals(Readiness.Level.HEALTHY, Readiness.overall(List.of()));
        assertEquals(Readiness.Level.HEALTHY, Readiness.overall(List.of(proc(0, "a", "x", ProcessStatus.STOPPED, Desired.HALT, false, none))));
        // every counted app not ready: nothing serves, 503
        assertEquals(Readiness.Level.UNHEALTHY, Readiness.overall(List.of(
                proc(0, "a", "x", ProcessStatus.ONLINE, Desired.RUN, false, health()),
                proc(1, "a", "y", ProcessStatus.LAUNCHING, Desired.RUN, false, none))));
        assertEquals(Readiness.Level.DEGRADED, Readiness.overall(List.of(
                proc(0, "a", "x", ProcessStatus.ONLINE, Desired.RUN, false, health()),
                proc(1, "a", "y", ProcessStatus.ONLINE, Desired.RUN, true, none))));
        assertEquals(Readiness.Level.NOT_CHECKED, Readiness.overall(List.of(proc(0, "a", "x", ProcessStatus.ONLINE, Desired.RUN, true, none))));
        assertEquals(Readiness.Level.UNHEALTHY, Readiness.overall(List.of(
                proc(0, "a", "x", ProcessStatus.ONLINE, Desired.RUN, false, none),
                proc(1, "a", "y", ProcessStatus.ERRORED, Desired.RUN, false, none),
                proc(2, "a", "z", ProcessStatus.ONLINE, Desired.RUN, true, none))));
        // nothing of the namespace serves: unhealthy (503), though no process is down
        assertEquals(Readiness.Level.UNHEALTHY, Readiness.overall(List.of(
                proc(0, "a", "x", ProcessStatus.ONLINE, Desired.RUN, false, health()),
                proc(1, "a", "y", ProcessStatus.LAUNCHING, Desired.RUN, false, none))));
        assertEquals(Readiness.Level.DEGRADED, Readiness.overall(List.of(
                proc(0, "a", "x", ProcessStatus.ONLINE, Desired.RUN, false, health()),
                proc(1, "a", "y", ProcessStatus.ONLINE, Desired.RUN, true, health()))));
        assertEquals(503, Readiness.httpStatus(Readiness.Level.UNHEALTHY));
        assertEquals(200, Readiness.httpStatus(Readiness.Level.DEGRADED));
        assertEquals(200, Readiness.httpStatus(Readiness.Level.NOT_CHECKED));
    }

    @Test
    void readyCarriesProbesCapabilitiesAndStatusTextAndSkipsHaltedApps() throws Exception {
        Stub api = new Stub();
        api.ps = List.of(proc(0, "shop", "api", ProcessStatus.ONLINE, Desired.RUN, true, health()),
                proc(1, "shop", "worker", ProcessStatus.ONLINE, Desired.RUN, false, null),
                proc(2, "shop", "old", ProcessStatus.STOPPED, Desired.HALT, false, null));
        HttpEndpoint e = endpoint(api, "127.0.0.1:0", null);
        HttpResponse<String> r = get(e, "/health/ready");
        assertEquals(200, r.statusCode());
        JsonNode d = JSON.readTree(r.body()).get("data");
        assertEquals("not_checked", d.get("status").asText(), "the worker has no readiness signal");
        assertEquals(List.of("shop/api", "shop/worker"), fieldNames(d.get("services")));
        JsonNode s = d.at("/services/shop~1api");
        assertEquals("healthy", s.get("status").asText());
        assertEquals("online", s.get("process_status").asText());
        assertTrue(s.get("ready").asBoolean());
        assertEquals(1000, s.get("pid").asLong());
        assertEquals(2, s.get("restarts").asInt());
        assertEquals("200", s.at("/readiness/detail").asText());
        assertTrue(s.at("/readiness/ok").asBoolean());
        assertEquals(4, s.at("/readiness/latency_ms").asLong());
        assertEquals(2, s.at("/liveness/consecutive_failures").asInt());
        assertEquals("[\"reads\"]", s.get("capabilities").toString());
        assertEquals("serving", s.get("status_text").asText());
        JsonNode w = d.at("/services/shop~1worker");
        assertEquals("not_checked", w.get("status").asText());
        assertTrue(w.get("readiness").isNull() && w.get("liveness").isNull() && w.get("status_text").isNull());
        assertEquals(0, w.get("capabilities").size());
        assertEquals(d, JSON.readTree(get(e, "/api/health/ready").body()).get("data"), "the runbook's spelling");
    }

    @Test
    void oneProcessIncludesItsLatestHealthObject() throws Exception {
        Stub api = new Stub();
        api.ps = List.of(proc(0, "shop", "api", ProcessStatus.ONLINE, Desired.RUN, true, health()),
                proc(1, "shop", "worker", ProcessStatus.ONLINE, Desired.RUN, true, null));
        HttpEndpoint e = endpoint(api, "127.0.0.1:0", null);
        JsonNode a = JSON.readTree(get(e, "/api/processes/shop/api").body());
        assertEquals(1, a.size());
        JsonNode h = a.get(0).get("health");
        assertEquals("api", a.get(0).get("name").asText());
        assertEquals("ok", h.at("/health/db").asText());
        assertEquals(3, h.at("/health/lag_ms").asInt());
        assertEquals(12.0, h.at("/metrics/queue depth/value").asDouble());
        assertEquals("items", h.at("/metrics/queue depth/unit").asText());
        assertFalse(h.at("/liveness/ok").asBoolean());
        assertEquals(99, h.get("last_watchdog").asLong());
        JsonNode w = JSON.readTree(get(e, "/api/processes/shop/worker").body()).get(0).get("health");
        assertTrue(w.get("health").isNull());
        assertTrue(w.get("ready").asBoolean());
        HttpResponse<String> missing = get(e, "/api/processes/shop/nope");
        assertEquals(404, missing.statusCode());
        assertEquals("[\"api\",\"worker\"]", JSON.readTree(missing.body()).at("/error/known").toString());
        HttpResponse<String> noNs = get(e, "/api/processes/nope/api");
        assertEquals(404, noNs.statusCode());
        assertTrue(JSON.readTree(noNs.body()).at("/error/message").asText().contains("namespaces: shop"), noNs.body());
    }

    @Test
    void metricsAreStrictPrometheusTextWithEscapedLabels() throws Exception {
        Stub api = new Stub();
        api.ps = List.of(proc(0, "shop", "api", ProcessStatus.ONLINE, Desired.RUN, true, health()),
                proc(7, "we\"ird\\ns", "line\nbreak", ProcessStatus.ERRORED, Desired.RUN, false, null));
        HttpEndpoint e = endpoint(api, "127.0.0.1:0", null);
        HttpResponse<String> r = get(e, "/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        PromText t = PromText.parse(r.body());
        List<PromText.Sample> up = t.of("jmon_process_up");
        assertEquals(2, up.size());
        assertEquals(Map.of("namespace", "shop", "name", "api", "pm_id", "0", "instance", "0"), up.get(0).labels());
        assertEquals(1.0, up.get(0).value());
        assertEquals(Map.of("namespace", "we\"ird\\ns", "name", "line\nbreak", "pm_id", "7", "instance", "0"), up.get(1).labels());
        assertEquals(0.0, up.get(1).value());
        assertEquals("counter", t.families.get("jmon_process_restarts_total").type());
        List<PromText.Sample> status = t.of("jmon_process_status").stream().filter(s -> s.value() == 1).toList();
        assertEquals(List.of("online", "errored"), status.stream().map(s -> s.label("status")).toList());
        assertEquals(ProcessStatus.values().length * 2, t.of("jmon_process_status").size());
        List<PromText.Sample> custom = t.of("jmon_custom_metric");
        assertEquals(2, custom.size());
        assertEquals("queue depth", custom.get(0).label("metric"));
        assertEquals("items", custom.get(0).label("unit"));
        assertEquals(12.0, custom.get(0).value());
        assertEquals("we\"ird\\name\nx", custom.get(1).label("metric"));
        assertEquals(3.25, t.of("jmon_process_cpu_percent").get(0).value());
        assertEquals(1_048_576.0, t.of("jmon_process_memory_bytes").get(0).value());
        assertEquals(65.5, t.of("jmon_daemon_uptime_seconds").get(0).value());
        assertEquals(1.5, t.of("jmon_daemon_cpu_percent").get(0).value());
        assertEquals(50_000_000.0, t.of("jmon_daemon_memory_bytes").get(0).value());
        assertEquals(20_000_000.0, t.of("jmon_daemon_heap_used_bytes").get(0).value());
        assertEquals(8.0, t.of("jmon_host_cores").get(0).value());
        assertEquals(3, t.of("jmon_host_load").size());
    }

    @Test
    void theStrictParserRejectsWhatPrometheusWould() {
        String ok = "# HELP a x\n# TYPE a gauge\na{l=\"v\"} 1\n";
        assertEquals(1, PromText.parse(ok).samples.size());
        for (String bad : List.of(
                "a 1\n",                                                    // no HELP/TYPE
                "# HELP a x\n# TYPE a gauge\na{l=\"v\\t\"} 1\n",            // bad escape
                "# HELP a x\n# TYPE a gauge\na{l=\"v\"} 1\na{l=\"v\"} 2\n", // duplicate series
                "# HELP a x\n# TYPE a gauge\n1a 1\n",                        // bad name
                "# HELP a x\n# TYPE a gauge\na one\n",                       // bad value
                "# HELP a x\n# TYPE a gauge\na 1",                           // no final line feed
                "# comment\n",                                              // other comment
                "# HELP a x\n# TYPE a gauge\n# HELP b y\n# TYPE b gauge\nb 1\na 1\n")) { // split family
            assertThrows(IllegalArgumentException.class, () -> PromText.parse(bad), bad);
        }
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
