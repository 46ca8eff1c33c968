package jmon.incident;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jmon.it.Jmon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The runbook's scenarios A-D against real processes and a real daemon. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RestoreScenarioTest {
    @TempDir
    Path tmp;

    private static List<String> names(JsonNode arr) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : arr) out.add(s.has("namespace") ? s.get("namespace").asText() + "/" + s.get("name").asText() : s.get("name").asText());
        return out;
    }

    private static void filesExist(Path d) {
        for (String f : List.of("state.json", "system.txt", "timeline.md", "report.md", "notification.md", "update.md", "resolution.md", "incident.json"))
            assertTrue(Files.exists(d.resolve(f)), d + "/" + f);
    }

    @Test
    void scenarioA_productionMissing_isP2_restoredInPriorityOrder_eachWaitsForReady() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.up(j);
            j.ok("delete", "all", "-n", "shop-prod");
            Jmon.Result st = j.run("incident", "status");
            assertEquals(1, st.code(), st.all());
            assertTrue(st.out().contains("P2") && st.out().contains("missing") && st.out().contains("shop-prod/shop-api"), st.out());
            assertTrue(st.out().contains("delete all") || st.out().contains("\"delete all\""), "the bulk delete is flagged: " + st.out());
            JsonNode dry = Shop.json(j.ok("restore", "--dry-run", "--json").out());
            assertEquals("P2", dry.get("severity").asText());
            assertEquals(List.of("shop-prod/shop-api", "shop-prod/shop-worker", "shop-prod/shop-analytics"), names(dry.get("plan")));
            Jmon.Result no = j.run("restore");
            assertEquals(2, no.code(), "no terminal, no --yes: plan and exit 2\n" + no.all());
            assertTrue(no.out().contains("shop-prod/shop-api") && no.err().contains("--yes"), no.all());

            Jmon.Result r = j.run("restore", "--yes", "--json");
            assertEquals(0, r.code(), r.all());
            JsonNode res = Shop.json(r.out());
            assertTrue(res.get("passed").asBoolean());
            assertTrue(res.get("id").asText().endsWith("-P2"), res.get("id").asText());
            JsonNode steps = res.get("steps");
            assertEquals(List.of("shop-prod/shop-api", "shop-prod/shop-worker", "shop-prod/shop-analytics"), names(steps));
            long apiReady = steps.get(0).get("readyAt").asLong();
            long apiStart = steps.get(0).get("startedAt").asLong();
            assertTrue(apiReady - apiStart >= Shop.API_DELAY_MS - 100, "the api took its delay to be ready: " + (apiReady - apiStart));
            // the worker was spawned only after the api was ready (pm_uptime of the worker)
            assertTrue(Shop.startedAt(j, "shop-prod", "shop-worker") >= apiReady, "worker spawned before the api was ready");
            assertTrue(Shop.startedAt(j, "shop-prod", "shop-analytics") >= steps.get(1).get("readyAt").asLong());
            for (String n : List.of("shop-api", "shop-worker", "shop-analytics")) assertEquals("online", j.status("shop-prod", n));
            Path d = Shop.dirOf(res);
            filesExist(d);
            String report = Files.readString(d.resolve("report.md"));
            assertTrue(report.contains("Downtime per app"), report);
            assertTrue(report.matches("(?s).*`shop-prod/shop-api`: \\d+ (s|min).*audit.*"), report);
            assertTrue(report.contains("[TO FILL IN:"), report);
            assertTrue(report.contains("- [x] every expected process is online"), report);
            assertTrue(Files.readString(d.resolve("resolution.md")).contains("shop-prod/shop-api: Down for"), "resolution has downtime");
            assertTrue(Files.readString(d.resolve("notification.md")).contains("[P2 INCIDENT]"));
            assertTrue(Files.readString(d.resolve("timeline.md")).contains("step 1: start shop-prod/shop-api"));
            // unfrozen afterwards, saved, and listed
            assertFalse(j.ok("freeze", "--list").out().contains("shop-prod"));
            assertTrue(j.ok("incident", "list").out().contains(res.get("id").asText()));
            assertTrue(j.ok("incident", "show", res.get("id").asText()).out().contains("Incident Report"));
            assertEquals(0, j.run("incident", "status").code());
        }
    }

    @Test
    void scenarioB_testMissing_isP3_andScenarioC_otherProductProduction_isP2() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.up(j);
            j.ok("delete", "all", "-n", "shop-test");
            JsonNode dry = Shop.json(j.ok("restore", "--dry-run", "--json").out());
            assertEquals("P3", dry.get("severity").asText(), dry.toString());
            assertEquals(List.of("shop-test/shop-api-test", "shop-test/shop-worker-test"), names(dry.get("plan")));
            JsonNode res = Shop.json(j.ok("restore", "--yes", "--json").out());
            assertTrue(res.get("passed").asBoolean());
            assertTrue(res.get("id").asText().endsWith("-P3"));

            j.ok("stop", "stock-alert-api", "-n", "stock-alert");
            dry = Shop.json(j.ok("restore", "--dry-run", "--json").out());
            assertEquals("P2", dry.get("severity").asText(), dry.toString());
            assertEquals(List.of("stock-alert/stock-alert-api"), names(dry.get("plan")));
            assertEquals("start-stopped", dry.get("plan").get(0).get("action").asText());
            long shopApiSpawn = Shop.startedAt(j, "shop-prod", "shop-api");
            res = Shop.json(j.ok("restore", "--yes", "--json").out());
            assertTrue(res.get("passed").asBoolean());
            assertEquals("online", j.status("stock-alert", "stock-alert-api"));
            assertEquals(shopApiSpawn, Shop.startedAt(j, "shop-prod", "shop-api"), "a healthy process outside the plan is never touched");
        }
    }

    @Test
    void scenarioD_daemonKilledAndAppsGone_isP1_andRestoresEverythingInRunbookOrder() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.up(j);
            List<Long> pids = new ArrayList<>();
            for (JsonNode p : j.jlist()) pids.add(p.get("pid").asLong());
            long d = j.daemonPid();
            ProcessHandle.of(d).ifPresent(ProcessHandle::destroyForcibly);
            j.awaitDaemonGone(d);
            for (long pid : pids) ProcessHandle.of(pid).ifPresent(h -> { h.descendants().forEach(ProcessHandle::destroyForcibly); h.destroyForcibly(); });
            // the daemon's state went with it (a daemon that finds its state brings the apps back by itself)
            Files.deleteIfExists(j.home.resolve("state.json"));
            Files.deleteIfExists(j.home.resolve("state.prev.json"));
            try (var journal = Files.list(j.home.resolve("journal"))) {
                for (var f : journal.toList()) Files.delete(f);
            }
            Jmon.Result down = j.run("incident", "status");
            assertTrue(down.out().contains("NOT reachable"), down.all());
            j.ok("ping");
            JsonNode dry = Shop.json(j.ok("restore", "--dry-run", "--json").out());
            assertEquals("P1", dry.get("severity").asText(), dry.toString());
            List<String> order = List.of("shop-prod/shop-api", "shop-prod/shop-worker", "shop-prod/shop-analytics",
                    "stock-alert/stock-alert-api", "shop-test/shop-api-test", "shop-test/shop-worker-test");
            assertEquals(order, names(dry.get("plan")));
            Jmon.Result r = j.run("restore", "--yes", "--json");
            assertEquals(0, r.code(), r.all());
            JsonNode res = Shop.json(r.out());
            assertEquals(order, names(res.get("steps")));
            long prev = 0;
            for (JsonNode s : res.get("steps")) {
                assertEquals("ready", s.get("outcome").asText(), s.toString());
                assertTrue(s.get("startedAt").asLong() >= prev, "a step started before the previous was ready");
                prev = s.get("readyAt").asLong();
            }
            assertTrue(res.get("id").asText().endsWith("-P1"));
            Path dir = Shop.dirOf(res);
            filesExist(dir);
            assertTrue(Files.readString(dir.resolve("system.txt")).contains("=== disk"));
            assertTrue(Files.readString(dir.resolve("report.md")).contains("P1 - Critical"));
        }
    }

    @Test
    void aStepThatNeverBecomesReadyStopsThePlan_abortOrSkip() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.write(j, "shop-never");
            j.ok("start", "stock.json");
            j.ok("save", "-n", "stock-alert");
            j.write("never.json", "{\"namespace\":\"shop-prod\",\"tier\":\"production\",\"apps\":["
                    + Shop.app("shop-never", "never.sh", 1, ",\"wait_ready\":true,\"listen_timeout\":30000") + ","
                    + Shop.app("shop-worker", "worker.sh", 2, "") + "]}");
            j.ok("inventory", "add", "never.json");
            assertTrue(j.ok("inventory").out().contains("shop-never"));
            Jmon.Result r = j.run("restore", "--yes", "--json", "--step-timeout", "2500");
            assertEquals(1, r.code(), r.all());
            JsonNode res = Shop.json(r.out());
            assertFalse(res.get("passed").asBoolean());
            assertEquals("aborted", res.get("steps").get(0).get("outcome").asText());
            assertTrue(res.get("steps").get(0).get("error").asText().contains("not ready"), res.toString());
            assertEquals("not-run", res.get("steps").get(1).get("outcome").asText());
            assertTrue(r.err().contains("never ready"), "the last error lines are shown: " + r.err());
            assertNull(j.proc("shop-prod", "shop-worker"), "nothing after the failed step ran");
            boolean failedItem = false;
            for (JsonNode i : res.get("checklist")) if (!i.get("ok").asBoolean()) failedItem = true;
            assertTrue(failedItem);

            r = j.run("restore", "--yes", "--json", "--step-timeout", "2500", "--on-failure", "retry:1,skip");
            assertEquals(1, r.code(), r.all());
            res = Shop.json(r.out());
            JsonNode never = res.get("steps").get(0);
            assertEquals("skipped", never.get("outcome").asText(), res.toString());
            assertEquals(2, never.get("attempts").asInt());
            assertEquals("ready", res.get("steps").get(1).get("outcome").asText());
            assertEquals("online", j.status("shop-prod", "shop-worker"));
        }
    }
}
