package jmon.incident;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.daemon.Daemon;
import jmon.it.Jmon;
import jmon.rpc.RpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the assessment says is what is true: real processes, a real daemon, with and without jmon's keys. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AssessmentTruthTest {
    @TempDir
    Path tmp;

    /** PM2-style files: no tier, no priority, no health. The runbook's flyer-crawler, in prod and test. */
    private static void pm2Style(Jmon j) throws Exception {
        j.script("serve.sh", "echo up\nexec sleep 100000");
        for (String ns : List.of("flyer-crawler-prod", "flyer-crawler-test")) {
            String sfx = ns.endsWith("test") ? "-test" : "";
            j.write(ns + ".json", "{\"namespace\":\"" + ns + "\",\"apps\":["
                    + "{\"name\":\"flyer-crawler-api" + sfx + "\",\"script\":\"serve.sh\",\"min_uptime\":500},"
                    + "{\"name\":\"flyer-crawler-worker" + sfx + "\",\"script\":\"serve.sh\",\"min_uptime\":500},"
                    + "{\"name\":\"flyer-crawler-analytics-worker" + sfx + "\",\"script\":\"serve.sh\",\"min_uptime\":500}]}");
            j.ok("start", ns + ".json");
            j.ok("save", "-n", ns);
        }
    }

    private static List<String> names(JsonNode plan) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : plan) out.add(s.get("name").asText());
        return out;
    }

    @Test
    void withoutJmonsKeys_tierIsInferredFromTheNamespace_andThePlanFollowsTheFile() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            pm2Style(j);
            // scenario B: the test processes missing
            j.ok("delete", "all", "-n", "flyer-crawler-test");
            JsonNode dry = Shop.json(j.ok("restore", "--dry-run", "--json").out());
            assertEquals("P3", dry.get("severity").asText(), "a test namespace is P3, not P2: " + dry);
            assertTrue(dry.get("reason").asText().contains("inferred"), dry.toString());
            // the order of the file, not of the names (analytics-worker sorts first)
            assertEquals(List.of("flyer-crawler-api-test", "flyer-crawler-worker-test", "flyer-crawler-analytics-worker-test"), names(dry.get("plan")));
            String text = j.ok("restore", "--dry-run").out();
            assertTrue(text.contains("test inferred") && text.contains("order inferred"), text);
            // scenario A: production missing
            j.ok("restore", "--yes");
            j.ok("delete", "all", "-n", "flyer-crawler-prod");
            dry = Shop.json(j.ok("restore", "--dry-run", "--json").out());
            assertEquals("P2", dry.get("severity").asText(), dry.toString());
            assertEquals(List.of("flyer-crawler-api", "flyer-crawler-worker", "flyer-crawler-analytics-worker"), names(dry.get("plan")));
        }
    }

    @Test
    void tierTokens() {
        assertEquals("production", Expected.inferTier("shop-prod"));
        assertEquals("production", Expected.inferTier("prod-eu"));
        assertEquals("production", Expected.inferTier("production"));
        assertEquals("test", Expected.inferTier("flyer-crawler-test"));
        assertEquals("test", Expected.inferTier("staging.eu"));
        assertEquals("development", Expected.inferTier("flyer-crawler-dev"));
        assertNull(Expected.inferTier("product"), "a token, not a prefix");
        assertNull(Expected.inferTier("devops"));
        assertNull(Expected.inferTier("stock-alert"));
    }

    @Test
    void noReadinessSignalIsNotChecked_neverHealthy_inStatusChecklistReportAndHttp() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Files.createDirectories(j.home);
            Files.writeString(j.home.resolve("config.json"), "{\"http\":{\"bind\":\"127.0.0.1:" + port + "\"}}");
            pm2Style(j);
            j.script("never.sh", "exec sleep 100000");
            j.write("gated.json", "{\"namespace\":\"gated-prod\",\"apps\":[{\"name\":\"g\",\"script\":\"never.sh\",\"wait_ready\":true,\"listen_timeout\":600000}]}");
            Thread starter = new Thread(() -> j.run("start", "gated.json"));
            starter.setDaemon(true);
            starter.start();
            Jmon.await("gated listed", 20_000, () -> j.proc("gated-prod", "g") != null);

            Jmon.Result st = j.run("incident", "status", "-n", "flyer-crawler-prod");
            assertEquals(0, st.code(), st.all());
            assertTrue(st.out().contains("not checked") && st.out().contains("not-checked"), st.out());
            assertFalse(st.out().contains("online and ready"), st.out());

            try (RpcClient c = new RpcClient(j.home.resolve("jmon.sock"), Daemon.version())) {
                Inventory.Loaded inv = Inventory.load(j.home, j.env);
                List<Checklist.Item> items = Checklist.verify(inv.in("flyer-crawler-prod"), c.list(null), Map.of());
                Checklist.Item unchecked = items.stream().filter(Checklist.Item::unverified).findFirst().orElseThrow();
                assertTrue(unchecked.line().startsWith("- [?]") && unchecked.detail().contains("flyer-crawler-api"), unchecked.line());
                assertTrue(items.stream().noneMatch(i -> i.line().startsWith("- [x] readiness is healthy (3")), items.toString());
            }

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Jmon.await("http up", 10_000, () -> {
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
            HttpResponse<String> pm2 = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health/ready?namespace=flyer-crawler-prod")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, pm2.statusCode(), pm2.body());
            assertEquals("not_checked", Shop.json(pm2.body()).at("/data/status").asText(), pm2.body());
            HttpResponse<String> gated = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health/ready?namespace=gated-prod")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, gated.statusCode(), "every app of the namespace not ready: " + gated.body());
        }
    }

    @Test
    void aCrashLoopCountsAsDown_andTheChecklistSeesTheRestarts() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            // lives past min_uptime, then dies: restarts are "stable", yet it never serves for long
            j.script("flaky.sh", "echo starting\nsleep 0.6\necho boom >&2\nexit 3");
            j.write("loop.json", "{\"namespace\":\"loop-prod\",\"apps\":[{\"name\":\"flaky\",\"script\":\"flaky.sh\",\"min_uptime\":200,"
                    + "\"restart_delay\":100}]}");
            j.ok("start", "loop.json");
            j.ok("save", "-n", "loop-prod");
            Jmon.await("3 restarts", 30_000, () -> j.proc("loop-prod", "flaky").get("pm2_env").get("restart_time").asInt() >= 3);
            Jmon.Result st = j.run("incident", "status", "--json");
            assertEquals(1, st.code(), st.all());
            JsonNode s = Shop.json(st.out());
            assertEquals("P2", s.get("severity").asText(), s.toString());
            assertEquals("crash-looping", s.get("findings").get(0).get("state").asText(), s.toString());
            try (RpcClient c = new RpcClient(j.home.resolve("jmon.sock"), Daemon.version())) {
                List<Checklist.Item> items = Checklist.verify(Inventory.load(j.home, j.env).in("loop-prod"), c.list(null), Map.of());
                Checklist.Item restarts = items.stream().filter(i -> i.text().contains("restart count")).findFirst().orElseThrow();
                assertFalse(restarts.ok(), restarts.line());
            }
        }
    }

    @Test
    void aDaemonKilledWithItsAppsAlive_isNoAppOutage_andRestoreYesStartsTheDaemonWhichReadoptsThem() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.up(j);
            List<Long> pids = new ArrayList<>();
            for (JsonNode p : j.jlist()) pids.add(p.get("pid").asLong());
            long d = j.daemonPid();
            ProcessHandle.of(d).ifPresent(ProcessHandle::destroyForcibly);
            j.awaitDaemonGone(d);
            Jmon.Result st = j.run("incident", "status");
            assertEquals(1, st.code(), "the daemon is down: not all is well\n" + st.all());
            assertTrue(st.out().contains("daemon down, 6 apps still serving, no app outage"), st.out());
            assertTrue(st.out().contains("unsupervised") && st.out().contains("jmon restore --yes"), st.out());
            assertFalse(st.out().contains("P1"), st.out());
            Jmon.Result r = j.run("restore", "--yes");
            assertEquals(0, r.code(), r.all());
            assertTrue(r.out().contains("it re-adopted 6 running app(s)"), r.out());
            assertTrue(r.out().contains("nothing to restore"), r.out());
            List<Long> after = new ArrayList<>();
            for (JsonNode p : j.jlist()) after.add(p.get("pid").asLong());
            assertEquals(pids.stream().sorted().toList(), after.stream().sorted().toList(), "the same processes, nothing restarted");
        }
    }

    @Test
    void scenarioD_pm2StyleFiles_deleteAllWithoutASave_restoresProductionFirstThenTest_andReportsIt() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.script("serve.sh", "echo up\nexec sleep 100000");
            String[][] files = {{"flyer-crawler-prod", ""}, {"stock-alert", ""}, {"flyer-crawler-test", "-test"}};
            for (String[] f : files) {
                String ns = f[0];
                String base = ns.startsWith("stock") ? "stock-alert" : "flyer-crawler";
                StringBuilder apps = new StringBuilder();
                for (String n : ns.startsWith("stock") ? List.of("api") : List.of("api", "worker", "analytics-worker")) {
                    if (apps.length() > 0) apps.append(',');
                    apps.append("{\"name\":\"").append(base).append('-').append(n).append(f[1]).append("\",\"script\":\"serve.sh\",\"min_uptime\":300}");
                }
                j.write(ns + ".json", "{\"namespace\":\"" + ns + "\",\"apps\":[" + apps + "]}");
                j.ok("inventory", "add", ns + ".json");
                j.ok("start", ns + ".json");
            }
            for (String[] f : files) j.ok("delete", "all", "-n", f[0]); // the deploy script; nobody saved
            Jmon.Result r = j.run("restore", "--yes", "--json");
            assertEquals(0, r.code(), r.all());
            JsonNode res = Shop.json(r.out());
            assertEquals("P1", res.get("severity").asText());
            List<String> order = new ArrayList<>();
            for (JsonNode s : res.get("steps")) order.add(s.get("name").asText());
            assertEquals(List.of("flyer-crawler-prod/flyer-crawler-api", "flyer-crawler-prod/flyer-crawler-worker",
                    "flyer-crawler-prod/flyer-crawler-analytics-worker", "stock-alert/stock-alert-api",
                    "flyer-crawler-test/flyer-crawler-api-test", "flyer-crawler-test/flyer-crawler-worker-test",
                    "flyer-crawler-test/flyer-crawler-analytics-worker-test"), order);
            long prodReady = 0, testStart = Long.MAX_VALUE;
            for (JsonNode s : res.get("steps")) {
                if (s.get("name").asText().startsWith("flyer-crawler-test/")) testStart = Math.min(testStart, s.get("startedAt").asLong());
                else prodReady = Math.max(prodReady, s.get("readyAt").asLong());
            }
            assertTrue(testStart >= prodReady, "test starts only once production is back");
            Path dir = Shop.dirOf(res);
            String report = Files.readString(dir.resolve("report.md"));
            assertTrue(report.contains("Resolved (readiness not checked"), report);
            assertTrue(report.contains("The 5 whys start from") && report.contains("delete all"), report);
            assertTrue(report.contains("### Per app") && report.contains("| `flyer-crawler-prod/flyer-crawler-api` | flyer-crawler |"), report);
            assertTrue(Files.readString(dir.resolve("notification.md")).contains("flyer-crawler production"), "products in the subject");
            String timeline = Files.readString(dir.resolve("timeline.md"));
            assertTrue(timeline.contains("update.md written: RESTORING") && timeline.contains("update.md written: VERIFIED"), timeline);
            // from the daemon's history: each app's own status changes, the delete among them
            assertTrue(timeline.contains("flyer-crawler-prod/flyer-crawler-api: online → stopping") && timeline.contains("| history |"), timeline);
            assertTrue(report.contains("history: online → down"), "first failure from the history: " + report);
            assertTrue(Files.readString(dir.resolve("update.md")).contains("Status: RESOLVED"));
            assertTrue(Files.exists(dir.resolve("restore.md")), "the daemon's record of the job");
        }
    }
}
