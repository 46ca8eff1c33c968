package jmon.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jmon.api.ActionResult;
import jmon.api.ApiOp;
import jmon.api.AppSpec;
import jmon.api.Caller;
import jmon.api.DaemonInfo;
import jmon.api.ErrorCode;
import jmon.api.EventSink;
import jmon.api.FreezeInfo;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.MetricSample;
import jmon.api.ProcessInfo;
import jmon.api.SaveResult;
import jmon.api.Selector;
import jmon.api.Verb;
import jmon.engine.supervise.ManagedProcess;
import jmon.spec.RequestRules;

/**
 * The API as one caller sees it (OS user from the socket's peer credentials, freeze token, read-only or not): each
 * method is one {@link Operation} run through the {@link RequestPipeline}. Every argument is checked by the same
 * rules as a file or a CLI flag ({@link RequestRules}) before anything is touched, so a raw socket request can
 * never reach the engine with a null, an out-of-range number or a path-like name.
 */
final class CallerApi implements JmonApi {
    private final Engine e;
    private final Caller c;

    CallerApi(Engine e, Caller c) {
        this.e = e;
        this.c = c;
    }

    @FunctionalInterface
    interface Check {
        void run();
    }

    @FunctionalInterface
    interface Prepare {
        void run() throws IOException;
    }

    @FunctionalInterface
    interface Begin<T> {
        Operation.Begun<T> run(Operation.FreezeCheck freezes) throws IOException;
    }

    @FunctionalInterface
    interface Answer<T> {
        T get() throws IOException;
    }

    private record ReadOp<T>(ApiOp op, Check check, Answer<T> body) implements Operation.Read<T> {
        public void validate() { check.run(); }

        public T answer() {
            try {
                return body.get();
            } catch (IOException x) {
                throw new JmonException(ErrorCode.FAILED, x.getMessage());
            }
        }
    }

    /** The request's scope, asked only once it is validated (the names come from the arguments). */
    @FunctionalInterface
    interface Scope<T> {
        T get();
    }

    private record ChangeOp<T>(ApiOp op, Scope<String> verbOf, Scope<String> namespaceOf, Scope<List<String>> targetsOf,
                               Check check, Prepare prep, Begin<T> begin) implements Operation.Change<T> {
        public void validate() { check.run(); }

        public String verb() { return verbOf.get(); }

        public String namespace() { return namespaceOf.get(); }

        public List<String> targets() { return targetsOf.get(); }

        public void prepare() throws IOException { prep.run(); }

        public Operation.Begun<T> begin(Operation.FreezeCheck freezes) throws IOException { return begin.run(freezes); }
    }

    private static final Check NOTHING = () -> { };
    private static final Prepare NO_FILES = () -> { };

    private <T> T read(ApiOp op, Check check, Answer<T> answer) {
        return e.pipeline().run(new ReadOp<>(op, check, answer), c);
    }

    private <T> T change(ApiOp op, Scope<String> verb, Scope<String> ns, Scope<List<String>> targets, Check check,
                         Prepare prep, Begin<T> begin) {
        return e.pipeline().run(new ChangeOp<>(op, verb, ns, targets, check, prep, begin), c);
    }

    private <T> T change(ApiOp op, String verb, String ns, List<String> targets, Check check, Prepare prep, Begin<T> begin) {
        return change(op, () -> verb, () -> ns, () -> targets, check, prep, begin);
    }

    @Override
    public DaemonInfo ping() { return read(ApiOp.PING, NOTHING, e::ping); }

    @Override
    public List<ProcessInfo> list(String ns) {
        return read(ApiOp.LIST, () -> RequestRules.checkOptionalNamespace("namespace", ns), () -> e.list(ns));
    }

    @Override
    public ProcessInfo describe(int pmId) {
        return read(ApiOp.DESCRIBE, () -> RequestRules.checkPmId("pmId", pmId), () -> e.describe(pmId));
    }

    @Override
    public List<MetricSample> metrics(int pmId) {
        return read(ApiOp.METRICS, () -> RequestRules.checkPmId("pmId", pmId), () -> e.metricsFeed().samples(pmId));
    }

    @Override
    public void logs(LogQuery q, LogSink sink) {
        read(ApiOp.LOGS, () -> RequestRules.checkLogQuery(q), () -> {
            e.logService().read(q, sink);
            return null;
        });
    }

    @Override
    public void events(EventSink sink) {
        read(ApiOp.EVENTS, NOTHING, () -> {
            e.eventStream().stream(sink);
            return null;
        });
    }

    @Override
    public List<FreezeInfo> freezes() { return read(ApiOp.FREEZES, NOTHING, () -> e.freezeTable().list()); }

    @Override
    public ActionResult start(List<AppSpec> apps, jmon.api.StartMode mode) {
        jmon.api.StartMode m = mode == null ? jmon.api.StartMode.ADD : mode;
        return change(ApiOp.START, m::verb, () -> nsOf(apps), () -> namesOf(apps),
                () -> RequestRules.checkSpecs(apps), NO_FILES,
                freezes -> {
                    Operation.Begun<ActionResult> b = e.lifecycle().start(apps, m, freezes);
                    return () -> {
                        ActionResult r = b.finish();
                        e.expectedInventory().started(apps); // what should run now includes them, with their file
                        return r;
                    };
                });
    }

    @Override
    public ActionResult act(Verb verb, Selector sel) {
        return change(ApiOp.ACT, () -> verb.wire(), () -> sel.namespace(), () -> sel.targets(), () -> {
                    if (verb == null) throw new JmonException(ErrorCode.BAD_REQUEST, "verb: missing");
                    RequestRules.checkSelector(sel);
                }, NO_FILES, freezes -> {
                    Operation.Begun<ActionResult> b = e.lifecycle().act(verb, sel, freezes);
                    if (verb != Verb.DELETE) return b;
                    return () -> {
                        ActionResult r = b.finish();
                        e.expectedInventory().deleted(specsOf(r.processes()), c); // tombstones: who, when, through what
                        return r;
                    };
                });
    }

    @Override
    public SaveResult save(String ns, boolean force) {
        Dumps.SavePlan plan = e.dumps().new SavePlan(ns, force, c.user());
        return change(ApiOp.SAVE, "save", ns, List.of(), () -> RequestRules.checkOptionalNamespace("namespace", ns),
                plan::readDumps, freezes -> {
                    freezes.check(plan.resolve());
                    return plan::write;
                });
    }

    @Override
    public ActionResult resurrect(String ns, boolean dryRun) {
        Dumps.Revival rev = e.dumps().new Revival(ns);
        Check check = () -> RequestRules.checkOptionalNamespace("namespace", ns);
        if (dryRun) {
            return read(ApiOp.RESURRECT, check, () -> {
                rev.readDumps();
                return e.loop().call(rev::dryRun);
            });
        }
        return change(ApiOp.RESURRECT, "resurrect", ns, List.of(), check, rev::readDumps, freezes -> {
            freezes.check(rev.namespaces());
            Operation.Begun<ActionResult> b = rev.begin();
            return () -> {
                ActionResult r = b.finish();
                e.expectedInventory().started(specsOf(r.processes()));
                return r;
            };
        });
    }

    @Override
    public ActionResult kill() {
        return change(ApiOp.KILL, "kill", null, List.of("all"), NOTHING, NO_FILES, freezes -> {
            Operation.Begun<ActionResult> b = e.lifecycle().kill(freezes);
            return () -> {
                ActionResult r = b.finish();
                e.expectedInventory().deleted(specsOf(r.processes()), c);
                return r;
            };
        });
    }

    @Override
    public ActionResult flush(Selector sel) {
        return change(ApiOp.FLUSH, () -> "flush", () -> sel.namespace(), () -> sel.targets(), () -> RequestRules.checkSelector(sel),
                NO_FILES, freezes -> {
                    TargetResolver.Resolution r = TargetResolver.resolve(e.table().all(), sel, Verb.STOP);
                    freezes.check(Lifecycle.namespacesOf(r.processes()));
                    e.logService().flush(r.processes());
                    List<ProcessInfo> infos = new ArrayList<>();
                    for (ManagedProcess p : r.processes()) infos.add(e.metricsFeed().info(p));
                    return Operation.Begun.done(new ActionResult(infos, r.notes()));
                });
    }

    @Override
    public ActionResult signal(String signal, Selector sel) {
        return change(ApiOp.SIGNAL, () -> "sendSignal", () -> sel.namespace(), () -> sel.targets(), () -> {
                    RequestRules.checkSelector(sel);
                    checkSignal(signal);
                }, NO_FILES, freezes -> Operation.Begun.done(infos(e.lifecycle().signal(signal, sel, freezes))));
    }

    @Override
    public ActionResult reset(Selector sel) {
        return change(ApiOp.RESET, () -> "reset", () -> sel.namespace(), () -> sel.targets(),
                () -> RequestRules.checkSelector(sel), NO_FILES,
                freezes -> Operation.Begun.done(infos(e.lifecycle().reset(sel, freezes))));
    }

    @Override
    public ActionResult scale(String ns, String name, int instances) {
        return change(ApiOp.SCALE, "scale", ns, List.of(name), () -> {
                    RequestRules.checkOptionalNamespace("namespace", ns);
                    RequestRules.checkAppName("name", name);
                    if (instances < 1 || instances > jmon.spec.Limits.MAX_INSTANCES) {
                        throw new JmonException(ErrorCode.BAD_REQUEST, "instances: " + instances
                                + " is out of range 1–" + jmon.spec.Limits.MAX_INSTANCES);
                    }
                }, NO_FILES, freezes -> e.lifecycle().scale(ns, name, instances, freezes));
    }

    @Override
    public ActionResult update() {
        return change(ApiOp.UPDATE, "update", null, List.of("all"), NOTHING, NO_FILES, freezes -> {
            List<ProcessInfo> infos = new ArrayList<>();
            for (ManagedProcess p : e.table().all()) if (!p.isRemoved()) infos.add(e.metricsFeed().info(p));
            return Operation.Begun.done(new ActionResult(infos, List.of(
                    "handing " + infos.size() + " processes to the next daemon; none is stopped")));
        });
    }

    /** A signal jmon knows by name ({@code SIGUSR2}, {@code USR2}); numbers and unknown names are refused. */
    private static void checkSignal(String signal) {
        if (signal == null || signal.isEmpty()) throw new JmonException(ErrorCode.BAD_REQUEST, "signal: is missing");
        try {
            jmon.engine.exec.Posix.signalNumber(signal);
        } catch (IllegalArgumentException x) {
            throw new JmonException(ErrorCode.BAD_REQUEST, "signal: unknown signal '"
                    + (signal.length() > 32 ? signal.substring(0, 32) + "…" : signal) + "' (use a name such as SIGUSR2)");
        }
    }

    private ActionResult infos(TargetResolver.Resolution r) {
        List<ProcessInfo> infos = new ArrayList<>();
        for (ManagedProcess p : r.processes()) infos.add(e.metricsFeed().info(p));
        return new ActionResult(infos, r.notes());
    }

    @Override
    public int reloadLogs() {
        return change(ApiOp.RELOAD_LOGS, "reloadLogs", null, List.of(), NOTHING, NO_FILES,
                freezes -> () -> e.logService().reopenAll());
    }

    @Override
    public FreezeInfo freeze(String ns, String reason) {
        return change(ApiOp.FREEZE, "freeze", ns, List.of(), () -> {
            RequestRules.checkNamespace("namespace", ns);
            RequestRules.checkReason("reason", reason);
        }, NO_FILES, freezes -> Operation.Begun.done(e.freezeTable().freeze(ns, reason, c)));
    }

    @Override
    public ActionResult unfreeze(String ns) {
        return change(ApiOp.UNFREEZE, "unfreeze", ns, List.of(), () -> RequestRules.checkNamespace("namespace", ns),
                NO_FILES, freezes -> Operation.Begun.done(e.freezeTable().unfreeze(ns)));
    }

    @Override
    public jmon.api.RestoreJob restoreSubmit(jmon.api.RestorePlan plan) {
        return change(ApiOp.RESTORE_SUBMIT, () -> "restore", () -> planNamespace(plan), () -> planTargets(plan), () -> {
                    if (plan == null) throw new JmonException(ErrorCode.BAD_REQUEST, "plan: missing");
                    jmon.engine.restore.RestoreJobs.check(plan);
                }, NO_FILES, freezes -> {
                    // a namespace the submitter froze itself (its token in the plan) is the job's to act on
                    List<String> namespaces = new ArrayList<>();
                    for (jmon.api.RestoreStep st : plan.steps()) {
                        if (!e.freezeTable().holds(st.namespace(), plan.freezeTokens().get(st.namespace()))) {
                            namespaces.add(st.namespace());
                        }
                    }
                    freezes.check(namespaces);
                    return () -> e.restores().submit(plan, c); // the job runs on its own thread, as this caller
                });
    }

    @Override
    public jmon.api.RestoreJob restoreStatus(String id) {
        return read(ApiOp.RESTORE_STATUS, () -> {
            if (id != null) RequestRules.checkNamespace("id", id);
        }, () -> e.restores().status(id));
    }

    @Override
    public jmon.api.RestoreJob restoreCancel(String id) {
        return change(ApiOp.RESTORE_CANCEL, "restoreCancel", null, id == null ? List.of() : List.of(id), () -> {
            if (id != null) RequestRules.checkNamespace("id", id);
        }, NO_FILES, freezes -> () -> e.restores().cancel(id, c));
    }

    @Override
    public jmon.api.RestoreJob restoreAnswer(String id, long question, String answer) {
        return change(ApiOp.RESTORE_ANSWER, "restoreAnswer", null, id == null ? List.of() : List.of(id), () -> {
            if (id != null) RequestRules.checkNamespace("id", id);
            if (!"retry".equals(answer) && !"skip".equals(answer) && !"abort".equals(answer)) {
                throw new JmonException(ErrorCode.BAD_REQUEST, "answer: retry, skip or abort, got '" + answer + "'");
            }
        }, NO_FILES, freezes -> () -> e.restores().answer(id, question, answer, c));
    }

    @Override
    public List<jmon.api.HistoryEvent> history(jmon.api.HistoryQuery q) {
        jmon.api.HistoryQuery[] checked = new jmon.api.HistoryQuery[1];
        return read(ApiOp.HISTORY, () -> checked[0] = RequestRules.checkHistoryQuery(q), () -> e.history().read(checked[0]));
    }

    @Override
    public List<jmon.api.ExpectedApp> expected(String ns) {
        return read(ApiOp.EXPECTED, () -> RequestRules.checkOptionalNamespace("namespace", ns),
                () -> e.expectedInventory().expected(ns));
    }

    @Override
    public List<jmon.api.RegisteredFile> registeredFiles() {
        return read(ApiOp.REGISTERED_FILES, NOTHING, () -> e.expectedInventory().registered());
    }

    @Override
    public ActionResult registerFile(String path) {
        return change(ApiOp.REGISTER_FILE, "registerFile", null, path == null ? List.of() : List.of(path),
                () -> RequestRules.checkFilePath("path", path), NO_FILES, freezes -> () -> new ActionResult(List.of(),
                        List.of(e.expectedInventory().register(path) ? "registered " + path : path + " was registered already")));
    }

    @Override
    public ActionResult unregisterFile(String path) {
        return change(ApiOp.UNREGISTER_FILE, "unregisterFile", null, path == null ? List.of() : List.of(path),
                () -> RequestRules.checkFilePath("path", path), NO_FILES, freezes -> () -> {
                    if (!e.expectedInventory().unregister(path)) {
                        throw new JmonException(ErrorCode.NOT_FOUND, path + " is not registered");
                    }
                    return new ActionResult(List.of(), List.of("removed " + path));
                });
    }

    @Override
    public List<jmon.api.IncidentInfo> incidents() {
        return read(ApiOp.INCIDENTS, NOTHING, () -> e.incidentStore().list());
    }

    @Override
    public String readIncidentFile(String id, String name) {
        return read(ApiOp.READ_INCIDENT_FILE, () -> {
            RequestRules.checkIncidentName("id", id);
            RequestRules.checkIncidentName("name", name);
        }, () -> e.incidentStore().read(id, name));
    }

    @Override
    public String createIncident(String base) {
        return change(ApiOp.CREATE_INCIDENT, "createIncident", null, base == null ? List.of() : List.of(base),
                () -> RequestRules.checkIncidentName("id", base), NO_FILES, freezes -> () -> e.incidentStore().create(base));
    }

    @Override
    public ActionResult writeIncidentFile(String id, String name, String content) {
        return change(ApiOp.WRITE_INCIDENT_FILE, "writeIncidentFile", null, incidentTargets(id, name),
                () -> checkIncidentFile(id, name, content), NO_FILES, freezes -> () -> {
                    e.incidentStore().write(id, name, content);
                    return new ActionResult(List.of(), List.of());
                });
    }

    @Override
    public ActionResult appendIncidentFile(String id, String name, String content) {
        return change(ApiOp.APPEND_INCIDENT_FILE, "appendIncidentFile", null, incidentTargets(id, name),
                () -> checkIncidentFile(id, name, content), NO_FILES, freezes -> () -> {
                    e.incidentStore().append(id, name, content);
                    return new ActionResult(List.of(), List.of());
                });
    }

    @Override
    public List<String> daemonLog(int lines) {
        return read(ApiOp.DAEMON_LOG, () -> {
            if (lines < 0 || lines > 1000) {
                throw new JmonException(ErrorCode.BAD_REQUEST, "lines: must be between 0 and 1000, got " + lines);
            }
        }, () -> jmon.engine.incident.LogTail.of(e.home().dir().resolve("jmon.log"), lines));
    }

    private static void checkIncidentFile(String id, String name, String content) {
        RequestRules.checkIncidentName("id", id);
        RequestRules.checkIncidentName("name", name);
        if (content == null) throw new JmonException(ErrorCode.BAD_REQUEST, "content: is missing");
    }

    private static List<String> incidentTargets(String id, String name) {
        return id == null || name == null ? List.of() : List.of(id + "/" + name);
    }

    /** One spec per app (not per instance) of these processes, for the expected inventory. */
    private static List<AppSpec> specsOf(List<ProcessInfo> ps) {
        java.util.Map<String, AppSpec> m = new java.util.LinkedHashMap<>();
        for (ProcessInfo p : ps) if (p.spec() != null) m.putIfAbsent(p.namespace() + "/" + p.name(), p.spec());
        return new ArrayList<>(m.values());
    }

    @Override
    public jmon.api.HookReport hooksTest(String event, String ns, String name) {
        return change(ApiOp.HOOKS_TEST, "hooksTest", ns, List.of(event == null ? "?" : event), () -> {
            if (event == null || !jmon.engine.hooks.HookEvents.TYPES.contains(event)) {
                throw new JmonException(ErrorCode.BAD_REQUEST, "event: one of "
                        + String.join(", ", jmon.engine.hooks.HookEvents.TYPES) + ", got '" + event + "'");
            }
            RequestRules.checkOptionalNamespace("namespace", ns);
            if (name != null) RequestRules.checkAppName("name", name);
        }, NO_FILES, freezes -> () -> e.hooks().test(event, ns, name)); // waits for the hooks off the engine thread
    }

    private static String planNamespace(jmon.api.RestorePlan plan) {
        String ns = null;
        for (jmon.api.RestoreStep st : plan.steps()) {
            if (ns == null) ns = st.namespace();
            else if (!ns.equals(st.namespace())) return null;
        }
        return ns;
    }

    private static List<String> planTargets(jmon.api.RestorePlan plan) {
        List<String> out = new ArrayList<>(plan.steps().size());
        for (jmon.api.RestoreStep st : plan.steps()) out.add(st.key());
        return out;
    }

    private static String nsOf(List<AppSpec> apps) {
        String ns = null;
        for (AppSpec a : apps) {
            if (ns == null) ns = a.namespace();
            else if (!ns.equals(a.namespace())) return null;
        }
        return ns;
    }

    private static List<String> namesOf(List<AppSpec> apps) {
        List<String> out = new ArrayList<>(apps.size());
        for (AppSpec a : apps) out.add(a.namespace() + "/" + a.name());
        return out;
    }
}
