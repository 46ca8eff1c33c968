package jmon.incident;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jmon.api.JmonApi;
import jmon.daemon.Daemon;
import jmon.it.Jmon;
import jmon.rpc.RpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FreezeAndDecisionTest {
    @TempDir
    Path tmp;

    @Test
    void duringARestoreTheNamespaceIsFrozenForEveryoneElse() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.up(j);
            j.ok("delete", "all", "-n", "shop-prod");
            CompletableFuture<Jmon.Result> restore = CompletableFuture.supplyAsync(() -> j.run("restore", "--yes"));
            Jmon.await("shop-prod frozen", 60_000, () -> j.run("freeze", "--list").out().contains("shop-prod"));
            Jmon.Result other = j.run("start", "shop-prod.json", "--only", "shop-worker");
            assertEquals(1, other.code(), other.all());
            assertTrue(other.all().contains("frozen"), other.all());
            Jmon.Result r = restore.get(120, TimeUnit.SECONDS);
            assertEquals(0, r.code(), r.all());
            assertFalse(j.run("freeze", "--list").out().contains("shop-prod"), "unfrozen at the end");
            assertEquals("online", j.status("shop-prod", "shop-api"));
        }
    }

    @Test
    void theRestorerAsksTheDeciderWithTheLastErrorLines_retryThenAbort() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.write(j, "shop-never");
            j.write("never.json", "{\"namespace\":\"shop-prod\",\"tier\":\"production\",\"apps\":["
                    + Shop.app("shop-never", "never.sh", 1, ",\"wait_ready\":true,\"listen_timeout\":30000") + ","
                    + Shop.app("shop-worker", "worker.sh", 2, "") + "]}");
            j.ok("inventory", "add", "never.json");
            j.ok("ping");
            try (RpcClient reader = new RpcClient(j.home.resolve("jmon.sock"), Daemon.version())) {
                Inventory.Loaded inv = Inventory.load(reader, null); // the daemon's inventory: registered there
                Assessment a = Assessment.of(reader, null, j.home, inv, null, false);
                assertEquals(Severity.P2, a.severity(), a.verdict.reason());
                Plan plan = Plan.of(a);
                assertEquals("shop-prod/shop-never", plan.steps().get(0).app.key());
                List<Restorer.StepResult> asked = new ArrayList<>();
                List<String> events = new ArrayList<>();
                Restorer r = new Restorer(ns -> new RpcClient(j.home.resolve("jmon.sock"), Daemon.version()), reader, 2000);
                Restorer.Result res = r.run(plan, (step, failure) -> {
                    asked.add(failure);
                    return asked.size() == 1 ? Restorer.Decision.RETRY : Restorer.Decision.ABORT;
                }, new Restorer.Listener() {
                    @Override public void stepStarted(int i, Plan.Step s, int attempt) { events.add("start " + s.app.name() + " " + attempt); }
                });
                assertEquals(2, asked.size());
                assertTrue(asked.get(0).lastLines().stream().anyMatch(l -> l.contains("never ready")), asked.get(0).lastLines().toString());
                assertTrue(res.aborted());
                assertEquals(List.of("start shop-never 1", "start shop-never 2"), events);
                assertEquals("aborted", res.steps().get(0).outcome());
                assertEquals("not-run", res.steps().get(1).outcome());
                assertNull(j.proc("shop-prod", "shop-worker"));
            }
        }
    }

    @Test
    void severityTree() {
        assertEquals(Severity.NONE, Severity.classify(List.of()).severity());
    }

}
