package jmon.incident;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jmon.api.RestoreJob;
import jmon.api.RestoreStepState;
import jmon.daemon.Daemon;
import jmon.it.Jmon;
import jmon.rpc.RpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The restore as a durable job of the daemon, on real processes: whatever happens to its client. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RestoreJobTest {
    @TempDir
    Path tmp;

    private static RpcClient client(Jmon j) { return new RpcClient(j.home.resolve("jmon.sock"), Daemon.version()); }

    /** The running (else latest) job; null while there is none, or while the daemon the restore starts is not up yet. */
    private static RestoreJob status(Jmon j) {
        if (!jmon.rpc.RpcClient.reachable(j.home.resolve("jmon.sock"))) return null;
        try (RpcClient c = client(j)) {
            return c.restoreStatus(null);
        }
    }

    private static RestoreStepState step(RestoreJob job, String key) {
        for (RestoreStepState s : job.steps()) if (s.key().equals(key)) return s;
        throw new AssertionError("no step " + key + " in " + job);
    }

    private static boolean frozen(Jmon j, String ns) { return j.run("freeze", "--list").out().contains(ns); }

    /** The CLI as its own process (it can be sent SIGHUP), on this test's home. */
    private static Process cli(Jmon j, Path out, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "jmon.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(j.dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(j.env);
        return pb.start();
    }

    @Test
    void aClientHungUpMidRestore_theJobGoesOn_theReportIsWritten_theFreezeEndsWithTheJob() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.up(j);
            j.ok("delete", "all", "-n", "shop-prod");
            Path out = tmp.resolve("cli.out");
            Process p = cli(j, out, "restore", "--yes");
            // the job runs (the api takes 1.5 s to be ready): hang up the client while it waits
            Jmon.await("the job runs", 60_000, () -> { RestoreJob s = status(j); return s != null && s.running(); });
            assertTrue(frozen(j, "shop-prod"), "the job froze the namespace");
            new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the client died of its SIGHUP");
            assertTrue(status(j).running(), "the job outlives its client: " + status(j));

            Jmon.Result attach = j.run("restore", "--attach", "--json");
            assertEquals(0, attach.code(), attach.all());
            JsonNode a = Shop.json(attach.out());
            assertEquals("done", a.get("state").asText());
            for (JsonNode s : a.get("steps")) assertEquals("ready", s.get("outcome").asText(), s.toString());
            for (String n : List.of("shop-api", "shop-worker", "shop-analytics")) assertEquals("online", j.status("shop-prod", n));
            assertFalse(frozen(j, "shop-prod"), "the freeze ended with the job");
            Path report = Path.of(a.get("report").asText());
            assertTrue(Files.exists(report), "the daemon wrote the report without any client: " + report);
            String md = Files.readString(report);
            assertTrue(md.contains("DONE") && md.contains("shop-prod/shop-api") && md.contains("unfroze shop-prod"), md);
            // an operator's own commands work again
            j.ok("restart", "shop-worker", "-n", "shop-prod");
        }
    }

    @Test
    void freezeThenRestoreBySameOperator_usesTheStoredToken_andLeavesTheOperatorsFreeze() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.up(j);
            j.ok("delete", "all", "-n", "shop-prod");
            j.ok("freeze", "-n", "shop-prod", "--reason", "INC-42");
            Jmon.Result r = j.run("restore", "--yes", "--json");
            assertEquals(0, r.code(), r.all());
            assertTrue(Shop.json(r.out()).get("passed").asBoolean());
            assertEquals("online", j.status("shop-prod", "shop-api"));
            assertTrue(frozen(j, "shop-prod"), "the operator's freeze is the operator's to lift");
            assertEquals(1, j.run("restart", "shop-api", "-n", "shop-prod").code(), "still frozen for everyone");
            j.ok("unfreeze", "-n", "shop-prod");
        }
    }

    @Test
    void aQuestionIsAnsweredFromAnotherClient_thenFallsBackToThePolicyWhenUnanswered() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.write(j, "shop-never");
            j.write("never.json", "{\"namespace\":\"shop-prod\",\"tier\":\"production\",\"apps\":["
                    + Shop.app("shop-never", "never.sh", 1, ",\"wait_ready\":true,\"listen_timeout\":30000") + ","
                    + Shop.app("shop-worker", "worker.sh", 2, "") + "]}");
            j.ok("inventory", "add", "never.json");
            CompletableFuture<Jmon.Result> restore = CompletableFuture.supplyAsync(() -> j.run("restore", "--yes", "--json",
                    "--step-timeout", "1500", "--on-failure", "ask", "--question-timeout", "2", "--unanswered", "skip"));
            Jmon.await("a question", 60_000, () -> { RestoreJob s = status(j); return s != null && !s.questions().isEmpty(); });
            assertTrue(status(j).questions().get(0).problem().contains("READY=1"), "the real reason: " + status(j).questions());
            Jmon.Result ans = j.run("restore", "--answer", "retry");
            assertEquals(0, ans.code(), ans.all());
            Jmon.Result r = restore.get(120, TimeUnit.SECONDS);
            assertEquals(1, r.code(), "a skipped step fails the checklist\n" + r.all());
            JsonNode res = Shop.json(r.out());
            JsonNode never = res.get("steps").get(0);
            assertEquals("skipped", never.get("outcome").asText(), res.toString());
            assertEquals(2, never.get("attempts").asInt(), "answered retry once, then unanswered");
            assertEquals("ready", res.get("steps").get(1).get("outcome").asText());
            RestoreJob job = status(j);
            assertTrue(job.log().stream().anyMatch(l -> l.contains("answered retry")), job.log().toString());
            assertTrue(job.log().stream().anyMatch(l -> l.contains("unanswered for 2 s")), job.log().toString());
            assertTrue(r.err().contains("never ready"), "the last log lines are shown: " + r.err());
        }
    }

    @Test
    void cancelEndsTheJob_itsFreezeEnds_andItsReportIsWritten() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.write(j, "shop-never");
            j.write("never.json", "{\"namespace\":\"shop-prod\",\"tier\":\"production\",\"apps\":["
                    + Shop.app("shop-never", "never.sh", 1, ",\"wait_ready\":true,\"listen_timeout\":60000") + ","
                    + Shop.app("shop-worker", "worker.sh", 2, "") + "]}");
            j.ok("inventory", "add", "never.json");
            CompletableFuture<Jmon.Result> restore = CompletableFuture.supplyAsync(() -> j.run("restore", "--yes", "--json", "--step-timeout", "60000"));
            Jmon.await("the job runs", 60_000, () -> { RestoreJob s = status(j); return s != null && s.running() && frozen(j, "shop-prod"); });
            assertEquals(0, j.run("restore", "--cancel").code());
            Jmon.Result r = restore.get(60, TimeUnit.SECONDS);
            assertEquals(1, r.code(), r.all());
            JsonNode res = Shop.json(r.out());
            assertEquals("cancelled", res.get("jobState").asText());
            assertEquals("not-run", res.get("steps").get(1).get("outcome").asText());
            assertFalse(frozen(j, "shop-prod"));
            RestoreJob job = status(j);
            assertTrue(Files.readString(Path.of(job.reportPath())).contains("CANCELLED"));
            assertNull(j.proc("shop-prod", "shop-worker"), "nothing after the cancel ran");
            assertEquals(2, j.run("restore", "--cancel").code(), "nothing runs any more");
        }
    }

    @Test
    void aDaemonKilledMidJob_theNextDaemonResumesIt() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.script("slow.sh", "sleep 3\necho READY=1 > \"$JMON_NOTIFY\"\nexec sleep 1000");
            j.script("worker.sh", "exec sleep 1000");
            j.write("shop.json", "{\"namespace\":\"shop-prod\",\"apps\":["
                    + Shop.app("slow", "slow.sh", 1, ",\"wait_ready\":true,\"listen_timeout\":30000") + ","
                    + Shop.app("after", "worker.sh", 2, "") + "]}");
            j.ok("inventory", "add", "shop.json");
            j.ok("ping");
            CompletableFuture<Jmon.Result> restore = CompletableFuture.supplyAsync(() -> j.run("restore", "--yes", "--json"));
            Jmon.await("step 1 runs", 60_000, () -> { RestoreJob s = status(j); return s != null && step(s, "shop-prod/slow").state().equals("running"); });
            long d = j.daemonPid();
            ProcessHandle.of(d).ifPresent(ProcessHandle::destroyForcibly);
            j.awaitDaemonGone(d);
            restore.get(60, TimeUnit.SECONDS); // the client loses its daemon: whatever it says, the job is the daemon's
            j.ok("ping");
            Jmon.await("the resumed job ends", 60_000, () -> !status(j).running());
            RestoreJob job = status(j);
            assertEquals("done", job.state(), job.toString());
            assertTrue(job.allReady(), job.toString());
            assertTrue(job.log().stream().anyMatch(l -> l.contains("daemon restarted")), job.log().toString());
            assertEquals("online", j.status("shop-prod", "after"));
            assertEquals(2, j.jlist().size(), "no app twice: " + j.jlist());
            assertFalse(frozen(j, "shop-prod"), "the freeze ended with the resumed job");
        }
    }

    @Test
    void aFailedStepCarriesTheRealReason_theProbesLastResult() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            j.write("probe.json", "{\"namespace\":\"web-prod\",\"apps\":[{\"name\":\"web\",\"script\":\"sleep\",\"args\":[\"1000\"],"
                    + "\"listen_timeout\":30000,\"health\":{\"readiness\":{\"tcp\":\"127.0.0.1:" + port + "\",\"period\":100}}}]}");
            j.ok("inventory", "add", "probe.json");
            Jmon.Result r = j.run("restore", "--yes", "--json", "--step-timeout", "2000");
            assertEquals(1, r.code(), r.all());
            String err = Shop.json(r.out()).get("steps").get(0).get("error").asText();
            assertTrue(err.contains("readiness FAIL") && err.contains("refused"), err);
            assertFalse(err.endsWith("launching"), err);
        }
    }

    @Test
    void twoHundredAppsOfOneLevelRestoreInParallel_atLeastFiveTimesFasterThanOneByOne() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.script("idle.sh", "exec sleep 100000");
            long minUptime = 1000;
            StringBuilder many = new StringBuilder("{\"namespace\":\"bulk-prod\",\"apps\":[");
            for (int i = 0; i < 200; i++) {
                if (i > 0) many.append(',');
                many.append("{\"name\":\"a").append(i).append("\",\"script\":\"idle.sh\",\"min_uptime\":").append(minUptime)
                        .append(",\"kill_timeout\":300}");
            }
            j.write("bulk.json", many.append("]}").toString());
            StringBuilder few = new StringBuilder("{\"namespace\":\"one-prod\",\"apps\":[");
            for (int i = 0; i < 10; i++) {
                if (i > 0) few.append(',');
                few.append("{\"name\":\"b").append(i).append("\",\"script\":\"idle.sh\",\"min_uptime\":").append(minUptime)
                        .append(",\"kill_timeout\":300}");
            }
            j.write("few.json", few.append("]}").toString());
            j.ok("inventory", "add", "few.json");
            j.ok("ping");
            // one by one: 10 apps, the per-step cost
            JsonNode serial = Shop.json(j.ok("restore", "--yes", "--json", "-n", "one-prod", "--parallel", "1").out());
            assertTrue(serial.get("passed").asBoolean(), serial.toString());
            double perStep = span(serial) / 10.0;
            assertTrue(perStep >= minUptime, "each step waited min_uptime: " + perStep);
            j.ok("inventory", "add", "bulk.json");
            JsonNode par = Shop.json(j.ok("restore", "--yes", "--json", "-n", "bulk-prod", "--parallel", "32").out());
            assertTrue(par.get("passed").asBoolean(), par.toString());
            assertEquals(200, par.get("steps").size());
            long parallel = span(par);
            System.out.println("[restore] 200 apps at --parallel 32: " + parallel + " ms; one by one: " + perStep + " ms a step (x200 = "
                    + (long) (200 * perStep) + " ms)");
            assertTrue(200 * perStep >= 5 * parallel, "200 apps took " + parallel + " ms; one by one would take "
                    + (long) (200 * perStep) + " ms (" + perStep + " ms a step)");
        }
    }

    /** First step's start to last step's ready, in ms. */
    private static long span(JsonNode res) {
        long first = Long.MAX_VALUE, last = 0;
        for (JsonNode s : res.get("steps")) {
            first = Math.min(first, s.get("startedAt").asLong());
            last = Math.max(last, s.get("readyAt").asLong());
        }
        return last - first;
    }
}
