package jmon.spec;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jmon.api.AppSpec;
import jmon.api.ErrorCode;
import jmon.api.HealthSpec;
import jmon.api.JmonException;
import jmon.api.LogQuery;
import jmon.api.LogSpec;
import jmon.api.ProbeSpec;
import jmon.api.RestartPolicy;
import jmon.api.Selector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One set of rules: what the daemon refuses ({@link RequestRules}) the loader refuses too, with the line it was
 * written on; overflowing numbers, duplicate keys and bad UTF-8 are errors with positions.
 */
class RulesTest {
    @TempDir Path tmp;
    Eco eco;

    @BeforeEach
    void setUp() {
        eco = new Eco(tmp);
        eco.exe("srv");
    }

    static final String LONG = "a".repeat(300);

    private static String refused(Runnable r) {
        JmonException e = assertThrows(JmonException.class, r::run);
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals(2, e.code().exitCode());
        return e.getMessage();
    }

    @Test
    void namesAndNamespacesFromTheSafeSet() {
        for (String ok : List.of("api", "shop-prod", "a.b_c-d@e+f", "A1", "x".repeat(128), ".hidden")) {
            RequestRules.checkNamespace("namespace", ok);
            RequestRules.checkAppName("name", ok);
        }
        for (String bad : List.of("", ".", "..", "../x", "a/b", "x".repeat(129), "a b", "a\nb", "é", "-x", "a\0b", "a:b")) {
            String m = refused(() -> RequestRules.checkNamespace("--namespace", bad));
            assertTrue(m.startsWith("--namespace: "), m);
            m = refused(() -> RequestRules.checkAppName("name", bad));
            assertTrue(m.startsWith("name: "), m);
        }
        assertTrue(refused(() -> RequestRules.checkNamespace("ns", null)).contains("missing"));
        RequestRules.checkOptionalNamespace("ns", null);
        for (String bad : List.of("all", "42", "a*", "a?", "a[1]")) refused(() -> RequestRules.checkAppName("name", bad));
    }

    @Test
    void selectorTargetsMayBeGlobsButNeverPaths() {
        RequestRules.checkSelector(new Selector("prod", List.of("all", "3", "api", "shop-*", "w[0-9]?"), false, false));
        RequestRules.checkSelector(new Selector(null, List.of(), true, false));
        assertTrue(refused(() -> RequestRules.checkSelector(Selector.of("../x", "a"))).startsWith("selector.namespace: "));
        for (String t : List.of("../x", "", ".", "..", LONG, "a/b")) {
            String m = refused(() -> RequestRules.checkSelector(Selector.of("prod", t)));
            assertTrue(m.startsWith("selector.targets[0]: "), m);
        }
        refused(() -> RequestRules.checkSelector(null));
        refused(() -> RequestRules.checkLogQuery(new LogQuery(Selector.of("p"), -1, false, true, true)));
        refused(() -> RequestRules.checkLogQuery(new LogQuery(Selector.of("p"), Limits.MAX_LOG_LINES + 1, false, true, true)));
        RequestRules.checkLogQuery(new LogQuery(Selector.of("p"), 100, true, true, true));
        RequestRules.checkPmId("pm_id", 0);
        assertTrue(refused(() -> RequestRules.checkPmId("pm_id", -1)).startsWith("pm_id: "));
        RequestRules.checkReason("reason", null);
        RequestRules.checkReason("reason", "INC-42: db failover, ask @ops");
        assertTrue(refused(() -> RequestRules.checkReason("reason", "ok\n{\"forged\":1}")).startsWith("reason: must not contain control"));
        refused(() -> RequestRules.checkReason("reason", "r".repeat(Limits.MAX_REASON_LENGTH + 1)));
    }

    static AppSpec spec(String name) {
        return new AppSpec("prod", name, "/bin/sleep", List.of("5"), null, null, "/tmp", Map.of(), 1, null, null, null, 0,
                false, null, true, null);
    }

    @Test
    void everyFieldOfASocketSpecIsChecked() {
        RequestRules.checkSpecs(List.of(spec("a"), spec("b")));
        assertEquals("apps: is missing", refused(() -> RequestRules.checkSpecs(null)));
        refused(() -> RequestRules.checkSpecs(List.of()));
        java.util.ArrayList<AppSpec> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertEquals("apps[0]: app is null", refused(() -> RequestRules.checkSpecs(withNull)));
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(spec(null)))).startsWith("apps[0].name: "));
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(spec("a"), spec("../x")))).startsWith("apps[1].name: "));
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(spec("a"), spec("a")))).contains("twice"));
        AppSpec s = spec("a");
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(s.withInstances(100_000_000)))).startsWith("apps[0].instances: must be between 1 and 1024"));
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(s.withNamespace("..")))).startsWith("apps[0].namespace: "));
        // 5 apps of 1000 instances: each is in range, the request is not
        List<AppSpec> many = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) many.add(spec("w" + i).withInstances(1000));
        assertTrue(refused(() -> RequestRules.checkSpecs(many)).startsWith("apps: would start 5000 processes"));
        AppSpec noScript = new AppSpec("prod", "a", null, null, null, null, "/tmp", null, 1, null, null, null, 0, false, null, true, null);
        assertEquals("apps[0].script: is missing", refused(() -> RequestRules.checkSpecs(List.of(noScript))));
        AppSpec relCwd = new AppSpec("prod", "a", "x", null, null, null, "rel", null, 1, null, null, null, 0, false, null, true, null);
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(relCwd))).startsWith("apps[0].cwd: must be an absolute path"));
        RestartPolicy huge = new RestartPolicy(true, 16, 1000, Long.MAX_VALUE, 0, List.of(), 1600, "SIGINT");
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(with(s, huge, null, null)))).startsWith("apps[0].restart_delay: "));
        RestartPolicy sig = new RestartPolicy(true, 16, 1000, 0, 0, List.of(), 1600, "SIGBOGUS");
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(with(s, sig, null, null)))).startsWith("apps[0].stop_signal: "));
        RestartPolicy mem = new RestartPolicy(true, 16, 1000, 0, 0, List.of(), 1600, "SIGINT", -1, null);
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(with(s, mem, null, null)))).startsWith("apps[0].max_memory_restart: "));
        LogSpec logs = new LogSpec("relative.log", null, null, false, false, null, null);
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(with(s, null, logs, null)))).startsWith("apps[0].out_file: "));
        ProbeSpec port = new ProbeSpec("tcp", null, 0, "127.0.0.1", 70000, null, null, 0, 0, 0, 1, 1);
        HealthSpec h = new HealthSpec(false, 0, false, 0, port, null, null);
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(with(s, null, null, h)))).startsWith("apps[0].health.readiness.tcp: "));
        AppSpec badEnv = new AppSpec("prod", "a", "x", null, null, null, "/tmp", Map.of("A=B", "1"), 1, null, null, null, 0, false, null, true, null);
        assertTrue(refused(() -> RequestRules.checkSpecs(List.of(badEnv))).startsWith("apps[0].env.A=B: "));
    }

    private static AppSpec with(AppSpec s, RestartPolicy r, LogSpec l, HealthSpec h) {
        return new AppSpec(s.namespace(), s.name(), s.script(), s.args(), s.interpreter(), s.interpreterArgs(), s.cwd(),
                s.env(), s.instances(), s.instanceVar(), r, l, s.priority(), s.isProtected(), s.tier(), s.autostart(),
                s.source(), h);
    }

    private Problem only(String text) {
        eco.write("eco.json", text);
        return Eco.one(eco.load("eco.json"));
    }

    @Test
    void theLoaderUsesTheSameRulesWithPositions() {
        Problem p = only("{\"apps\": [\n  {\"name\": \"w\", \"script\": \"srv\",\n   \"instances\": 100000000}\n]}\n");
        assertEquals(3, p.line());
        assertEquals("apps[0].instances", p.field());
        assertTrue(p.message().contains("between 1 and 1024"), p.message());

        p = only("{\"apps\": [{\"name\": \"" + LONG + "\", \"script\": \"srv\"}]}");
        assertEquals(1, p.line());
        assertEquals("apps[0].name", p.field());
        assertTrue(p.message().contains("300 characters"), p.message());

        p = only("{\"namespace\": \"../x\", \"apps\": [{\"name\": \"a\", \"script\": \"srv\"}]}");
        assertEquals("namespace", p.field());
    }

    @Test
    void hugeNumbersAreErrorsNeverOff() {
        for (String key : List.of("max_size", "max_memory_restart", "watchdog_sec", "restart_delay", "kill_timeout",
                "min_uptime", "instances", "max_restarts", "priority", "retain")) {
            Problem p = only("{\"apps\": [{\"name\": \"a\", \"script\": \"srv\",\n  \"" + key + "\": 1.5e300}]}");
            assertEquals(2, p.line(), key + ": " + p);
            assertEquals("apps[0]." + key, p.field(), key + ": " + p);
            assertFalse(p.message().length() > 200, p.message()); // not a 300-digit number
        }
        for (String v : List.of("\"99999999999h\"", "\"9223372036854775807s\"", "86400001")) {
            Problem p = only("{\"apps\": [{\"name\": \"a\", \"script\": \"srv\", \"min_uptime\": " + v + "}]}");
            assertEquals("apps[0].min_uptime", p.field(), v + ": " + p);
        }
        Problem p = only("{\"apps\": [{\"name\": \"a\", \"script\": \"srv\", \"max_size\": \"9999999999G\"}]}");
        assertEquals("apps[0].max_size", p.field(), p.toString());
        // in range still loads
        Eco.ok(eco.load(eco.write("ok.json", "{\"apps\": [{\"name\": \"a\", \"script\": \"srv\", \"instances\": 1024, "
                + "\"max_size\": \"1G\", \"watchdog_sec\": 0.5, \"min_uptime\": \"24h\"}]}").getFileName().toString()));
    }

    @Test
    void duplicateKeysAreErrorsWithPosition() {
        String text = "{\"apps\": [\n  {\"name\": \"a\", \"script\": \"srv\",\n   \"name\": \"b\"}\n]}\n";
        Problem p = only(text);
        assertEquals(3, p.line());
        assertEquals(4, p.column());
        assertTrue(p.message().contains("'name' is written twice") && p.message().contains("line 2"), p.message());
        p = only("{\"apps\": [], \"apps\": []}");
        assertTrue(p.message().contains("'apps' is written twice"), p.message());
    }

    @Test
    void invalidUtf8HasLineAndColumn() throws Exception {
        byte[] head = "{\"apps\": [\n  {\"name\": \"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = "\", \"script\": \"srv\"}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xC3; // a lead byte followed by '"': malformed
        System.arraycopy(tail, 0, all, head.length + 1, tail.length);
        Path f = tmp.resolve("bad.json");
        Files.write(f, all);
        Problem p = Eco.one(eco.load("bad.json"));
        assertEquals("invalid UTF-8 byte 0xC3 at line 2 column 13: the file must be UTF-8 text", p.message());
        assertEquals(2, p.line());
        assertEquals(13, p.column());
        assertTrue(p.toString().startsWith(f + ":2:13: "), p.toString());
    }
}
