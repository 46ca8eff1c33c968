package jmon.engine.inventory;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jmon.api.AppSpec;
import jmon.api.Caller;
import jmon.api.CallerContext;
import jmon.api.ExpectedApp;
import jmon.engine.persist.DumpStore;
import jmon.spec.EcosystemLoader;
import jmon.spec.LoadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tombstones on a fake clock: kept seven days, bounded in number, gone when the app starts again; durable. */
class ExpectedInventoryTest {
    @TempDir Path home;

    private List<AppSpec> specs(int n) throws Exception {
        StringBuilder apps = new StringBuilder();
        for (int i = 0; i < n; i++) apps.append(i == 0 ? "" : ",").append("{\"name\":\"a").append(i).append("\",\"script\":\"sleep\"}");
        Path f = home.resolve("eco.json");
        Files.writeString(f, "{\"namespace\":\"prod\",\"apps\":[" + apps + "]}");
        var r = new EcosystemLoader(Map.of("PATH", System.getenv("PATH"))).load(f, LoadOptions.none());
        assertTrue(r.ok(), r.problems().toString());
        return r.apps();
    }

    @Test
    void tombstonesAgeOutAreBoundedAndGoWhenStartedAgain() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        Path file = home.resolve("expected.json");
        ExpectedInventory inv = new ExpectedInventory(file, new DumpStore(home), now::get, Map.of(), w -> fail(w));
        List<AppSpec> three = specs(3);
        inv.started(three);
        CallerContext ctx = new CallerContext(9, "jmon delete all -n prod",
                List.of(new CallerContext.Ancestor(8, "bash deploy.sh")), "/", null, null, "gitlab job 4", null);
        inv.deleted(three.subList(0, 2), new Caller("deploy", null, false, ctx));
        List<ExpectedApp> e = new java.util.ArrayList<>(inv.expected("prod"));
        assertEquals(3, e.size());
        e.sort(java.util.Comparator.comparing(ExpectedApp::name)); // the daemon keeps start order; by name here
        assertEquals(ExpectedApp.Source.TOMBSTONE, e.get(0).source());
        assertEquals("bash deploy.sh", e.get(0).deleted().via());
        assertEquals("gitlab job 4", e.get(0).deleted().ciRun());
        assertEquals(ExpectedApp.Source.FILE, e.get(2).source());
        assertNull(e.get(2).deleted());

        // durable: a new daemon reads the same
        ExpectedInventory reread = new ExpectedInventory(file, new DumpStore(home), now::get, Map.of(), w -> fail(w));
        assertEquals(inv.expected("prod"), reread.expected("prod"));

        inv.started(three.subList(0, 1));
        assertNull(inv.expected("prod").stream().filter(x -> x.name().equals("a0")).findFirst().orElseThrow().deleted(),
                "started again: no longer deleted");

        now.addAndGet(ExpectedInventory.TOMBSTONE_KEEP_MS + 1);
        List<ExpectedApp> later = inv.expected("prod");
        assertEquals(2, later.size(), "the tombstone of a1 aged out: " + later);
        assertEquals(List.of("a0", "a2"), later.stream().map(ExpectedApp::name).sorted().toList());
    }

    @Test
    void atMostMaxTombstonesTheOldestGoFirst() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        ExpectedInventory inv = new ExpectedInventory(home.resolve("expected.json"), new DumpStore(home), now::get, Map.of(), w -> { });
        List<AppSpec> many = specs(ExpectedInventory.MAX_TOMBSTONES + 5);
        List<AppSpec> batch = new ArrayList<>();
        for (AppSpec s : many) {
            now.incrementAndGet();
            inv.deleted(List.of(s), new Caller("u", null, false));
            batch.add(s);
        }
        List<ExpectedApp> e = inv.expected(null);
        assertEquals(ExpectedInventory.MAX_TOMBSTONES, e.size());
        assertTrue(e.stream().noneMatch(x -> x.name().equals("a0") || x.name().equals("a4")), "the oldest went first");
        assertTrue(e.stream().anyMatch(x -> x.name().equals("a5")));
    }

    @Test
    void aDamagedFileIsKeptAsideAndSaid() throws Exception {
        Path file = home.resolve("expected.json");
        Files.writeString(file, "{not json");
        List<String> warnings = new ArrayList<>();
        ExpectedInventory inv = new ExpectedInventory(file, new DumpStore(home), () -> 1, Map.of(), warnings::add);
        assertEquals(List.of(), inv.expected(null));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("damaged"), warnings.get(0));
        assertTrue(Files.list(home).anyMatch(p -> p.getFileName().toString().startsWith("expected.json.corrupt")),
                "kept aside");
    }
}
