package jmon.rpc;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import jmon.api.*;
import org.junit.jupiter.api.Test;

/** The client's databind-free codec reads and writes exactly what the daemon's databind writes and reads. */
class LiteJsonTest {
    final ObjectMapper databind = Json.mapper();

    static AppSpec spec() {
        HealthSpec h = new HealthSpec(true, 5000, false, 2000,
                new ProbeSpec("http", "http://127.0.0.1:1/r", 200, null, 0, null, null, 10, 100, 50, 1, 3), null,
                List.of(new Dependency("db", "prod", "ready")));
        return new AppSpec("prod", "api", "/srv/api.sh", List.of("-a", "1"), "bash", List.of("-e"), "/srv",
                Map.of("A", "1"), 2, "IDX", new RestartPolicy(true, 5, 1000, 10, 0, List.of(0, 3), 1600, "SIGTERM",
                        1024, "0 * * * *"), new LogSpec(null, "/tmp/e.log", null, true, false, "YYYY", "json", 10, 3),
                1, true, "production", true, "/srv/eco.json", h);
    }

    static ProcessInfo info() {
        HealthInfo hi = new HealthInfo(true, List.of("reads"), "warm", Map.of("q", new CustomMetric(4.5, "jobs", 7)),
                Map.of("db", "ok"), new ProbeResult("readiness http", true, "HTTP 200", 3, 9, 0), null, 11, 2,
                List.of());
        return new ProcessInfo(3, "prod", "api", 1, ProcessStatus.WAITING_RESTART, Desired.RUN, 1234, false, 7, 2,
                100, 50, 130, "SIGINT", "because", "/o", "/e", 12.5, 4096, spec(), hi);
    }

    @Test
    void readsWhatDatabindWrites() throws Exception {
        ProcessInfo p = info();
        Object plain = LiteJson.parse(databind.writeValueAsString(List.of(p)));
        List<ProcessInfo> back = LiteJson.read(plain, new com.fasterxml.jackson.core.type.TypeReference<List<ProcessInfo>>() {}.getType());
        assertEquals(List.of(p), back);
        DaemonInfo d = new DaemonInfo("1", 1, 2, 3, 4, "/h", "u", new DaemonStatus(1, 2, 3, 4, 5),
                new HostStatus("h", 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertEquals(d, LiteJson.read(LiteJson.parse(databind.writeValueAsString(d)), DaemonInfo.class));
        EngineEvent e = new EngineEvent.StatusChanged(1, "n", "a", ProcessStatus.ONLINE, ProcessStatus.STOPPING, "r", null, null, 5);
        assertEquals(e, LiteJson.read(LiteJson.parse(databind.writeValueAsString(e)), EngineEvent.class));
        ActionResult a = new ActionResult(List.of(p), List.of("note"));
        assertEquals(a, LiteJson.read(LiteJson.parse(databind.writeValueAsString(a)), ActionResult.class));
    }

    @Test
    void writesWhatDatabindReads() throws Exception {
        Wire.StartArgs s = new Wire.StartArgs(List.of(spec()), true);
        assertEquals(s, databind.readValue(LiteJson.write(s), Wire.StartArgs.class));
        Wire.ActArgs a = new Wire.ActArgs(Verb.RESTART, new Selector("ns", List.of("all"), true, false));
        assertEquals(a, databind.readValue(LiteJson.write(a), Wire.ActArgs.class));
        Wire.LogsArgs l = new Wire.LogsArgs(new LogQuery(Selector.of(null, "x"), 15, true, true, false));
        assertEquals(l, databind.readValue(LiteJson.write(l), Wire.LogsArgs.class));
        assertEquals("{\"s\":\"waiting restart\"}", LiteJson.write(Map.of("s", ProcessStatus.WAITING_RESTART)));
    }
}
