package jmon.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jmon.api.ApiOp;
import jmon.api.AppSpec;
import jmon.api.Caller;
import jmon.api.ErrorCode;
import jmon.api.FreezeInfo;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.ProcessStatus;
import jmon.api.Selector;
import jmon.api.Verb;
import jmon.engine.audit.AuditLog;
import jmon.engine.exec.Launcher;
import jmon.engine.exec.SpawnLauncher;
import jmon.engine.time.Clock;
import jmon.rpc.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request boundary, operation by operation, on a real engine with real processes and files: the operation
 * table matches the API; every change is validated (nothing audited, nothing changed), freeze-checked unless
 * exempt for a stated reason, refused to a read-only caller, and audited with the caller who sent it.
 */
@Timeout(120)
class RequestPipelineTest {
    @TempDir Path tmp;
    private Engine engine;
    private AuditLog audit;

    @BeforeEach
    void start() throws Exception {
        Home home = new Home(tmp.resolve("home"));
        Launcher launcher = SpawnLauncher.best(why -> { });
        engine = new Engine(home, "test", launcher, Clock.SYSTEM, System.getenv());
        engine.recover(launcher);
        audit = new AuditLog(home.auditLog());
    }

    @AfterEach
    void stop() {
        try {
            engine.as(new Caller("cleanup", null, true)).kill();
        } finally {
            engine.close();
        }
    }

    @Test
    void everyApiMethodHasExactlyOneRowInTheOperationTable() {
        java.util.Set<String> methods = new java.util.TreeSet<>();
        for (Method m : JmonApi.class.getDeclaredMethods()) {
            int mod = m.getModifiers();
            if (Modifier.isPublic(mod) && !Modifier.isStatic(mod) && !m.isSynthetic()) methods.add(m.getName());
        }
        java.util.Set<String> rows = new java.util.TreeSet<>();
        for (ApiOp o : ApiOp.values()) {
            rows.add(o.wire());
            assertTrue(o.freezeChecked() || !o.changes() || o.freezeExemption() != null, o + " needs a reason");
        }
        assertEquals(methods, rows, "JmonApi and ApiOp list the same operations");
    }

    private static AppSpec spec(String ns, String name) {
        return new AppSpec(ns, name, "/bin/sleep", List.of("300"), null, null, "/tmp", Map.of(), 1, null, null, null, 0,
                false, null, true, null);
    }

    private JmonApi as(String user) { return engine.as(new Caller(user, null, false)); }

    private List<String> auditLines() throws Exception {
        Path f = audit.file();
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    private int bobsAuditLines() throws Exception {
        int n = 0;
        for (String l : auditLines()) if (Json.read(l, AuditLog.Entry.class) instanceof AuditLog.Entry a && "bob".equals(a.user())) n++;
        return n;
    }

    /** The last audit entry of this user (and verb, when given): a running restore job audits meanwhile. */
    private AuditLog.Entry lastAuditBy(String user, String... verb) throws Exception {
        List<String> lines = auditLines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            AuditLog.Entry a = Json.read(lines.get(i), AuditLog.Entry.class);
            if (user.equals(a.user()) && (verb.length == 0 || verb[0].equals(a.verb()))) return a;
        }
        return null;
    }

    private AuditLog.Entry lastAudit() throws Exception {
        List<String> lines = auditLines();
        return Json.read(lines.get(lines.size() - 1), AuditLog.Entry.class);
    }

    private static JmonException refused(Runnable r) {
        return assertThrows(JmonException.class, r::run);
    }

    /** One row per changing operation: a bad call, a call on the frozen namespace, a call that succeeds. */
    private record Cases(Runnable bad, Runnable frozen, Runnable ok, String okVerb) {}

    @Test
    void everyChangeIsValidatedFreezeCheckedAndAuditedWithItsCaller() throws Exception {
        as("alice").start(List.of(spec("fz", "a"), spec("free", "b")), false);
        as("alice").save("fz", false);
        FreezeInfo f = as("alice").freeze("fz", "INC-1");
        assertNotNull(f.token());
        JmonApi bob = as("bob"), carol = as("carol");
        Selector bad = new Selector("../x", List.of("a"), false, false);
        Map<ApiOp, Cases> cases = new EnumMap<>(ApiOp.class);
        cases.put(ApiOp.START, new Cases(() -> bob.start(List.of(spec("../x", "a")), false),
                () -> bob.start(List.of(spec("fz", "c")), false),
                () -> carol.start(List.of(spec("free", "c")), false), "start"));
        cases.put(ApiOp.ACT, new Cases(() -> bob.act(Verb.STOP, bad),
                () -> bob.act(Verb.STOP, Selector.of("fz", "a")),
                () -> carol.act(Verb.RESTART, Selector.of("free", "b")), "restart"));
        cases.put(ApiOp.SAVE, new Cases(() -> bob.save("../x", false), () -> bob.save("fz", false),
                () -> carol.save("free", false), "save"));
        cases.put(ApiOp.RESURRECT, new Cases(() -> bob.resurrect("../x", false), () -> bob.resurrect("fz", false),
                () -> carol.resurrect("free", false), "resurrect"));
        cases.put(ApiOp.FLUSH, new Cases(() -> bob.flush(bad), () -> bob.flush(Selector.of("fz", "a")),
                () -> carol.flush(Selector.of("free", "b")), "flush"));
        cases.put(ApiOp.SIGNAL, new Cases(() -> bob.signal("SIGCONT", bad), () -> bob.signal("SIGCONT", Selector.of("fz", "a")),
                () -> carol.signal("SIGCONT", Selector.of("free", "b")), "sendSignal"));
        cases.put(ApiOp.RESET, new Cases(() -> bob.reset(bad), () -> bob.reset(Selector.of("fz", "a")),
                () -> carol.reset(Selector.of("free", "b")), "reset"));
        cases.put(ApiOp.SCALE, new Cases(() -> bob.scale("../x", "a", 2), () -> bob.scale("fz", "a", 2),
                () -> carol.scale("free", "b", 1), "scale"));
        cases.put(ApiOp.UPDATE, new Cases(null, null, () -> carol.update(), "update"));
        cases.put(ApiOp.KILL, new Cases(null, () -> bob.kill(), null, null)); // its success ends the engine: below
        cases.put(ApiOp.RELOAD_LOGS, new Cases(null, null, () -> carol.reloadLogs(), "reloadLogs"));
        cases.put(ApiOp.FREEZE, new Cases(() -> bob.freeze("../x", "r"), null, () -> carol.freeze("other", "r"), "freeze"));
        cases.put(ApiOp.UNFREEZE, new Cases(() -> bob.unfreeze("../x"), null, () -> carol.unfreeze("other"), "unfreeze"));
        // a restore job whose one step never gets ready (wait_ready, no READY): it runs until cancelled
        AppSpec never = spec("rs", "r");
        never = new AppSpec(never.namespace(), never.name(), never.script(), never.args(), null, null, never.cwd(),
                never.env(), 1, null, null, null, 0, false, null, true, null,
                new jmon.api.HealthSpec(true, 60_000, false, 0, null, null, List.of()));
        jmon.api.RestorePlan plan = new jmon.api.RestorePlan(null, List.of(new jmon.api.RestoreStep("rs", "r", never, 0,
                List.of(), "test")), 1, 60_000, 0, "abort", 1_000, "skip", Map.of());
        jmon.api.RestorePlan onFrozen = new jmon.api.RestorePlan(null, List.of(new jmon.api.RestoreStep("fz", "a",
                spec("fz", "a"), 0, List.of(), "test")), 1, 60_000, 0, "abort", 1_000, "skip", Map.of());
        String[] job = new String[1];
        cases.put(ApiOp.RESTORE_SUBMIT, new Cases(() -> bob.restoreSubmit(new jmon.api.RestorePlan(null, List.of(), 1,
                60_000, 0, "abort", 1_000, "skip", Map.of())), () -> bob.restoreSubmit(onFrozen),
                () -> job[0] = carol.restoreSubmit(plan).id(), "restore"));
        cases.put(ApiOp.RESTORE_CANCEL, new Cases(() -> bob.restoreCancel("../x"), null,
                () -> carol.restoreCancel(job[0]), "restoreCancel"));
        cases.put(ApiOp.RESTORE_ANSWER, new Cases(() -> bob.restoreAnswer("../x", 1, "skip"), null, null, null)); // no question pending
        Path eco = tmp.resolve("eco.json");
        Files.writeString(eco, "{\"apps\":[{\"name\":\"x\",\"script\":\"/bin/sleep\",\"args\":[\"1\"]}]}");
        cases.put(ApiOp.REGISTER_FILE, new Cases(() -> bob.registerFile(null), null, () -> carol.registerFile(eco.toString()),
                "registerFile"));
        cases.put(ApiOp.UNREGISTER_FILE, new Cases(() -> bob.unregisterFile(null), null,
                () -> carol.unregisterFile(eco.toString()), "unregisterFile"));
        String[] incident = new String[1];
        cases.put(ApiOp.CREATE_INCIDENT, new Cases(() -> bob.createIncident("../x"), null,
                () -> incident[0] = carol.createIncident("inc-1"), "createIncident"));
        cases.put(ApiOp.WRITE_INCIDENT_FILE, new Cases(() -> bob.writeIncidentFile("../x", "a.md", "x"), null,
                () -> carol.writeIncidentFile(incident[0], "notes.md", "first\n"), "writeIncidentFile"));
        cases.put(ApiOp.APPEND_INCIDENT_FILE, new Cases(() -> bob.appendIncidentFile(incident[0], "../a.md", "x"), null,
                () -> carol.appendIncidentFile(incident[0], "notes.md", "second\n"), "appendIncidentFile"));
        // one real command hook, so the test event has something to fire
        Path hookLog = Files.createFile(tmp.resolve("hooks.log"));
        engine.hooks().start(List.of(new jmon.engine.hooks.HookRule("ok", java.util.Set.of("crash"), null, null,
                List.of("/bin/true"), null, 5_000, 0)), engine.as(Caller.reader("hooks")), engine.events(), hookLog,
                System.getenv(), "test", line -> { });
        cases.put(ApiOp.HOOKS_TEST, new Cases(() -> bob.hooksTest("crash", "../x", null), null,
                () -> assertTrue(carol.hooksTest("crash", "free", "b").runs().get(0).ok()), "hooksTest"));
        for (ApiOp op : ApiOp.values()) {
            if (!op.changes()) continue;
            Cases c = cases.get(op);
            assertNotNull(c, op + ": every changing operation is proven here");
            if (c.bad() != null) {
                int before = bobsAuditLines(); // the restore job audits its own actions meanwhile: count bob's only
                JmonException e = refused(c.bad());
                assertEquals(ErrorCode.BAD_REQUEST, e.code(), op + ": " + e.getMessage());
                assertTrue(e.getMessage().matches("(?s).*(namespace|apps|plan|id|path|name).*"), op + ": the field is named: " + e.getMessage());
                assertEquals(before, bobsAuditLines(), op + ": bad input changes nothing, the audit log included");
            }
            if (op.freezeChecked()) {
                assertNotNull(c.frozen(), op + " is freeze-checked: proven on a frozen namespace");
                JmonException e = refused(c.frozen());
                assertEquals(ErrorCode.FROZEN, e.code(), op + ": " + e.getMessage());
                AuditLog.Entry a = lastAuditBy("bob");
                assertEquals("bob", a.user(), op + ": the refusal is audited with its caller");
                assertTrue(a.outcome().contains("frozen"), a.toString());
            } else {
                assertNotNull(op.freezeExemption(), op.toString());
            }
            if (c.ok() != null) {
                c.ok().run();
                AuditLog.Entry a = lastAuditBy("carol", c.okVerb());
                assertNotNull(a, op + ": audited with the real caller, never \"local\"");
                assertEquals("ok", a.outcome(), op.toString());
            }
        }
        assertEquals("first\nsecond\n", as("alice").readIncidentFile(incident[0], "notes.md"));
        // nothing of the refused calls happened
        assertEquals(ProcessStatus.ONLINE, statusOf("fz", "a"));
        assertFalse(engine.list(null).stream().anyMatch(p -> p.namespace().equals("fz") && p.name().equals("c")));
        // the freezing operator's token passes its own freeze
        JmonApi owner = engine.as(new Caller("alice", f.token(), false));
        owner.act(Verb.RESTART, Selector.of("fz", "a"));
        assertEquals("ok", lastAuditBy("alice", "restart").outcome());
        as("alice").unfreeze("fz");
        as("dave").kill();
        AuditLog.Entry k = lastAuditBy("dave");
        assertEquals("dave", k.user());
        assertEquals("kill", k.verb());
        assertEquals("ok", k.outcome());
    }

    @Test
    void aReadOnlyCallerMayReadAndIsRefusedEveryChange() throws Exception {
        as("alice").start(List.of(spec("ro", "a")), false);
        JmonApi reader = engine.as(Caller.reader("http"));
        assertEquals(1, reader.list("ro").size());
        JmonException e = refused(() -> reader.act(Verb.STOP, Selector.of("ro", "a")));
        assertEquals(ErrorCode.REFUSED, e.code());
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertEquals("http", lastAudit().user());
        refused(reader::kill);
        refused(() -> reader.freeze("ro", "x"));
        assertEquals(ProcessStatus.ONLINE, statusOf("ro", "a"));
    }

    @Test
    void aChangeRacingAFreezeEitherRanWholeOrWasRefusedWithNoEffect() throws Exception {
        as("alice").start(List.of(spec("race", "a")), false);
        for (int round = 0; round < 10; round++) {
            int before = engine.list("race").get(0).restarts();
            JmonException[] refusal = new JmonException[1];
            Thread restarter = new Thread(() -> {
                try {
                    as("bob").act(Verb.RESTART, Selector.of("race", "a"));
                } catch (JmonException e) {
                    refusal[0] = e;
                }
            });
            restarter.start();
            as("alice").freeze("race", "round " + round);
            restarter.join(30_000);
            assertFalse(restarter.isAlive());
            int after = engine.list("race").get(0).restarts();
            if (refusal[0] != null) {
                assertEquals(ErrorCode.FROZEN, refusal[0].code(), refusal[0].getMessage());
                assertEquals(before, after, "a refused restart did nothing");
            } else {
                assertEquals(before + 1, after, "an accepted restart ran whole");
            }
            as("alice").unfreeze("race");
        }
    }

    private ProcessStatus statusOf(String ns, String name) {
        return engine.list(ns).stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().status();
    }
}
