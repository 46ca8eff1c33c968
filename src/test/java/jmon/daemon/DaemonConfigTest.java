package jmon.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jmon.engine.logs.ProcessLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** config.json: every key optional, every mistake named (read without databind, with the same rules). */
@Timeout(30)
class DaemonConfigTest {
    @TempDir Path tmp;

    DaemonConfig load(String json) throws IOException {
        Path f = tmp.resolve("config.json");
        Files.writeString(f, json);
        return DaemonConfig.load(f);
    }

    String refused(String json) {
        return assertThrows(IOException.class, () -> load(json)).getMessage();
    }

    @Test
    void readsEverySetting() throws Exception {
        assertEquals(DaemonConfig.defaults(), DaemonConfig.load(tmp.resolve("none.json")));
        DaemonConfig c = load("""
                {"logs": {"max_size": "10M", "retain": 3, "ring_lines": 500, "ring_bytes": "64K"},
                 "metrics": {"interval_ms": 2000},
                 "http": {"bind": "127.0.0.1:9615", "token": null},
                 "console": {"keymap": "vim", "theme": "light"}}""");
        assertEquals(new ProcessLogs.Defaults(10L << 20, 3, 500, 64 << 10), c.logs());
        assertEquals(2000, c.metricsIntervalMs());
        assertEquals(9615, c.http().bind().address().getPort());
        assertNull(c.http().token());
        assertEquals(1048576, load("{\"logs\": {\"max_size\": 1048576}}").logs().maxSize());
        assertEquals(2, load("{\"logs\": {\"retain\": 2.7}}").logs().retain(), "a fraction is cut, as databind did");
        assertNull(load("{\"http\": null}").http());
        assertEquals(DaemonConfig.defaults(), load("{}"));
    }

    @Test
    void namesEveryMistake() {
        assertTrue(refused("{\"logz\": {}}").contains("unknown key logz (known: "));
        assertTrue(refused("{\"logs\": {\"retian\": 1}}").contains("unknown key logs.retian"));
        assertTrue(refused("{\"logs\": {\"retain\": \"3\"}}").endsWith("logs.retain must be a whole number ≥ 1"));
        assertTrue(refused("{\"metrics\": {\"interval_ms\": 0}}").endsWith("metrics.interval_ms must be a whole number ≥ 1"));
        assertTrue(refused("{\"logs\": {\"max_size\": \"ten\"}}").contains("logs.max_size: "));
        assertTrue(refused("{\"logs\": []}").endsWith("logs. must be an object"));
        assertTrue(refused("[1]").endsWith("the file must be an object"));
        assertTrue(refused("{\"http\": {\"token\": \"0123456789abcdef\"}}").contains("http.bind is required"));
        assertTrue(refused("{\"http\": {\"bind\": 9615}}").endsWith("http.bind must be a string HOST:PORT"));
        assertTrue(refused("{\"http\": {\"bind\": \"127.0.0.1:1\", \"token\": 5}}").endsWith("http.token must be a string"));
        assertTrue(refused("{\"http\": {\"bind\": \"0.0.0.0:9615\"}}").contains("without a token"));
        assertTrue(refused("{\"console\": {\"theme\": 1}}").contains("console.theme must be a string"));
        assertTrue(refused("{\"logs\": ").contains("not valid JSON"));
    }
}
