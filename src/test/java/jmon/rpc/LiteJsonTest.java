package jmon.rpc;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jmon.api.*;
import jmon.engine.audit.AuditLog;
import jmon.engine.persist.DumpStore;
import jmon.engine.persist.ProcessRecord;
import jmon.engine.persist.StateStore;
import org.junit.jupiter.api.Test;

/**
 * The codec reads and writes exactly what databind wrote and read: the wire, state.json, dumps, audit.jsonl and
 * freezes.json written by earlier versions stay readable, and what other tools parse is unchanged.
 */
class LiteJsonTest {
    /** The daemon's mapper before it dropped databind ({@code Json.mapper()}): the format to stay compatible with. */
    static final ObjectMapper databind = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

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
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("db", "ok");
        health.put("cache", Map.of("hit", 0.9));
        health.put("gone", null);
        HealthInfo hi = new HealthInfo(true, List.of("reads"), "warm", Map.of("q", new CustomMetric(4.5, "jobs", 7)),
                health, new ProbeResult("readiness http", true, "HTTP 200", 3, 9, 0), null, 11, 2,
                List.of());
        return new ProcessInfo(3, "prod", "api", 1, ProcessStatus.WAITING_RESTART, Desired.RUN, 1234, false, 7, 2,
                100, 50, 130, "SIGINT", "because", "/o", "/e", 12.5, 4096, spec(), hi);
    }

    static DaemonInfo daemonInfo() {
        return new DaemonInfo("1", 1, 2, 3, 4, "/h", "u", new DaemonStatus(1.5, 2, 3, 4, 5),
                new HostStatus("h", 1, 2, 3, 4, 5, 6, 7, 8, 9));
    }

    static List<EngineEvent> events() {
        return List.of(new EngineEvent.StatusChanged(1, "n", "a", ProcessStatus.ONLINE, ProcessStatus.STOPPING, "r", null, null, 5),
                new EngineEvent.StatusChanged(1, "n", "a", ProcessStatus.STOPPING, ProcessStatus.EXITED, null, 143, "SIGTERM", 6),
                new EngineEvent.ProcessAdded(2, "n", "b", 7), new EngineEvent.ProcessRemoved(2, "n", "b", 8));
    }

    static StateStore.State state() {
        return new StateStore.State(1, 9, List.of(
                new ProcessRecord(3, 0, spec(), Desired.RUN, ProcessStatus.ONLINE, 4321, 99887766, 100, 50, 2, 0, null, null, "started"),
                new ProcessRecord(4, 1, spec().withInstances(1), Desired.HALT, ProcessStatus.ERRORED, 0, 0, 0, 50, 16, 16, 1, "SIGKILL", "crashed")));
    }

    static DumpStore.Dump dump() {
        AppSpec bare = new AppSpec(null, "bare", "sleep", null, null, null, null, null, 1, null, null, null, 0, false,
                null, true, null);
        return new DumpStore.Dump(1, "prod", 1_700_000_000_000L, "alice",
                List.of(new DumpStore.Entry(spec(), Desired.RUN), new DumpStore.Entry(bare, Desired.HALT)));
    }

    /** Every kind of message and file the daemon writes, as it writes them. */
    static List<Object> written() throws Exception {
        List<Object> out = new ArrayList<>();
        out.add(new Wire.Hello(Wire.MAGIC, JmonApi.PROTOCOL_VERSION, "0.1.0"));
        for (Object result : List.of(daemonInfo(), List.of(info()), new ActionResult(List.of(info()), List.of("note")),
                new SaveResult(List.of(new SaveResult.Saved("prod", "/h/dump-prod.json", 2)), List.of()),
                List.of(new MetricSample(1, 2.5, 3)), List.of(new FreezeInfo("prod", "INC-1", "bob", 4, null)))) {
            out.add(new Wire.Response(5, result, null));
        }
        out.add(new Wire.Response(6, null, new Wire.Error("FAILED", "it broke")));
        out.add(new Wire.Stream(7, new LogLine(1, 3, "prod", "api", 0, "out", 9, false, "hello \"x\" é\t"), null));
        out.add(new Wire.Stream(7, null, true));
        for (EngineEvent e : events()) out.add(new Wire.Stream(8, null, null, e));
        out.add(state());
        out.add(new AuditLog.Entry("2024-01-01T00:00:00Z", "alice", "stop", "prod", List.of("all"), List.of(), "ok"));
        out.add(new AuditLog.Entry("2024-01-01T00:00:00Z", "alice", "kill", null, null, null, "ok"));
        out.add(List.of(new FreezeInfo("prod", "INC-1", "bob", 4, "tok"), new FreezeInfo("test", null, "bob", 5, "t2")));
        return out;
    }

    @Test
    void writesByteForByteWhatDatabindWrote() throws Exception {
        for (Object v : written()) {
            Object old = v instanceof Wire.Response r && r.result() != null ? new Wire.Response(r.id(), databind.valueToTree(r.result()), null) : v;
            assertEquals(databind.writeValueAsString(old), Json.write(v), v.getClass().getSimpleName());
        }
        assertEquals(databind.writeValueAsString(new Wire.Response(9, databind.valueToTree(null), null)),
                Json.write(new Wire.Response(9, Json.NULL, null)));
        // dump files are indented
        assertEquals(databind.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(dump()),
                new String(Json.pretty(dump()), StandardCharsets.UTF_8));
    }

    @Test
    void documentsWriteNullsAsTheTreeModelDid() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("a", null);
        doc.put("probe", new ProbeResult("p", false, null, 1, 2, 3));
        doc.put("list", java.util.Arrays.asList(1, null, 2.5, "x"));
        assertEquals(new ObjectMapper().writeValueAsString(doc), Json.writeDocument(doc));
    }

    @Test
    void readsWhatDatabindWrote() throws Exception {
        for (Object v : written()) {
            if (v instanceof Wire.Response || v instanceof List) continue; // generic: read through their own types below
            assertEquals(v, Json.read(databind.writeValueAsString(v), v.getClass()), v.getClass().getSimpleName());
        }
        DumpStore.Dump d = dump();
        assertEquals(d, Json.read(databind.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(d), DumpStore.Dump.class));
        List<FreezeInfo> fs = List.of(new FreezeInfo("prod", "INC-1", "bob", 4, "tok"));
        assertEquals(fs, Json.read(databind.writeValueAsString(fs), Json.listOf(FreezeInfo.class)));
        String ps = databind.writeValueAsString(List.of(info()));
        assertEquals(databind.readValue(ps, new com.fasterxml.jackson.core.type.TypeReference<List<ProcessInfo>>() {}),
                Json.read(ps, Json.listOf(ProcessInfo.class)));
        for (EngineEvent e : events()) assertEquals(e, Json.read(databind.writeValueAsString(e), EngineEvent.class));
        ActionResult a = new ActionResult(List.of(), List.of("note"));
        assertEquals(a, Json.read(databind.writeValueAsString(a), ActionResult.class));
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

    @Test
    void readsLikeDatabindRead() throws Exception {
        // unknown properties ignored, missing primitives are 0/false; scalars of the wrong type are refused, named
        // (databind coerced "12" to 12 and 7 to "7": a client's mistake became a different request)
        assertEquals(new Wire.PmIdArgs(12), Json.read("{\"pmId\":12,\"extra\":{\"x\":[1]}}", Wire.PmIdArgs.class));
        assertEquals(new Wire.SaveArgs(null, false), Json.read("{}", Wire.SaveArgs.class));
        assertEquals("pmId: expected a number, got a string",
                assertThrows(java.io.IOException.class, () -> Json.read("{\"pmId\":\"12\"}", Wire.PmIdArgs.class)).getMessage());
        assertEquals("namespace: expected a string, got a number",
                assertThrows(java.io.IOException.class, () -> Json.read("{\"namespace\":7,\"reason\":true}", Wire.FreezeArgs.class)).getMessage());
        assertEquals(new Wire.PmIdArgs(12), Json.read("{\"pmId\":12.0}", Wire.PmIdArgs.class), "a whole number written with a point");
        assertEquals(new Wire.Request(3, "list", Map.of("namespace", "prod"), null, null),
                Json.read("{\"id\":3,\"op\":\"list\",\"args\":{\"namespace\":\"prod\"}}", Wire.Request.class));
        // what does not fit is an IOException, as a databind mapping error was
        assertThrows(java.io.IOException.class, () -> Json.read("{\"pmId\":[1]}", Wire.PmIdArgs.class));
        assertThrows(java.io.IOException.class, () -> Json.read("[1]", Wire.Hello.class));
        assertThrows(java.io.IOException.class, () -> Json.read("{\"verb\":\"NOPE\"}", Wire.ActArgs.class));
        assertThrows(java.io.IOException.class, () -> Json.read("", Wire.Hello.class));
        assertThrows(java.io.IOException.class, () -> Json.read("{\"id\":", Wire.Hello.class));
        assertEquals(new java.math.BigInteger("123456789012345678901234567890"), Json.parse("123456789012345678901234567890"));
    }

    /** A spec written before env_from_caller existed (a dump, a journal record) reads as not opted in. */
    @Test
    void specsWrittenBeforeTheCallerEnvReadAsNotOptedIn() throws Exception {
        AppSpec s = spec();
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) Json.parse(Json.write(s));
        plain.remove("envFromCaller");
        plain.remove("callerEnv");
        AppSpec old = Json.convert(plain, AppSpec.class);
        assertEquals(s, old);
        assertFalse(old.envFromCaller());
        assertEquals(Map.of(), old.callerEnv());
        AppSpec opted = s.withCallerEnv(Map.of("DEPLOY", "7"));
        assertEquals(opted, Json.read(Json.write(opted), AppSpec.class), "and the opt-in survives a round trip");
    }
}
