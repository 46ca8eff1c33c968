package jmon.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jmon.engine.logs.ProcessLogs;
import jmon.rpc.RpcLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * config.json: every key optional, every mistake named, and no mistake stops the daemon: the bad setting keeps
 * its default and the mistake becomes one warning line.
 */
@Timeout(30)
class DaemonConfigTest {
    @TempDir Path tmp;

    DaemonConfig load(String json) throws IOException {
        Path f = tmp.resolve("config.json");
        Files.writeString(f, json);
        return DaemonConfig.load(f);
    }

    /** The one warning a file gives, after checking that the setting fell back to its default. */
    String warned(String json) throws IOException {
        DaemonConfig c = load(json);
        assertEquals(1, c.warnings().size(), json + " → " + c.warnings());
        DaemonConfig d = DaemonConfig.defaults();
        assertEquals(d.logs(), c.logs(), json);
        assertEquals(d.metricsIntervalMs(), c.metricsIntervalMs(), json);
        assertEquals(d.metricsIdleIntervalMs(), c.metricsIdleIntervalMs(), json);
        assertEquals(d.rpc(), c.rpc(), json);
        assertNull(c.http(), json);
        assertTrue(c.warnings().get(0).startsWith("config.json: "), c.warnings().get(0));
        return c.warnings().get(0);
    }

    @Test
    void readsEverySetting() throws Exception {
        assertEquals(DaemonConfig.defaults(), DaemonConfig.load(tmp.resolve("none.json")));
        DaemonConfig c = load("""
                {"logs": {"max_size": "10M", "retain": 3, "ring_lines": 500, "ring_bytes": "64K"},
                 "metrics": {"interval_ms": 2000},
                 "http": {"bind": "127.0.0.1:9615", "token": null},
                 "rpc": {"max_connections": 32, "hello_timeout_ms": 2000, "idle_timeout_ms": 60000, "max_line_bytes": "2M"},
                 "console": {"keymap": "vim", "theme": "light"}}""");
        assertEquals(List.of(), c.warnings());
        assertEquals(new ProcessLogs.Defaults(10L << 20, 3, 500, 64 << 10), c.logs());
        assertEquals(2000, c.metricsIntervalMs());
        assertEquals(9615, c.http().bind().address().getPort());
        assertNull(c.http().token());
        assertEquals(new RpcLimits(32, 2000, 60_000, 2 << 20), c.rpc());
        assertEquals(1048576, load("{\"logs\": {\"max_size\": 1048576}}").logs().maxSize());
        assertEquals(2, load("{\"logs\": {\"retain\": 2.7}}").logs().retain(), "a fraction is cut, as databind did");
        assertNull(load("{\"http\": null}").http());
        assertEquals(DaemonConfig.defaults(), load("{}"));
    }

    @Test
    void namesEveryMistakeAndKeepsTheDefault() throws Exception {
        assertTrue(warned("{\"logz\": {}}").contains("unknown key logz ignored (known: "));
        assertTrue(warned("{\"logs\": {\"retian\": 1}}").contains("unknown key logs.retian"));
        assertTrue(warned("{\"logs\": {\"retain\": \"3\"}}").contains("logs.retain must be a whole number ≥ 1; using the default (10)"));
        assertTrue(warned("{\"metrics\": {\"interval_ms\": 0}}").contains("metrics.interval_ms must be a whole number ≥ 1"));
        assertTrue(warned("{\"logs\": {\"max_size\": \"ten\"}}").contains("logs.max_size: "));
        assertTrue(warned("{\"logs\": []}").contains("logs must be an object; using the defaults"));
        assertTrue(warned("[1]").contains("the file must be an object"));
        assertTrue(warned("{\"rpc\": {\"max_connections\": -1}}").contains("rpc.max_connections must be a whole number ≥ 1"));
        assertTrue(warned("{\"rpc\": {\"idle_timeout_ms\": 5}}").contains("rpc.idle_timeout_ms must be ≥ 1000; using the default rpc limits"));
        assertTrue(warned("{\"console\": {\"theme\": 1}}").contains("console.theme must be a string"));
        // any problem in http leaves the endpoint off, and says so
        for (String bad : List.of("{\"http\": {\"token\": \"0123456789abcdef\"}}", "{\"http\": {\"bind\": 9615}}",
                "{\"http\": {\"bind\": \"127.0.0.1:1\", \"token\": 5}}", "{\"http\": {\"bind\": \"0.0.0.0:9615\"}}",
                "{\"http\": {\"bind\": \"127.0.0.1:1\", \"tokn\": \"x\"}}")) {
            assertTrue(warned(bad).endsWith("; running WITHOUT the HTTP endpoint"), bad);
        }
        assertTrue(warned("{\"http\": {\"bind\": \"0.0.0.0:9615\"}}").contains("without a token"));
        // several mistakes: each said once, the good settings kept
        DaemonConfig c = load("{\"logs\": {\"retain\": 0, \"ring_lines\": 7}, \"metrics\": {\"interval_ms\": \"x\"}, \"nope\": 1}");
        assertEquals(3, c.warnings().size(), c.warnings().toString());
        assertEquals(7, c.logs().ringLines());
        assertEquals(10, c.logs().retain());
    }

    @Test
    void aWrongIdleIntervalFallsBackToItsDefault() throws Exception {
        DaemonConfig c = load("{\"metrics\": {\"interval_ms\": 2000, \"idle_interval_ms\": 1000}}");
        assertEquals(2000, c.metricsIntervalMs());
        assertEquals(10_000, c.metricsIdleIntervalMs());
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("metrics.idle_interval_ms (1000) must be ≥ metrics.interval_ms (2000); using 10000"));
    }

    @Test
    void aFileThatIsNotJsonIsCopiedAsideOnceAndLeftInPlace() throws Exception {
        DaemonConfig c = load("{\"logs\": ");
        assertEquals(DaemonConfig.defaults().logs(), c.logs());
        assertEquals(1, c.warnings().size());
        String w = c.warnings().get(0);
        assertTrue(w.startsWith("config.json is not valid JSON (") && w.contains("copied aside as config.json.corrupt-")
                && w.contains("running with the default settings"), w);
        assertEquals("{\"logs\": ", Files.readString(tmp.resolve("config.json")), "the user's file stays as it was");
        List<Path> copies;
        try (var l = Files.list(tmp)) {
            copies = l.filter(p -> p.getFileName().toString().startsWith("config.json.corrupt-")).toList();
        }
        assertEquals(1, copies.size());
        assertEquals("{\"logs\": ", Files.readString(copies.get(0)));
        // the same broken file again (the next daemon): no second copy
        assertTrue(DaemonConfig.load(tmp.resolve("config.json")).warnings().get(0).contains("copied aside before as " + copies.get(0).getFileName()));
        try (var l = Files.list(tmp)) {
            assertEquals(1, l.filter(p -> p.getFileName().toString().startsWith("config.json.corrupt-")).count());
        }
        // a valid file with a bad key is never copied
        load("{\"logs\": {\"retain\": 0}}");
        try (var l = Files.list(tmp)) {
            assertEquals(1, l.filter(p -> p.getFileName().toString().startsWith("config.json.corrupt-")).count());
        }
    }
}
