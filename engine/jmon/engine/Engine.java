package jmon.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.DaemonInfo;
import jmon.api.Desired;
import jmon.api.EngineEvent;
import jmon.api.ErrorCode;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.SaveResult;
import jmon.api.Selector;
import jmon.api.Verb;
import jmon.engine.audit.AuditLog;
import jmon.engine.events.EventBus;
import jmon.engine.exec.Launcher;
import jmon.engine.exec.Posix;
import jmon.engine.exec.Spawned;
import jmon.engine.logs.ChunkSink;
import jmon.engine.logs.FifoPump;
import jmon.engine.logs.LogFileSink;
import jmon.engine.logs.LogFiles;
import jmon.engine.persist.DumpStore;
import jmon.engine.persist.ProcessRecord;
import jmon.engine.persist.StateStore;
import jmon.engine.supervise.Intent;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Supervisor;
import jmon.engine.time.Clock;

/**
 * The process engine: owns every managed process on one thread ({@link EngineLoop}), implements the API every
 * client uses, audits every mutating request, and keeps the state file current for re-adoption.
 */
public final class Engine implements JmonApi, AutoCloseable {
    private final Home home;
    private final String version;
    private final EngineLoop loop;
    private final Clock clock;
    private final Supervisor supervisor;
    private final LaunchPlans plans;
    private final StateStore state;
    private final DumpStore dumps;
    private final AuditLog audit;
    private final EventBus events = new EventBus();
    private final LogFiles logFiles = new LogFiles();
    private final Map<Integer, ManagedProcess> processes = new LinkedHashMap<>();
    private final Map<String, Object> saveLocks = new ConcurrentHashMap<>();
    private final long startedAt;
    private int nextPmId;
    private boolean dirty;

    public Engine(Home home, String version, Launcher launcher, Clock clock, Map<String, String> daemonEnv,
                  ObjectMapper json) throws IOException {
        home.ensure();
        this.home = home;
        this.version = version;
        this.clock = clock;
        this.startedAt = clock.nowMs();
        this.loop = new EngineLoop();
        this.plans = new LaunchPlans(daemonEnv);
        this.state = new StateStore(home.stateFile(), json);
        this.dumps = new DumpStore(home.dir(), json);
        this.audit = new AuditLog(home.auditLog(), json);
        this.supervisor = new Supervisor(launcher, loop, clock, Supervisor.Signaller.REAL, events::publish,
                p -> plans.plan(p.spec(), p.pmId(), p.instanceId(), fifo(p.pmId(), "out"), fifo(p.pmId(), "err")),
                this::release, () -> dirty = true);
        loop.afterEachTask(this::persistIfDirty);
    }

    public EventBus events() { return events; }

    public Home home() { return home; }

    /** Reads the state file of an earlier daemon: re-adopts live processes, brings back the ones gone. */
    public void recover(Launcher launcher) throws IOException {
        StateStore.State s = state.load();
        loop.call(() -> {
            nextPmId = s.nextPmId();
            for (ProcessRecord r : s.processes()) {
                Spawned live = r.pid() > 0 ? launcher.adopt(r.pid(), r.startTicks()) : null;
                ProcessStatus initial = live != null ? ProcessStatus.ONLINE
                        : r.status().isHalted() ? r.status()
                        : r.desired() == Desired.RUN ? ProcessStatus.EXITED : ProcessStatus.STOPPED;
                ManagedProcess p = supervisor.create(r.pmId(), r.instanceId(), r.spec(), initial, r.desired());
                supervisor.restore(p, r.createdAt(), r.restarts(), r.unstableRestarts(), r.lastExitCode(),
                        r.lastSignal(), r.reason());
                register(p);
                nextPmId = Math.max(nextPmId, r.pmId() + 1);
                if (live != null) {
                    supervisor.adopt(p, live, r.startedAt());
                    if (r.desired() == Desired.HALT) supervisor.stopAll(List.of(p), Intent.STOP, "stop resumed after daemon restart");
                } else if (r.desired() == Desired.RUN && !r.status().isHalted()) {
                    supervisor.recoverGone(p);
                }
            }
            dirty = true;
            return null;
        });
    }

    // ---- registry ----------------------------------------------------------------------------------------

    private Path fifo(int pmId, String stream) { return home.runDir().resolve(pmId + "-" + stream + ".fifo"); }

    private Path logPath(AppSpec s, int instanceId, String configured, String suffix) {
        boolean numbered = s.instances() > 1 && !s.logs().mergeLogs();
        if (configured != null) {
            if (configured.equals("/dev/null")) return Path.of(configured);
            Path p = Path.of(s.cwd()).resolve(configured);
            if (!numbered) return p;
            String f = p.getFileName().toString();
            int dot = f.lastIndexOf('.');
            String n = dot > 0 ? f.substring(0, dot) + "-" + instanceId + f.substring(dot) : f + "-" + instanceId;
            return p.resolveSibling(n);
        }
        return home.logsDir().resolve(s.namespace())
                .resolve(s.name() + (numbered ? "-" + instanceId : "") + "-" + suffix + ".log");
    }

    /** Adds a process to the table and connects its output FIFOs to its log files. */
    private void register(ManagedProcess p) throws IOException {
        AppSpec s = p.spec();
        Path out = logPath(s, p.instanceId(), s.logs().outFile(), "out");
        Path err = logPath(s, p.instanceId(), s.logs().errorFile(), "error");
        supervisor.setLogPaths(p, out.toString(), err.toString());
        Path combined = s.logs().logFile() == null ? null : logPath(s, p.instanceId(), s.logs().logFile(), "combined");
        List<FifoPump> pumps = new ArrayList<>();
        for (String stream : List.of("out", "err")) {
            Path f = fifo(p.pmId(), stream);
            Posix.mkfifo(f);
            List<LogFileSink> sinks = new ArrayList<>();
            sinks.add(logFiles.acquire(stream.equals("out") ? out : err));
            if (combined != null) sinks.add(logFiles.acquire(combined));
            ChunkSink sink = sinks.size() == 1 ? sinks.get(0)::accept : LogFiles.tee(sinks);
            pumps.add(new FifoPump(f, sink, "jmon-pump-" + p.pmId() + "-" + stream));
        }
        supervisor.setPumps(p, pumps);
        processes.put(p.pmId(), p);
        events.publish(new EngineEvent.ProcessAdded(p.pmId(), p.namespace(), p.name(), clock.nowMs()));
        dirty = true;
    }

    /** A deleted process: drain and close its pumps, release its files, forget it. */
    private void release(ManagedProcess p) {
        processes.remove(p.pmId());
        for (FifoPump pump : supervisor.pumps(p)) {
            pump.close();
            try {
                Files.deleteIfExists(pump.fifo());
            } catch (IOException ignored) {
                // a stale FIFO is harmless: it is recreated on the next use of this id
            }
        }
        AppSpec s = p.spec();
        logFiles.release(Path.of(supervisor.outLog(p)));
        logFiles.release(Path.of(supervisor.errLog(p)));
        if (s.logs().logFile() != null) {
            Path c = logPath(s, p.instanceId(), s.logs().logFile(), "combined");
            logFiles.release(c);
            logFiles.release(c);
        }
        dirty = true;
    }

    private void persistIfDirty() {
        if (!dirty) return;
        dirty = false;
        List<ProcessRecord> recs = new ArrayList<>();
        for (ManagedProcess p : processes.values()) recs.add(supervisor.record(p));
        try {
            state.save(new StateStore.State(1, nextPmId, recs));
        } catch (IOException e) {
            System.err.println("jmon: writing " + home.stateFile() + " failed: " + e);
            dirty = true;
        }
    }

    private List<ManagedProcess> all() { return new ArrayList<>(processes.values()); }

    private ProcessInfo info(ManagedProcess p) { return p.info(clock.nowMs(), 0, 0); }

    // ---- API ---------------------------------------------------------------------------------------------

    /** The API as seen by one OS user: every mutating call is audited with that user. */
    public JmonApi as(String user) { return new UserView(this, user); }

    @Override
    public DaemonInfo ping() {
        long now = clock.nowMs();
        return new DaemonInfo(version, PROTOCOL_VERSION, ProcessHandle.current().pid(), startedAt, now - startedAt,
                home.dir().toString(), System.getProperty("user.name"));
    }

    @Override
    public List<ProcessInfo> list(String namespace) {
        return loop.call(() -> all().stream().filter(p -> namespace == null || p.namespace().equals(namespace))
                .map(this::info).toList());
    }

    @Override
    public ActionResult start(List<AppSpec> apps, boolean restartExisting) { return start(apps, restartExisting, "local"); }

    ActionResult start(List<AppSpec> apps, boolean restartExisting, String user) {
        return audited(user, restartExisting ? "startOrRestart" : "start", nsOf(apps), namesOf(apps), () -> {
            List<String> notes = new ArrayList<>();
            List<CompletableFuture<ProcessInfo>> waits = loop.call(() -> {
                List<CompletableFuture<ProcessInfo>> ws = new ArrayList<>();
                List<AppSpec> ordered = apps.stream().sorted(Comparator.comparingInt(AppSpec::restoreOrder)).toList();
                for (AppSpec spec : ordered) ws.addAll(startOne(spec, restartExisting, notes));
                return ws;
            });
            return new ActionResult(await(waits, 30_000), notes);
        });
    }

    private static final Predicate<ManagedProcess> SETTLED = p -> p.isRemoved()
            || (p.status() != ProcessStatus.LAUNCHING && p.status() != ProcessStatus.STOPPING);

    /** On the engine thread: adds or updates one app and returns futures for its instances to settle. */
    private List<CompletableFuture<ProcessInfo>> startOne(AppSpec spec, boolean restartExisting, List<String> notes)
            throws IOException {
        List<ManagedProcess> existing = all().stream()
                .filter(p -> p.namespace().equals(spec.namespace()) && p.name().equals(spec.name()))
                .sorted(Comparator.comparingInt(ManagedProcess::instanceId)).toList();
        List<ManagedProcess> touched = new ArrayList<>();
        if (existing.isEmpty()) {
            for (int i = 0; i < spec.instances(); i++) {
                ManagedProcess p = supervisor.create(nextPmId++, i, spec, ProcessStatus.STOPPED,
                        spec.autostart() ? Desired.RUN : Desired.HALT);
                register(p);
                if (spec.autostart()) supervisor.start(p, "started");
                touched.add(p);
            }
        } else if (restartExisting) {
            for (ManagedProcess p : existing) {
                if (p.instanceId() < spec.instances()) {
                    supervisor.updateSpec(p, spec);
                    touched.add(p);
                }
            }
            List<ManagedProcess> extra = existing.stream().filter(p -> p.instanceId() >= spec.instances()).toList();
            supervisor.stopAll(extra, Intent.DELETE, "scaled down");
            supervisor.stopAll(touched, Intent.RESTART, "restarted by startOrRestart");
            for (int i = existing.size(); i < spec.instances(); i++) {
                ManagedProcess p = supervisor.create(nextPmId++, i, spec, ProcessStatus.STOPPED, Desired.RUN);
                register(p);
                supervisor.start(p, "started (scaled up)");
                touched.add(p);
            }
        } else {
            for (ManagedProcess p : existing) {
                if (p.status().isHalted()) supervisor.start(p, "started");
                else notes.add(p.namespace() + "/" + p.name() + " is already " + p.status().wire());
                touched.add(p);
            }
        }
        long now = clock.nowMs();
        return touched.stream().map(p -> supervisor.when(p, SETTLED, now)).toList();
    }

    @Override
    public ActionResult act(Verb verb, Selector selector) { return act(verb, selector, "local"); }

    ActionResult act(Verb verb, Selector sel, String user) {
        return audited(user, verb.wire(), sel.namespace(), sel.targets(), () -> {
            TargetResolver.Resolution r = loop.call(() -> TargetResolver.resolve(all(), sel, verb));
            if (verb == Verb.RELOAD) return rollingRestart(r);
            List<CompletableFuture<ProcessInfo>> waits = loop.call(() -> {
                long now = clock.nowMs();
                List<ManagedProcess> live = r.processes().stream().filter(p -> !p.isRemoved()).toList();
                switch (verb) {
                    case START -> live.forEach(p -> supervisor.start(p, "started by request"));
                    case STOP -> supervisor.stopAll(live, Intent.STOP, "stopped by request");
                    case RESTART -> supervisor.stopAll(live, Intent.RESTART, "restart requested");
                    case DELETE -> supervisor.stopAll(live, Intent.DELETE, "deleted by request");
                    default -> throw new IllegalStateException(verb.toString());
                }
                Predicate<ManagedProcess> done = switch (verb) {
                    case STOP -> p -> p.isRemoved() || p.status().isHalted();
                    case DELETE -> ManagedProcess::isRemoved;
                    default -> SETTLED;
                };
                return live.stream().map(p -> supervisor.when(p, done, now)).toList();
            });
            return new ActionResult(await(waits, maxKillTimeout(r.processes()) + 10_000), r.notes());
        });
    }

    /** reload: one process at a time, each back (or failed) before the next goes down. */
    private ActionResult rollingRestart(TargetResolver.Resolution r) {
        List<ProcessInfo> out = new ArrayList<>();
        for (ManagedProcess p : r.processes()) {
            CompletableFuture<ProcessInfo> w = loop.call(() -> {
                supervisor.stopAll(List.of(p), Intent.RESTART, "reload");
                return supervisor.when(p, SETTLED, clock.nowMs());
            });
            out.addAll(await(List.of(w), p.spec().restart().killTimeoutMs() + 10_000));
        }
        return new ActionResult(out, r.notes());
    }

    private static long maxKillTimeout(List<ManagedProcess> ps) {
        return ps.stream().mapToLong(p -> p.spec().restart().killTimeoutMs()).max().orElse(0);
    }

    private static List<ProcessInfo> await(List<CompletableFuture<ProcessInfo>> waits, long timeoutMs) {
        try {
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JmonException(ErrorCode.FAILED, "timed out after " + timeoutMs + " ms waiting for processes");
        } catch (Exception e) {
            throw new JmonException(ErrorCode.FAILED, e.toString());
        }
        return waits.stream().map(CompletableFuture::join).toList();
    }

    @Override
    public SaveResult save(String namespace, boolean force) { return save(namespace, force, "local"); }

    SaveResult save(String namespace, boolean force, String user) {
        return audited(user, "save", namespace, List.of(), () -> {
            Map<String, List<DumpStore.Entry>> byNs = loop.call(this::snapshotForDump);
            List<String> targets = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            if (namespace != null) {
                targets.add(namespace);
            } else {
                targets.addAll(byNs.keySet());
                for (String ns : dumps.namespaces()) {
                    if (!byNs.containsKey(ns)) {
                        notes.add("kept " + dumps.fileOf(ns).getFileName() + ": no processes in " + ns
                                + " now (jmon save -n " + ns + " --force empties it)");
                    }
                }
                if (targets.isEmpty() && notes.isEmpty()) notes.add("nothing to save: no processes");
            }
            List<SaveResult.Saved> saved = new ArrayList<>();
            for (String ns : targets) {
                synchronized (saveLocks.computeIfAbsent(ns, k -> new Object())) {
                    // snapshot again under the lock so the last writer always writes the latest state
                    List<DumpStore.Entry> entries = loop.call(this::snapshotForDump).getOrDefault(ns, List.of());
                    DumpStore.Dump old = dumps.load(ns);
                    if (entries.isEmpty() && old != null && !old.apps().isEmpty() && !force) {
                        throw new JmonException(ErrorCode.REFUSED, "refusing to replace " + dumps.fileOf(ns)
                                + " (" + old.apps().size() + " apps) with an empty list; use --force");
                    }
                    Path f = dumps.save(new DumpStore.Dump(1, ns, clock.nowMs(), user, entries));
                    saved.add(new SaveResult.Saved(ns, f.toString(), entries.size()));
                }
            }
            return new SaveResult(saved, notes);
        });
    }

    /** One entry per app (not per instance), with the declared env only, in priority order. */
    private Map<String, List<DumpStore.Entry>> snapshotForDump() {
        Map<String, Map<String, DumpStore.Entry>> tmp = new java.util.TreeMap<>();
        for (ManagedProcess p : processes.values()) {
            var apps = tmp.computeIfAbsent(p.namespace(), k -> new LinkedHashMap<>());
            DumpStore.Entry prev = apps.get(p.name());
            Desired d = prev != null && prev.desired() == Desired.RUN ? Desired.RUN : p.desired();
            apps.put(p.name(), new DumpStore.Entry(p.spec(), d));
        }
        Map<String, List<DumpStore.Entry>> out = new java.util.TreeMap<>();
        tmp.forEach((ns, m) -> out.put(ns, m.values().stream()
                .sorted(Comparator.comparingInt(e -> e.spec().restoreOrder())).toList()));
        return out;
    }

    @Override
    public ActionResult resurrect(String namespace, boolean dryRun) { return resurrect(namespace, dryRun, "local"); }

    ActionResult resurrect(String namespace, boolean dryRun, String user) {
        java.util.function.Supplier<ActionResult> body = () -> {
            List<String> nss;
            try {
                nss = namespace != null ? List.of(namespace) : dumps.namespaces();
            } catch (IOException e) {
                throw new JmonException(ErrorCode.FAILED, "reading dumps: " + e.getMessage());
            }
            List<DumpStore.Entry> entries = new ArrayList<>();
            for (String ns : nss) {
                DumpStore.Dump d;
                try {
                    d = dumps.load(ns);
                } catch (IOException e) {
                    throw new JmonException(ErrorCode.FAILED, "reading " + dumps.fileOf(ns) + ": " + e.getMessage());
                }
                if (d == null) throw new JmonException(ErrorCode.NOT_FOUND, "no dump for namespace " + ns
                        + " (" + dumps.fileOf(ns) + ")");
                entries.addAll(d.apps());
            }
            entries.sort(Comparator.comparingInt(e -> e.spec().restoreOrder()));
            List<String> notes = new ArrayList<>();
            List<CompletableFuture<ProcessInfo>> waits = loop.call(() -> {
                List<CompletableFuture<ProcessInfo>> ws = new ArrayList<>();
                for (DumpStore.Entry e : entries) {
                    AppSpec s = e.spec();
                    boolean exists = processes.values().stream()
                            .anyMatch(p -> p.namespace().equals(s.namespace()) && p.name().equals(s.name()));
                    String what = s.namespace() + "/" + s.name();
                    if (exists) {
                        notes.add(what + " already present: left as is");
                    } else if (dryRun) {
                        notes.add("would " + (e.desired() == Desired.RUN ? "start " : "add (stopped) ") + what
                                + (s.priority() > 0 ? " (priority " + s.priority() + ")" : ""));
                    } else {
                        AppSpec toStart = e.desired() == Desired.RUN ? s : new AppSpec(s.namespace(), s.name(),
                                s.script(), s.args(), s.interpreter(), s.interpreterArgs(), s.cwd(), s.env(),
                                s.instances(), s.instanceVar(), s.restart(), s.logs(), s.priority(), s.isProtected(),
                                s.tier(), false, s.source());
                        ws.addAll(startOne(toStart, false, notes));
                    }
                }
                return ws;
            });
            return new ActionResult(await(waits, 30_000), notes);
        };
        return dryRun ? body.get() : audited(user, "resurrect", namespace, List.of(), body::get);
    }

    @Override
    public ActionResult kill() { return kill("local"); }

    ActionResult kill(String user) {
        return audited(user, "kill", null, List.of("all"), () -> {
            List<CompletableFuture<ProcessInfo>> waits = loop.call(() -> {
                supervisor.beginShutdown();
                List<ManagedProcess> ps = all();
                supervisor.stopAll(ps, Intent.DELETE, "daemon killed");
                long now = clock.nowMs();
                return ps.stream().map(p -> supervisor.when(p, ManagedProcess::isRemoved, now)).toList();
            });
            return new ActionResult(await(waits, maxKillTimeout(all()) + 10_000), List.of());
        });
    }

    /** Runs a mutating request and appends its outcome to the audit log, failed or not. */
    private <T> T audited(String user, String verb, String namespace, List<String> targets, Audited<T> body) {
        try {
            T result = body.run();
            List<String> affected = result instanceof ActionResult a
                    ? a.processes().stream().map(ProcessInfo::qualifiedName).toList() : List.of();
            audit.append(user, verb, namespace, targets, affected, "ok");
            return result;
        } catch (JmonException e) {
            audit.append(user, verb, namespace, targets, List.of(), e.getMessage());
            throw e;
        } catch (IOException e) {
            audit.append(user, verb, namespace, targets, List.of(), e.toString());
            throw new JmonException(ErrorCode.FAILED, e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Audited<T> {
        T run() throws IOException;
    }

    private static String nsOf(List<AppSpec> apps) {
        var nss = apps.stream().map(AppSpec::namespace).distinct().toList();
        return nss.size() == 1 ? nss.get(0) : null;
    }

    private static List<String> namesOf(List<AppSpec> apps) {
        return apps.stream().map(a -> a.namespace() + "/" + a.name()).toList();
    }

    @Override
    public void close() {
        loop.call(() -> {
            for (ManagedProcess p : all()) for (FifoPump pump : supervisor.pumps(p)) pump.close();
            return null;
        });
        loop.close();
    }

    /** Engine calls on behalf of one OS user (from the socket's peer credentials). */
    private record UserView(Engine e, String user) implements JmonApi {
        public DaemonInfo ping() { return e.ping(); }
        public ActionResult start(List<AppSpec> apps, boolean r) { return e.start(apps, r, user); }
        public ActionResult act(Verb v, Selector s) { return e.act(v, s, user); }
        public List<ProcessInfo> list(String ns) { return e.list(ns); }
        public SaveResult save(String ns, boolean f) { return e.save(ns, f, user); }
        public ActionResult resurrect(String ns, boolean d) { return e.resurrect(ns, d, user); }
        public ActionResult kill() { return e.kill(user); }
    }
}
