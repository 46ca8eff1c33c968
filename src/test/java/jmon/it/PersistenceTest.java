package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** save / resurrect per namespace: atomic, concurrent-safe, never emptied implicitly. */
@Timeout(120)
class PersistenceTest {
    @TempDir Path tmp;
    Jmon j;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        j.write("a.json", """
                {"namespace":"alpha","apps":[
                  {"name":"second","script":"sleep","args":["1000"],"priority":2,"kill_timeout":300},
                  {"name":"first","script":"sleep","args":["1000"],"priority":1,"kill_timeout":300,
                   "env":{"DECLARED":"yes","API_TOKEN":"s3cret"}},
                  {"name":"idle","script":"sleep","args":["1000"],"priority":3,"kill_timeout":300}]}""");
        j.write("b.json", """
                {"namespace":"beta","apps":[{"name":"solo","script":"sleep","args":["1000"],"kill_timeout":300}]}""");
        j.env.put("CALLER_SECRET", "from-the-shell");
        j.ok("start", "a.json");
        j.ok("start", "b.json");
    }

    @AfterEach
    void down() { j.close(); }

    @Test
    void saveWritesOneFilePerNamespaceWithDeclaredEnvOnly() throws Exception {
        j.ok("save");
        JsonNode alpha = json.readTree(j.home.resolve("dump-alpha.json").toFile());
        JsonNode beta = json.readTree(j.home.resolve("dump-beta.json").toFile());
        assertEquals(3, alpha.get("apps").size());
        assertEquals(1, beta.get("apps").size());
        assertEquals("first", alpha.get("apps").get(0).get("spec").get("name").asText(), "priority order");
        String text = Files.readString(j.home.resolve("dump-alpha.json"));
        assertTrue(text.contains("DECLARED"));
        assertFalse(text.contains("CALLER_SECRET"), "the caller's shell env must not be saved");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(j.home.resolve("dump-alpha.json"))));
    }

    @Test
    void resurrectRestoresInPriorityOrderAndStoppedStaysStopped() throws Exception {
        j.ok("stop", "idle", "-n", "alpha");
        j.ok("save", "-n", "alpha");
        j.ok("delete", "all", "-n", "alpha");
        assertEquals(0, j.jlist("-n", "alpha").size());
        var dry = j.ok("resurrect", "-n", "alpha", "--dry-run").out();
        assertTrue(dry.contains("would start alpha/first (priority 1)"), dry);
        assertEquals(0, j.jlist("-n", "alpha").size(), "dry run changes nothing");
        j.ok("resurrect", "-n", "alpha");
        JsonNode ps = j.jlist("-n", "alpha");
        assertEquals(3, ps.size());
        assertEquals("online", j.status("alpha", "first"));
        assertEquals("online", j.status("alpha", "second"));
        assertEquals("stopped", j.status("alpha", "idle"));
        // started in priority order: first got the lower pm_id
        assertTrue(j.proc("alpha", "first").get("pm_id").asInt() < j.proc("alpha", "second").get("pm_id").asInt());
        assertEquals("online", j.status("beta", "solo"), "other namespace untouched");
    }

    @Test
    void emptyListOverANonEmptyDumpNeedsForce() throws Exception {
        j.ok("save", "-n", "beta");
        j.ok("delete", "solo", "-n", "beta");
        var r = j.run("save", "-n", "beta");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("--force"), r.err());
        assertEquals(1, json.readTree(j.home.resolve("dump-beta.json").toFile()).get("apps").size());
        // save of all namespaces keeps the beta dump and says so
        var all = j.ok("save").out();
        assertTrue(all.contains("kept dump-beta.json"), all);
        assertEquals(1, json.readTree(j.home.resolve("dump-beta.json").toFile()).get("apps").size());
        j.ok("save", "-n", "beta", "--force");
        assertEquals(0, json.readTree(j.home.resolve("dump-beta.json").toFile()).get("apps").size());
    }

    /**
     * The ADR's migration: the apps moved out of a namespace, then save --force with no -n. Every namespace is
     * written as -n NS --force would write it, so the emptied one cannot bring its old apps back at resurrect.
     */
    @Test
    void saveForceWithoutNamespaceEmptiesTheDumpsOfNamespacesWithoutProcesses() throws Exception {
        j.ok("save");
        j.ok("delete", "solo", "-n", "beta");
        var r = j.ok("save", "--force").out();
        assertTrue(r.contains("emptied dump-beta.json"), r);
        assertEquals(0, json.readTree(j.home.resolve("dump-beta.json").toFile()).get("apps").size());
        assertEquals(3, json.readTree(j.home.resolve("dump-alpha.json").toFile()).get("apps").size());
        j.ok("kill");
        j.ok("resurrect");
        assertEquals(0, j.jlist("-n", "beta").size(), "the emptied namespace stays empty after resurrect");
        assertEquals(3, j.jlist("-n", "alpha").size());
    }

    @Test
    void twoClientsSavingTwentyTimesConcurrentlyLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<Integer>>> fs = new ArrayList<>();
        for (String ns : List.of("alpha", "beta")) {
            fs.add(pool.submit(() -> {
                List<Integer> codes = new ArrayList<>();
                for (int i = 0; i < 20; i++) codes.add(j.run("save", "-n", ns).code());
                return codes;
            }));
        }
        // and the same namespace from two clients at once
        fs.add(pool.submit(() -> {
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 20; i++) codes.add(j.run("save", "-n", "alpha").code());
            return codes;
        }));
        pool.shutdown();
        assertTrue(pool.awaitTermination(100, TimeUnit.SECONDS));
        for (var f : fs) for (int c : f.get()) assertEquals(0, c);
        assertEquals(3, json.readTree(j.home.resolve("dump-alpha.json").toFile()).get("apps").size());
        assertEquals(1, json.readTree(j.home.resolve("dump-beta.json").toFile()).get("apps").size());
        try (var s = Files.list(j.home.resolve("dumps/alpha"))) {
            long versions = s.filter(p -> p.getFileName().toString().startsWith("dump-")).count();
            assertEquals(10, versions, "the last 10 versions are kept");
        }
        try (var s = Files.list(j.home)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
        }
    }
}
