package jmon.engine;

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
import jmon.api.Caller;
import jmon.api.DaemonInfo;
import jmon.api.FreezeInfo;
import jmon.api.DaemonStatus;
import jmon.api.HostStatus;
import jmon.api.Desired;
import jmon.api.EngineEvent;
import jmon.api.ErrorCode;
import jmon.api.EventSink;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.LogLine;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.MetricSample;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.SaveResult;
import jmon.api.Selector;
import jmon.api.Verb;
import jmon.engine.audit.AuditLog;
import jmon.engine.events.EventBus;
import jmon.engine.exec.Launcher;
import jmon.engine.exec.Spawned;
import jmon.engine.health.NotifyMessage;
import jmon.engine.health.ProbeRunner;
import jmon.engine.health.ProcessNotify;
import jmon.engine.logs.LineRing;
import jmon.engine.exec.MarkedProcess;
import jmon.engine.exec.MarkedProcesses;
import jmon.engine.exec.OrphanReaper;
import jmon.engine.logs.LogFiles;
import jmon.engine.logs.LogHub;
import jmon.engine.logs.ProcessLogs;
import jmon.engine.persist.DumpStore;
import jmon.engine.persist.ProcessRecord;
import jmon.engine.persist.StateStore;
import jmon.engine.persist.StateWriter;
import jmon.engine.journal.Journal;
import jmon.engine.journal.JournalRecord;
import jmon.engine.journal.Recovery;
import jmon.engine.supervise.Intent;
import jmon.engine.supervise.Members;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Supervisor;
import jmon.engine.metrics.CronExpression;
import jmon.engine.metrics.MetricsHistory;
import jmon.engine.metrics.ProcSampler;
import jmon.engine.metrics.ProcessSample;
import jmon.engine.metrics.Sampler;
import jmon.engine.time.Clock;
import jmon.engine.time.Scheduler;
import jmon.rpc.Json;
import jmon.spec.RequestRules;

/**
 * The process engine: owns every managed process on one thread ({@link EngineLoop}), implements the API every
 * client uses, audits every mutating request, and journals every change (write-ahead for requests, right after
 * the spawn for a new pid) so a new daemon knows exactly what runs.
 */
public final class Engine implements JmonApi, AutoCloseable {
    private final Home home;
    private final String version;
    private final EngineLoop loop;
    private final Clock clock;
    private final Supervisor supervisor;
    private final LaunchPlans plans;
    /** This home's id in every spawned process's instance marker. */
    private final String homeId;
    private final StateStore state;
    private final DumpStore dumps;
    private final AuditLog audit;
    private final jmon.engine.history.History history;
    private final jmon.engine.inventory.ExpectedInventory expected;
    private final jmon.engine.incident.IncidentStore incidents;
    private final EventBus events = new EventBus();
    private final LogFiles logFiles = new LogFiles();
    private final LogHub logHub = new LogHub();
    /** One thread reads every process pipe (epoll). */
    private final jmon.engine.logs.PipeReactor pipes;
    private final ProcessLogs.Defaults logDefaults;
    private final MetricsHistory metricsHistory = new MetricsHistory();
    private final Map<Integer, Scheduler.Cancellable> cronTimers = new java.util.HashMap<>();
    /** pmId → leader pid of every live process, rebuilt after each engine task for the sampler thread. */
    private volatile Map<Integer, Long> liveLeaders = Map.of();
    /** pmIds of the live processes with a max_memory_restart (sampled at the watched rate), rebuilt with it. */
    private volatile java.util.Set<Integer> liveLimited = java.util.Set.of();
    private volatile Sampler sampler;
    private volatile OrphanReaper reaper;
    private final jmon.engine.watch.FileWatcher watcher;
    private final Map<Integer, Scheduler.Cancellable> watchDebounce = new java.util.HashMap<>();
    private final Map<Integer, ProcessNotify> notifiers = new java.util.HashMap<>();
    /** Starts waiting for their dependencies, re-checked after every status change. */
    private final java.util.LinkedHashSet<ManagedProcess> pendingStarts = new java.util.LinkedHashSet<>();
    private final java.util.concurrent.ExecutorService prober = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(null, r, "jmon-prober", 256 * 1024);
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, ManagedProcess> processes = new LinkedHashMap<>();
    private final Map<String, Object> saveLocks = new ConcurrentHashMap<>();
    private final Map<String, FreezeInfo> freezes;
    private final long startedAt;
    private int nextPmId;
    private boolean dirty;
    private final StateWriter stateWriter;
    /** The daemon's memory; state.json is its checkpoint. */
    private final Journal journal;
    private final Recovery.Recovered recovered;
    /** What the journal holds of each process (engine thread): a change is appended once, when it differs. */
    private final Map<Integer, AppSpec> journaledSpec = new java.util.HashMap<>();
    private final Map<Integer, JournalRecord.Progressed> journaledProgress = new java.util.HashMap<>();
    /** After a failed sync, every row is appended again: what was in the page cache may not have reached the disk. */
    private boolean journalResync;
    /** The journal record of the last spawn; the next spawn waits until it is durable. */
    private long spawnRecordSeq;
    private boolean journalRetryScheduled;
    private long checkpointBytes;
    private volatile long lastCheckpointSeq;
    /** Checkpoint once this much journal accumulated since the last one. */
    private static final long CHECKPOINT_BYTES = 1L << 20;
    /** What recovery found and did, shown by ping (one line each). */
    private final List<String> daemonWarnings = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Engine(Home home, String version, Launcher launcher, Clock clock, Map<String, String> daemonEnv)
            throws IOException {
        this(home, version, launcher, clock, daemonEnv, ProcessLogs.Defaults.standard());
    }

    public Engine(Home home, String version, Launcher launcher, Clock clock, Map<String, String> daemonEnv,
                  ProcessLogs.Defaults logDefaults) throws IOException {
        home.ensure();
        this.logDefaults = logDefaults;
        this.home = home;
        this.version = version;
        this.clock = clock;
        this.startedAt = clock.nowMs();
        this.loop = new EngineLoop();
        this.pipes = new jmon.engine.logs.PipeReactor();
        this.watcher = new jmon.engine.watch.FileWatcher((pmId, path) -> loop.execute(() -> onFileChanged(pmId, path)));
        this.homeId = jmon.engine.exec.InstanceMarker.homeId(home.dir());
        this.plans = new LaunchPlans(daemonEnv, homeId);
        this.state = new StateStore(home.stateFile());
        this.recovered = Recovery.load(state, home.journalDir());
        this.journal = Journal.open(home.journalDir(), recovered.lastSeq());
        this.lastCheckpointSeq = recovered.checkpointSeq();
        this.stateWriter = new StateWriter(state, this::checkpointWritten, () -> {
            try {
                journal.sync();
            } catch (IOException e) {
                // the engine thread meets the same failure on its next sync and says it
            }
        });
        this.dumps = new DumpStore(home.dir());
        this.audit = new AuditLog(home.auditLog());
        this.history = new jmon.engine.history.History(home.dir().resolve("history"), clock);
        this.expected = new jmon.engine.inventory.ExpectedInventory(home.dir().resolve("expected.json"), dumps, clock,
                daemonEnv == null ? Map.of() : daemonEnv, this::warn);
        this.incidents = new jmon.engine.incident.IncidentStore(home.dir().resolve("incidents"));
        this.freezes = loadFreezes();
        this.supervisor = new Supervisor(launcher, loop, clock, Supervisor.Signaller.REAL, events::publish,
                p -> {
                    var plan = plans.plan(p.spec(), p.pmId(), p.instanceId(), p.generation(), fifo(p.pmId(), "out"),
                            fifo(p.pmId(), "err"), fifo(p.pmId(), "notify"),
                            notifiers.containsKey(p.pmId()) ? notifiers.get(p.pmId()).stdinFifo() : null);
                    awaitSpawnRecord(); // the last thing before posix_spawn
                    return plan;
                },
                this::release, () -> dirty = true);
        supervisor.setMemberFinder(new Supervisor.MemberFinder() {
            @Override public List<MarkedProcess> everywhere() { return MarkedProcesses.scan(homeId); }
            @Override public List<MarkedProcess> orphans() { return MarkedProcesses.orphans(homeId); }
        });
        supervisor.setHealthHooks(this::onSpawned, p -> {
            ProcessNotify n = notifiers.get(p.pmId());
            return n != null && n.sendShutdown();
        });
        events.subscribe(history::onEvent);
        supervisor.setHistoryHooks(history);
        events.subscribe(e -> {
            if (!pendingStarts.isEmpty() && e instanceof EngineEvent.StatusChanged) loop.execute(this::startPending);
        });
        loop.afterEachTask(this::persistIfDirty);
    }

    public EventBus events() { return events; }

    public Home home() { return home; }

    /**
     * Takes over from an earlier daemon (checkpoint + journal, read when this engine was made): re-adopts live
     * processes, brings back the ones gone.
     */
    public void recover(Launcher launcher) throws IOException {
        Recovery.Recovered s = recovered;
        for (String w : s.warnings()) warn("recovery: " + w);
        loop.call(() -> {
            nextPmId = s.nextPmId();
            // the kernel is the ground truth: what carries this home's marker, against what the journal says
            jmon.engine.supervise.Reconciler.Plan plan = jmon.engine.supervise.Reconciler.reconcile(
                    s.processes().stream().map(r -> jmon.engine.supervise.Reconciler.Known.of(r, false)).toList(),
                    MarkedProcesses.scan(homeId), jmon.engine.exec.ProcFs::isSameLiveProcess);
            for (ProcessRecord r : s.processes()) {
                journaledSpec.put(r.pmId(), r.spec());
                journaledProgress.put(r.pmId(), progress(r));
                jmon.engine.supervise.Reconciler.Leader leader = plan.leaders().get(r.pmId());
                Spawned live = leader == null ? null : launcher.adopt(leader.pid(), leader.startTicks());
                if (leader != null && leader.byMarker() && live != null) {
                    System.err.println("jmon: recovery: " + r.spec().namespace() + "/" + r.spec().name() + " [" + r.pmId()
                            + "] runs as pid " + leader.pid() + " (generation " + leader.generation()
                            + "), which the journal had not recorded yet: adopted");
                }
                List<MarkedProcess> members = plan.members().getOrDefault(r.pmId(), List.of());
                if (live == null && !members.isEmpty()) supervisor.terminateOrphans(members); // a dead app's leftovers
                ProcessStatus initial = live != null ? ProcessStatus.ONLINE
                        : r.status().isHalted() ? r.status()
                        : r.desired() == Desired.RUN ? ProcessStatus.EXITED : ProcessStatus.STOPPED;
                ManagedProcess p = supervisor.create(r.pmId(), r.instanceId(), r.spec(), initial, r.desired());
                supervisor.restore(p, r.createdAt(), r.restarts(), r.unstableRestarts(), r.lastExitCode(),
                        r.lastSignal(), r.reason());
                supervisor.restoreGeneration(p, leader == null ? r.generation() : leader.generation());
                register(p);
                nextPmId = Math.max(nextPmId, r.pmId() + 1);
                if (live != null) {
                    supervisor.adopt(p, live, leader.byMarker() ? clock.nowMs() : r.startedAt());
                    if (r.desired() == Desired.HALT) supervisor.stopAll(List.of(p), Intent.STOP, "stop resumed after daemon restart");
                } else if (r.desired() == Desired.RUN && !r.status().isHalted()) {
                    supervisor.recoverGone(p);
                }
            }
            for (MarkedProcess o : plan.orphans()) {
                String w = "pid " + o.pid() + " (" + o.command() + ") carries this home's marker for pm_id " + o.pmId()
                        + ", which the journal does not know (deleted, or its start was never acknowledged): terminated";
                System.err.println("jmon: recovery: " + w);
            }
            supervisor.terminateOrphans(plan.orphans());
            dirty = true;
            return null;
        });
        loop.call(() -> {
            checkpoint(); // the replayed tail folded into a checkpoint: the next recovery starts from here
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

    /** Adds a process to the table and connects its output FIFOs to its ring and log files. */
    private void register(ManagedProcess p) throws IOException {
        AppSpec s = p.spec();
        Path out = logPath(s, p.instanceId(), s.logs().outFile(), "out");
        Path err = logPath(s, p.instanceId(), s.logs().errorFile(), "error");
        Path combined = s.logs().logFile() == null ? null : logPath(s, p.instanceId(), s.logs().logFile(), "combined");
        supervisor.setLogPaths(p, out.toString(), err.toString());
        supervisor.setLogs(p, new ProcessLogs(s, p.pmId(), p.instanceId(), out, err, combined,
                fifo(p.pmId(), "out"), fifo(p.pmId(), "err"), logFiles, logHub, logDefaults, pipes));
        notifiers.put(p.pmId(), new ProcessNotify(p.pmId(), fifo(p.pmId(), "notify"),
                s.health().shutdownWithMessage() ? fifo(p.pmId(), "in") : null,
                m -> loop.execute(() -> onNotify(p, m)), pipes));
        processes.put(p.pmId(), p);
        events.publish(new EngineEvent.ProcessAdded(p.pmId(), p.namespace(), p.name(), clock.nowMs()));
        scheduleCron(p);
        if (s.restart().watches()) {
            try {
                watcher.watch(p.pmId(), s.restart().watch(), s.restart().ignoreWatch());
            } catch (IOException | RuntimeException e) {
                System.err.println("jmon: watching " + s.restart().watch() + " for " + p.namespace() + "/" + p.name()
                        + " failed: " + e);
            }
        }
        dirty = true;
    }

    /** watch: a change restarts the process once the tree has been quiet for watch_delay (a save storm = one restart). */
    private void onFileChanged(int pmId, Path path) {
        ManagedProcess p = processes.get(pmId);
        if (p == null || p.desired() != Desired.RUN) return;
        Scheduler.Cancellable old = watchDebounce.remove(pmId);
        if (old != null) old.cancel();
        watchDebounce.put(pmId, loop.schedule(() -> {
            watchDebounce.remove(pmId);
            if (p.isRemoved() || p.desired() != Desired.RUN || !p.status().isRunning()) return;
            supervisor.stopAll(List.of(p), Intent.RESTART, "file changed: " + path);
        }, p.spec().restart().watchDelayMs()));
    }

    /** cron_restart: restarts the process at each matching time while it runs (as PM2). */
    private void scheduleCron(ManagedProcess p) {
        String expr = p.spec().restart().cronRestart();
        Scheduler.Cancellable old = cronTimers.remove(p.pmId());
        if (old != null) old.cancel();
        if (expr == null || p.isRemoved()) return;
        long now = clock.nowMs();
        long next = CronExpression.parse(expr).nextAfter(now, java.time.ZoneId.systemDefault());
        cronTimers.put(p.pmId(), loop.schedule(() -> {
            if (p.isRemoved()) return;
            if (p.status() == ProcessStatus.ONLINE) {
                supervisor.stopAll(List.of(p), Intent.RESTART, "cron_restart \"" + expr + "\"");
            }
            scheduleCron(p);
        }, Math.max(0, next - now)));
    }

    // ---- health ------------------------------------------------------------------------------------------

    /** On the engine thread: one message from a process's notify pipe. */
    private void onNotify(ManagedProcess p, NotifyMessage m) {
        if (p.isRemoved()) return;
        var h = p.health();
        long now = clock.nowMs();
        if (m instanceof NotifyMessage.Ready) {
            supervisor.markReady(p, true, "ready (READY=1)");
        } else if (m instanceof NotifyMessage.NotReady) {
            supervisor.markReady(p, false, "not ready (READY=0)");
        } else if (m instanceof NotifyMessage.Capability c) {
            if (c.ready()) h.capabilities.add(c.name());
            else h.capabilities.remove(c.name());
        } else if (m instanceof NotifyMessage.Status st) {
            h.statusText = st.text();
        } else if (m instanceof NotifyMessage.Watchdog) {
            h.lastWatchdog = now;
        } else if (m instanceof NotifyMessage.Metric mt) {
            h.metrics.put(mt.name(), new jmon.api.CustomMetric(mt.value(), mt.unit(), now));
        } else if (m instanceof NotifyMessage.Health hl) {
            h.health = hl.object();
        } else if (m instanceof NotifyMessage.Garbage) {
            h.garbage++;
        }
        if (!pendingStarts.isEmpty()) startPending();
    }

    /** A fresh spawn: start its probes and its watchdog, tied to this spawn's generation. */
    private void onSpawned(ManagedProcess p) {
        // durable before anything else happens, the next spawn of a batch included: a new daemon must know this pid
        // durable before the next spawn of a batch (awaitSpawnRecord); synced meanwhile by the writer's thread, so
        // the fdatasync overlaps the preparation of the next app instead of adding to it
        if (journalProcess(p)) {
            spawnRecordSeq = journal.lastSeq();
            stateWriter.syncJournalSoon();
        }
        var hs = p.spec().health();
        long gen = p.health().generation;
        if (hs.readiness() != null) scheduleProbe(p, true, gen, hs.readiness().initialDelayMs(), new jmon.engine.health.Probes.LogCursor());
        if (hs.liveness() != null) scheduleProbe(p, false, gen, hs.liveness().initialDelayMs(), new jmon.engine.health.Probes.LogCursor());
        if (hs.watchdogMs() > 0) scheduleWatchdog(p, gen, hs.watchdogMs());
    }

    private boolean sameRun(ManagedProcess p, long gen) {
        return !p.isRemoved() && p.health().generation == gen && p.status().isSignallable()
                && p.status() != ProcessStatus.STOPPING;
    }

    private void scheduleProbe(ManagedProcess p, boolean readiness, long gen, long delayMs,
                               jmon.engine.health.Probes.LogCursor cursor) {
        jmon.api.ProbeSpec spec = readiness ? p.spec().health().readiness() : p.spec().health().liveness();
        loop.schedule(() -> {
            if (!sameRun(p, gen)) return;
            LineRing ring = supervisor.logs(p).ring();
            prober.execute(() -> {
                jmon.api.ProbeResult r = jmon.engine.health.Probes.run(spec, readiness ? "readiness" : "liveness",
                        ring, cursor, clock.nowMs());
                loop.execute(() -> {
                    if (!sameRun(p, gen)) return;
                    ProbeRunner.apply(p, readiness, spec, r, supervisor);
                    dirty = true;
                    if (!pendingStarts.isEmpty()) startPending();
                    if (sameRun(p, gen)) scheduleProbe(p, readiness, gen, spec.periodMs(), cursor);
                });
            });
        }, Math.max(0, delayMs));
    }

    /** watchdog_sec: no WATCHDOG=1 for that long while online means hung: restart with that reason. */
    private void scheduleWatchdog(ManagedProcess p, long gen, long periodMs) {
        long since = Math.max(p.health().lastWatchdog, p.startedAt());
        long due = since + periodMs - clock.nowMs();
        loop.schedule(() -> {
            if (!sameRun(p, gen)) return;
            long last = Math.max(p.health().lastWatchdog, p.startedAt());
            if (clock.nowMs() - last >= periodMs && p.status() == ProcessStatus.ONLINE) {
                supervisor.stopAll(List.of(p), Intent.RESTART, "watchdog: no WATCHDOG=1 for " + periodMs + " ms");
            } else {
                scheduleWatchdog(p, gen, periodMs);
            }
        }, Math.max(1, due));
    }

    /** Starts p now, or holds it until its dependencies are met. On the engine thread. */
    private void requestStart(ManagedProcess p, String why) {
        List<String> missing = unmetDependencies(p);
        if (missing.isEmpty()) {
            pendingStarts.remove(p);
            p.health().waitingFor = List.of();
            supervisor.start(p, why);
        } else {
            pendingStarts.add(p);
            p.health().waitingFor = missing;
            supervisor.hold(p, "waiting for " + String.join(", ", missing));
        }
    }

    private void startPending() {
        for (ManagedProcess p : new ArrayList<>(pendingStarts)) {
            if (p.isRemoved() || p.desired() != Desired.RUN || !p.status().isHalted()) {
                pendingStarts.remove(p);
                continue;
            }
            List<String> missing = unmetDependencies(p);
            if (missing.isEmpty()) {
                requestStart(p, "started (dependencies met)");
            } else if (!missing.equals(p.health().waitingFor)) {
                p.health().waitingFor = missing;
                supervisor.hold(p, "waiting for " + String.join(", ", missing));
            }
        }
    }

    /** Each dependency not met yet, as "ns/name (condition)". */
    private List<String> unmetDependencies(ManagedProcess p) {
        List<String> out = new ArrayList<>();
        for (jmon.api.Dependency d : p.spec().health().dependsOn()) {
            String ns = d.namespace() == null ? p.namespace() : d.namespace();
            String cond = d.condition() == null ? "started" : d.condition();
            List<ManagedProcess> deps = processes.values().stream()
                    .filter(x -> x.namespace().equals(ns) && x.name().equals(d.name())).toList();
            boolean met = !deps.isEmpty() && deps.stream().allMatch(x -> switch (cond) {
                case "ready" -> x.isReady();
                case "completed" -> x.status() == ProcessStatus.EXITED && (x.info(0, 0, 0).lastExitCode() == null
                        || x.info(0, 0, 0).lastExitCode() == 0
                        || x.spec().restart().stopExitCodes().contains(x.info(0, 0, 0).lastExitCode()));
                default -> x.status() == ProcessStatus.ONLINE;
            });
            if (!met) out.add(ns + "/" + d.name() + " (" + cond + (deps.isEmpty() ? ", not managed" : "") + ")");
        }
        return out;
    }

    /**
     * Something the operator should know about the daemon itself (a setting that fell back to its default, a port
     * in use): one line in jmon.log and in every ping's warnings.
     */
    public void warn(String line) {
        daemonWarnings.add(line);
        System.err.println(java.time.Instant.now() + " warning: " + line);
    }

    // ---- orphans and members -----------------------------------------------------------------------------

    /** This home's id, the first field of every spawned process's {@code JMON_INSTANCE} marker. */
    public String homeId() { return homeId; }

    /**
     * Makes the daemon the subreaper of its apps (what they double-fork comes back to it, not to init) and starts
     * reaping the orphans that land on it; every second the live marked ones that no running app owns are
     * killed. As PID 1 of a namespace it reaps every orphan there.
     */
    public void superviseOrphans(java.util.function.Consumer<String> log) {
        if (!jmon.engine.exec.Posix.becomeSubreaper()) log.accept("prctl(PR_SET_CHILD_SUBREAPER) refused: orphans go to init");
        OrphanReaper r = new OrphanReaper(homeId, pid -> liveLeaders.containsValue(pid),
                found -> loop.execute(() -> killLeftovers(found, log)), log, 1000);
        reaper = r;
        r.start(loop);
    }

    private void killLeftovers(List<MarkedProcess> found, java.util.function.Consumer<String> log) {
        for (MarkedProcess m : found) {
            ManagedProcess p = processes.get(m.pmId());
            if (supervisor.killLeftover(p, m)) {
                log.accept("killed leftover pid " + m.pid() + " (" + m.command() + ") of "
                        + (p == null ? "unknown pm_id " + m.pmId() : p.namespace() + "/" + p.name() + " [" + m.pmId() + "]")
                        + ", generation " + m.generation() + (p == null ? "" : " (current " + p.generation() + ")"));
            }
        }
    }

    /** Reaps what is left at the daemon's very end (see {@link OrphanReaper#drain}); 0 without a reaper. */
    public int drainOrphans() {
        OrphanReaper r = reaper;
        return r == null ? 0 : r.drain();
    }

    /**
     * One process with its members (children, escaped descendants, marked processes): a full /proc read, done
     * off the engine thread, so it is for describe and not for list.
     */
    public ProcessInfo describe(int pmId) {
        Object[] got = loop.call(() -> {
            ManagedProcess p = processes.get(pmId);
            return p == null ? null : new Object[] {info(p), p.pid()};
        });
        if (got == null) throw new JmonException(ErrorCode.NOT_FOUND, "no process with id " + pmId);
        ProcessInfo i = (ProcessInfo) got[0];
        long leader = (Long) got[1];
        List<jmon.api.Member> ms = Members.of(leader, pmId, jmon.engine.exec.ProcFs.table(),
                MarkedProcesses.scan(homeId));
        return new ProcessInfo(i.pmId(), i.namespace(), i.name(), i.instanceId(), i.status(), i.desired(), i.pid(),
                i.ready(), i.restarts(), i.unstableRestarts(), i.startedAt(), i.createdAt(), i.lastExitCode(),
                i.lastSignal(), i.reason(), i.outLogPath(), i.errLogPath(), i.cpu(), i.memory(), i.spec(), i.health(),
                ms, i.logWrite());
    }

    // ---- metrics -----------------------------------------------------------------------------------------

    /** Starts sampling CPU and memory of every live process group, the daemon and the host, at one rate. */
    public void startSampler(long intervalMs) {
        startSampler(intervalMs, intervalMs);
    }

    /**
     * Starts sampling CPU and memory of every live process group, the daemon and the host: every intervalMs while
     * someone watches (an open event stream, a /metrics scrape within the last idle interval), every
     * idleIntervalMs otherwise; apps with a max_memory_restart every intervalMs regardless. {@link #list} makes
     * the figures fresh on demand.
     */
    public void startSampler(long intervalMs, long idleIntervalMs) {
        sampler = new Sampler(new ProcSampler(home.dir()), intervalMs, idleIntervalMs, () -> liveLeaders,
                () -> liveLimited, this::onSample);
        sampler.start();
    }

    /** A /metrics scrape: figures at the watched rate for the next idle interval. */
    public void metricsScraped() {
        Sampler s = sampler;
        if (s != null) s.scraped();
    }

    /** On the thread that ran the round: keep the figures, and hand memory limits to the engine thread. */
    private void onSample(Sampler.Snapshot snap) {
        metricsHistory.record(snap.processes());
        // the engine thread only when some app sampled has a limit: an idle round wakes nothing else
        boolean check = false;
        for (Integer pmId : liveLimited) { // usually none
            if (snap.processes().containsKey(pmId)) {
                check = true;
                break;
            }
        }
        if (check) loop.execute(() -> checkMemory(snap.processes()));
    }

    /** max_memory_restart: a graceful restart of a group over its limit, with the figures as the reason. */
    private void checkMemory(Map<Integer, ProcessSample> samples) {
        samples.forEach((pmId, s) -> {
            ManagedProcess p = processes.get(pmId);
            if (p == null || p.status() != ProcessStatus.ONLINE) return;
            long limit = p.spec().restart().maxMemoryRestartBytes();
            if (limit <= 0 || s.rss() <= limit) return;
            supervisor.stopAll(List.of(p), Intent.RESTART, String.format(
                    "memory %.1f MiB over max_memory_restart %.1f MiB", s.rss() / 1048576.0, limit / 1048576.0));
        });
    }

    /** A deleted process: drain and close its output, forget it. */
    private void release(ManagedProcess p) {
        processes.remove(p.pmId());
        ProcessLogs logs = supervisor.logs(p);
        if (logs != null) logs.close();
        ProcessNotify n = notifiers.remove(p.pmId());
        if (n != null) n.close(true);
        pendingStarts.remove(p);
        metricsHistory.forget(p.pmId());
        Scheduler.Cancellable cron = cronTimers.remove(p.pmId());
        if (cron != null) cron.cancel();
        watcher.unwatch(p.pmId());
        Scheduler.Cancellable deb = watchDebounce.remove(p.pmId());
        if (deb != null) deb.cancel();
        dirty = true;
    }

    private void persistIfDirty() {
        if (!dirty) return;
        dirty = false;
        Map<Integer, Long> leaders = new java.util.HashMap<>();
        java.util.Set<Integer> limited = new java.util.HashSet<>();
        for (ManagedProcess p : processes.values()) {
            if (p.pid() <= 0) continue;
            leaders.put(p.pmId(), p.pid());
            if (p.spec().restart().maxMemoryRestartBytes() > 0) limited.add(p.pmId());
        }
        boolean started = false;
        for (Map.Entry<Integer, Long> e : leaders.entrySet()) {
            if (!e.getValue().equals(liveLeaders.get(e.getKey()))) started = true;
        }
        liveLeaders = Map.copyOf(leaders);
        if (started && sampler != null) sampler.leadersChanged(); // their first figures within a moment
        if (!limited.equals(liveLimited)) {
            liveLimited = java.util.Set.copyOf(limited);
            Sampler s = sampler;
            if (s != null) s.limitedChanged(); // an idle park may be far longer than the limited apps' rate
        }
        journalChanges();
        if (journal.appendedBytes() - checkpointBytes >= CHECKPOINT_BYTES) checkpoint();
    }

    // ---- journal -----------------------------------------------------------------------------------------

    private static JournalRecord.Progressed progress(ProcessRecord r) {
        return new JournalRecord.Progressed(r.pmId(), r.desired(), r.status(), r.pid(), r.startTicks(), r.startedAt(),
                r.generation(), r.restarts(), r.unstableRestarts(), r.lastExitCode(), r.lastSignal(), r.reason());
    }

    /** On the engine thread, right before a spawn: the previous spawn's record is on disk (usually synced already). */
    private void awaitSpawnRecord() {
        if (spawnRecordSeq <= 0) return;
        try {
            journal.syncTo(spawnRecordSeq);
            spawnRecordSeq = 0;
        } catch (IOException e) {
            spawnRecordSeq = 0;
            journalFailed(e);
        }
    }

    /** On the engine thread: appends what changed of every process since it was last journaled, and the deletes. */
    private void journalChanges() {
        boolean resync = journalResync;
        journalResync = false;
        for (ManagedProcess p : processes.values()) {
            if (resync) {
                journaledSpec.remove(p.pmId());
                journaledProgress.remove(p.pmId());
            }
            if (!journalProcess(p)) return;
        }
        if (journaledSpec.size() > processes.size()) {
            for (Integer pmId : new ArrayList<>(journaledSpec.keySet())) {
                if (processes.containsKey(pmId)) continue;
                AppSpec s = journaledSpec.get(pmId);
                JournalRecord.Progressed last = journaledProgress.get(pmId);
                try {
                    journal.append(new JournalRecord.Deleted(pmId, clock.nowMs(), s.namespace(), s.name(),
                            last == null ? null : last.reason()));
                } catch (IOException e) {
                    journalFailed(e);
                    return;
                }
                journaledSpec.remove(pmId);
                journaledProgress.remove(pmId);
            }
        }
    }

    /** Appends p's row where it differs from what the journal holds; false when the journal cannot be written. */
    private boolean journalProcess(ManagedProcess p) {
        try {
            ProcessRecord r = supervisor.record(p);
            if (journaledSpec.get(p.pmId()) != p.spec()) {
                journal.append(new JournalRecord.Admitted(List.of(new JournalRecord.Admission(p.pmId(), p.instanceId(),
                        r.createdAt(), p.spec(), p.desired()))));
                journaledSpec.put(p.pmId(), p.spec());
            }
            JournalRecord.Progressed now = progress(r);
            if (!now.equals(journaledProgress.get(p.pmId()))) {
                journal.append(now);
                journaledProgress.put(p.pmId(), now);
            }
            return true;
        } catch (IOException e) {
            journalFailed(e);
            return false;
        }
    }

    /**
     * The journal cannot be written (disk full, read-only, removed): said once, retried each second; requests are
     * refused meanwhile (see {@link #admit}). The processes run on, and what happens to them is journaled once the
     * disk takes it again (all of it: what was only in the page cache may be lost).
     */
    private void journalFailed(IOException e) {
        journalResync = true;
        if (!journalRetryScheduled) {
            System.err.println("jmon: journal " + journal.dir() + ": " + e.getMessage()
                    + "; changes are refused until it can be written (retrying each second)");
            journalRetryScheduled = true;
            loop.schedule(() -> {
                journalRetryScheduled = false;
                dirty = true;
                try {
                    journal.sync();
                } catch (IOException again) {
                    // journalChanges below fails again and schedules the next try
                }
            }, 1000);
        }
    }

    /** On the engine thread: hands a checkpoint of every process, as of the last journal record, to the writer. */
    private void checkpoint() {
        List<ProcessRecord> recs = new ArrayList<>();
        for (ManagedProcess p : processes.values()) recs.add(supervisor.record(p));
        checkpointBytes = journal.appendedBytes();
        stateWriter.submit(new StateStore.State(StateStore.VERSION, nextPmId, recs, journal.lastSeq()));
    }

    /** On the writer's thread: a checkpoint is on disk; segments both kept checkpoints cover are retired. */
    private void checkpointWritten(long seq) {
        long older = lastCheckpointSeq;
        lastCheckpointSeq = seq;
        try {
            journal.retireUpTo(older);
        } catch (IOException e) {
            System.err.println("jmon: retiring journal segments: " + e.getMessage());
        }
    }

    /**
     * Write-ahead admission of a mutating request: it is on disk before it changes anything, and a journal that
     * cannot be written refuses it with nothing changed.
     */
    private void admit(Caller c, String verb, String namespace, List<String> targets) {
        try {
            journal.syncTo(journal.append(new JournalRecord.Requested(clock.nowMs(), c.user(), verb, namespace, targets,
                    c.context())));
        } catch (IOException e) {
            throw new JmonException(ErrorCode.FAILED, refusal(e));
        }
    }

    private String refusal(IOException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return (m.contains("No space left") ? "disk full" : "cannot write the journal") + ": nothing changed ("
                + journal.dir() + ": " + m + ")";
    }

    /** A changing request's result, returned once the journal holds every change made so far on disk. */
    private <T> T durable(T result) {
        // a round trip: the last task's changes are appended (or failed to be)
        long seq = loop.call(() -> journalResync ? -1 : journal.lastSeq());
        try {
            if (seq < 0) throw new IOException(journal.failure() == null ? "a record could not be written" : journal.failure());
            journal.syncTo(seq);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new JmonException(ErrorCode.FAILED, "done, but not durable: the journal in " + journal.dir()
                    + " cannot be written (" + m + "); the processes run, a new daemon finds them in /proc");
        }
        return result;
    }

    private List<ManagedProcess> all() { return new ArrayList<>(processes.values()); }

    private ProcessInfo info(ManagedProcess p) {
        ProcessSample s = metricsHistory.last(p.pmId());
        return s == null ? p.info(clock.nowMs(), 0, 0) : p.info(clock.nowMs(), s.cpu(), s.rss());
    }

    // ---- API ---------------------------------------------------------------------------------------------

    /** The API as seen by one OS user: every mutating call is audited with that user. */
    public JmonApi as(String user) { return new UserView(this, new Caller(user, null, false)); }

    /** The API for one request's caller (user, freeze token, override). */
    public JmonApi as(Caller caller) { return new UserView(this, caller); }

    @Override
    public DaemonInfo ping() {
        long now = clock.nowMs();
        Sampler s = sampler;
        Sampler.Machine m = s == null ? null : s.machine(); // read now when over interval_ms old
        DaemonStatus ds = null;
        HostStatus hs = null;
        if (m != null) {
            var d = m.daemon();
            ds = new DaemonStatus(d.cpu(), d.rss(), d.heapUsed(), d.heapMax(), d.threads());
            var h = m.host();
            hs = new HostStatus(hostname(), h.cpu(), h.cores(), h.memTotal(), h.memAvailable(), h.load1(), h.load5(),
                    h.load15(), h.diskTotal(), h.diskFree());
        }
        List<String> warnings = new ArrayList<>(daemonWarnings);
        String jf = journal.failure();
        if (jf != null) {
            warnings.add("the journal in " + journal.dir() + " cannot be written since "
                    + java.time.Instant.ofEpochMilli(journal.failingSince()) + " (" + jf + "): changes are refused");
        }
        return new DaemonInfo(version, PROTOCOL_VERSION, ProcessHandle.current().pid(), startedAt, now - startedAt,
                home.dir().toString(), System.getProperty("user.name"), ds, hs, warnings);
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public List<ProcessInfo> list(String namespace) {
        Sampler s = sampler;
        if (s != null) s.ensureFresh(); // figures at most interval_ms old, even while the sampler idles
        return loop.call(() -> all().stream().filter(p -> namespace == null || p.namespace().equals(namespace))
                .map(this::info).toList());
    }

    @Override
    public ActionResult start(List<AppSpec> apps, boolean restartExisting) { return start(apps, restartExisting, Caller.local()); }

    ActionResult start(List<AppSpec> apps, boolean restartExisting, Caller c) {
        String user = c.user();
        return audited(c, restartExisting ? "startOrRestart" : "start", nsOf(apps), namesOf(apps), () -> {
            checkFrozen(apps.stream().map(AppSpec::namespace).toList(), c, user, restartExisting ? "startOrRestart" : "start");
            List<String> notes = new ArrayList<>();
            List<CompletableFuture<ProcessInfo>> waits = loop.call(() -> {
                List<CompletableFuture<ProcessInfo>> ws = new ArrayList<>();
                List<AppSpec> ordered = apps.stream().sorted(Comparator.comparingInt(AppSpec::restoreOrder)).toList();
                Map<AppSpec, java.util.Deque<ManagedProcess>> fresh = admitNew(ordered, restartExisting);
                for (AppSpec spec : ordered) ws.addAll(startOne(spec, restartExisting, fresh.get(spec), notes));
                return ws;
            });
            expected.started(apps);
            return new ActionResult(await(waits, 30_000), notes);
        });
    }

    private static final Predicate<ManagedProcess> SETTLED = p -> p.isRemoved()
            || (p.status() != ProcessStatus.LAUNCHING && p.status() != ProcessStatus.STOPPING);

    /**
     * On the engine thread: makes the processes a start of these specs adds (not registered, nothing runs) and
     * journals them in one durable record; a journal that cannot take it refuses the start with nothing changed.
     */
    private Map<AppSpec, java.util.Deque<ManagedProcess>> admitNew(List<AppSpec> specs, boolean restartExisting) {
        Map<AppSpec, java.util.Deque<ManagedProcess>> fresh = new java.util.IdentityHashMap<>();
        List<JournalRecord.Admission> rows = new ArrayList<>();
        int firstPmId = nextPmId;
        for (AppSpec spec : specs) {
            int have = 0;
            for (ManagedProcess p : processes.values()) {
                if (p.namespace().equals(spec.namespace()) && p.name().equals(spec.name())) have++;
            }
            java.util.Deque<ManagedProcess> made = new java.util.ArrayDeque<>();
            int from = have == 0 ? 0 : restartExisting ? have : spec.instances();
            for (int i = from; i < spec.instances(); i++) {
                Desired d = have == 0 && !spec.autostart() ? Desired.HALT : Desired.RUN;
                ManagedProcess p = supervisor.create(nextPmId++, i, spec, ProcessStatus.STOPPED, d);
                made.add(p);
                rows.add(new JournalRecord.Admission(p.pmId(), i, supervisor.record(p).createdAt(), spec, d));
            }
            fresh.put(spec, made);
        }
        if (rows.isEmpty()) return fresh;
        try {
            journal.syncTo(journal.append(new JournalRecord.Admitted(rows)));
        } catch (IOException e) {
            nextPmId = firstPmId;
            journalFailed(e);
            throw new JmonException(ErrorCode.FAILED, refusal(e));
        }
        for (JournalRecord.Admission a : rows) journaledSpec.put(a.pmId(), a.spec());
        return fresh;
    }

    /** On the engine thread: adds or updates one app and returns futures for its instances to settle. */
    private List<CompletableFuture<ProcessInfo>> startOne(AppSpec spec, boolean restartExisting,
                                                          java.util.Deque<ManagedProcess> fresh, List<String> notes)
            throws IOException {
        List<ManagedProcess> existing = all().stream()
                .filter(p -> p.namespace().equals(spec.namespace()) && p.name().equals(spec.name()))
                .sorted(Comparator.comparingInt(ManagedProcess::instanceId)).toList();
        List<ManagedProcess> touched = new ArrayList<>();
        if (existing.isEmpty()) {
            for (int i = 0; i < spec.instances(); i++) {
                ManagedProcess p = fresh.pop();
                register(p);
                if (spec.autostart()) requestStart(p, "started");
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
                ManagedProcess p = fresh.pop();
                register(p);
                requestStart(p, "started (scaled up)");
                touched.add(p);
            }
        } else {
            for (ManagedProcess p : existing) {
                if (p.status().isHalted()) requestStart(p, "started");
                else notes.add(p.namespace() + "/" + p.name() + " is already " + p.status().wire());
                touched.add(p);
            }
        }
        long now = clock.nowMs();
        return touched.stream().map(p -> supervisor.when(p, SETTLED, now)).toList();
    }

    @Override
    public ActionResult act(Verb verb, Selector selector) { return act(verb, selector, Caller.local()); }

    ActionResult act(Verb verb, Selector sel, Caller c) {
        String user = c.user();
        return audited(c, verb.wire(), sel.namespace(), sel.targets(), () -> {
            TargetResolver.Resolution r = loop.call(() -> TargetResolver.resolve(all(), sel, verb));
            checkFrozen(r.processes().stream().map(ManagedProcess::namespace).toList(), c, user, verb.wire());
            if (verb == Verb.RELOAD) return rollingRestart(r);
            List<CompletableFuture<ProcessInfo>> waits = loop.call(() -> {
                long now = clock.nowMs();
                List<ManagedProcess> live = r.processes().stream().filter(p -> !p.isRemoved()).toList();
                switch (verb) {
                    case START -> live.forEach(p -> {
                        if (p.status().isHalted()) requestStart(p, "started by request");
                        else supervisor.start(p, "started by request");
                    });
                    case STOP -> {
                        live.forEach(pendingStarts::remove);
                        supervisor.stopAll(live, Intent.STOP, "stopped by request");
                    }
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
            List<ProcessInfo> settled = await(waits, maxKillTimeout(r.processes()) + 10_000);
            if (verb == Verb.DELETE) expected.deleted(specsOf(r.processes()), c);
            return new ActionResult(settled, r.notes());
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
    public SaveResult save(String namespace, boolean force) { return save(namespace, force, Caller.local()); }

    SaveResult save(String namespace, boolean force, Caller c) {
        String user = c.user();
        return audited(c, "save", namespace, List.of(), () -> {
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
    public ActionResult resurrect(String namespace, boolean dryRun) { return resurrect(namespace, dryRun, Caller.local()); }

    ActionResult resurrect(String namespace, boolean dryRun, Caller c) {
        String user = c.user();
        java.util.function.Supplier<ActionResult> body = () -> {
            List<String> nss;
            try {
                nss = namespace != null ? List.of(namespace) : dumps.namespaces();
            } catch (IOException e) {
                throw new JmonException(ErrorCode.FAILED, "reading dumps: " + e.getMessage());
            }
            List<DumpStore.Entry> entries = new ArrayList<>();
            List<String> damage = new ArrayList<>();
            for (String ns : nss) {
                DumpStore.Dump d;
                try {
                    d = dumps.load(ns, w -> {
                        damage.add(w);
                        warn(w);
                    });
                } catch (IOException e) {
                    throw new JmonException(ErrorCode.FAILED, "reading " + dumps.fileOf(ns) + ": " + e.getMessage());
                }
                if (d == null) throw new JmonException(ErrorCode.NOT_FOUND, "no dump for namespace " + ns
                        + " (" + dumps.fileOf(ns) + ")");
                entries.addAll(d.apps());
            }
            entries.sort(Comparator.comparingInt(e -> e.spec().restoreOrder()));
            if (!dryRun) checkFrozen(entries.stream().map(e -> e.spec().namespace()).toList(), c, user, "resurrect");
            List<String> notes = new ArrayList<>(damage);
            List<AppSpec> resurrected = new ArrayList<>();
            List<CompletableFuture<ProcessInfo>> waits = loop.call(() -> {
                List<CompletableFuture<ProcessInfo>> ws = new ArrayList<>();
                List<AppSpec> toAdmit = new ArrayList<>();
                Map<DumpStore.Entry, AppSpec> adding = new java.util.IdentityHashMap<>();
                for (DumpStore.Entry e : entries) {
                    AppSpec s = e.spec();
                    boolean exists = processes.values().stream()
                            .anyMatch(p -> p.namespace().equals(s.namespace()) && p.name().equals(s.name()));
                    if (exists || dryRun) continue;
                    AppSpec toStart = e.desired() == Desired.RUN ? s : new AppSpec(s.namespace(), s.name(),
                            s.script(), s.args(), s.interpreter(), s.interpreterArgs(), s.cwd(), s.env(),
                            s.instances(), s.instanceVar(), s.restart(), s.logs(), s.priority(), s.isProtected(),
                            s.tier(), false, s.source());
                    adding.put(e, toStart);
                    toAdmit.add(toStart);
                }
                Map<AppSpec, java.util.Deque<ManagedProcess>> fresh = admitNew(toAdmit, false);
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
                        AppSpec toStart = adding.get(e);
                        ws.addAll(startOne(toStart, false, fresh.get(toStart), notes));
                        resurrected.add(toStart);
                    }
                }
                return ws;
            });
            expected.started(resurrected);
            return new ActionResult(await(waits, 30_000), notes);
        };
        return dryRun ? body.get() : audited(c, "resurrect", namespace, List.of(), body::get);
    }

    @Override
    public ActionResult kill() { return kill(Caller.local()); }

    ActionResult kill(Caller c) {
        String user = c.user();
        return audited(c, "kill", null, List.of("all"), () -> {
            checkFrozen(loop.call(() -> all().stream().map(ManagedProcess::namespace).toList()), c, user, "kill");
            List<List<ManagedProcess>> levels = loop.call(() -> {
                supervisor.beginShutdown();
                return stopLevels(all());
            });
            List<ManagedProcess> everyone = new ArrayList<>();
            for (List<ManagedProcess> level : levels) everyone.addAll(level);
            expected.deleted(specsOf(everyone), c);
            // the reverse of the start order: what depends on others, and what starts last, stops first
            List<ProcessInfo> gone = new ArrayList<>();
            for (List<ManagedProcess> level : levels) {
                List<CompletableFuture<ProcessInfo>> waits = loop.call(() -> {
                    supervisor.stopAll(level, Intent.DELETE, "daemon killed");
                    long now = clock.nowMs();
                    return level.stream().map(p -> supervisor.when(p, ManagedProcess::isRemoved, now)).toList();
                });
                gone.addAll(await(waits, maxKillTimeout(level) + 10_000));
            }
            return new ActionResult(gone, List.of());
        });
    }

    /**
     * Processes grouped for an ordered stop, the reverse of the start order: an app effectively starts at its
     * priority or after its dependencies, whichever is later, so it stops before them; among equals the deeper in
     * the depends_on graph goes first. One group per (effective priority, depth), each stopped whole before the
     * next; apps without priorities or dependencies are one group, stopped all at once.
     */
    private List<List<ManagedProcess>> stopLevels(List<ManagedProcess> ps) {
        Map<ManagedProcess, long[]> keys = new java.util.HashMap<>();
        java.util.Set<ManagedProcess> visiting = new java.util.HashSet<>();
        java.util.function.Function<ManagedProcess, long[]> keyOf = new java.util.function.Function<>() {
            @Override
            public long[] apply(ManagedProcess p) {
                long[] known = keys.get(p);
                if (known != null) return known;
                long order = p.spec().restoreOrder(), depth = 0;
                if (visiting.add(p)) { // a cycle is refused at load; never loop here
                    for (jmon.api.Dependency dep : p.spec().health().dependsOn()) {
                        String ns = dep.namespace() == null ? p.namespace() : dep.namespace();
                        for (ManagedProcess q : ps) {
                            if (!q.namespace().equals(ns) || !q.name().equals(dep.name())) continue;
                            long[] k = apply(q);
                            order = Math.max(order, k[0]);
                            depth = Math.max(depth, k[1] + 1);
                        }
                    }
                    visiting.remove(p);
                }
                long[] k = {order, depth};
                keys.put(p, k);
                return k;
            }
        };
        java.util.TreeMap<long[], List<ManagedProcess>> byLevel = new java.util.TreeMap<>(
                Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]).reversed());
        for (ManagedProcess p : ps) byLevel.computeIfAbsent(keyOf.apply(p), k -> new ArrayList<>()).add(p);
        return new ArrayList<>(byLevel.values());
    }


    /** Runs a mutating request and appends its outcome to the audit log and the history, failed or not. */
    private <T> T audited(Caller c, String verb, String namespace, List<String> targets, Audited<T> body) {
        String user = c.user();
        try {
            admit(c, verb, namespace, targets);
            T result = body.run();
            List<String> affected = result instanceof ActionResult a
                    ? a.processes().stream().map(ProcessInfo::qualifiedName).toList() : List.of();
            audit.append(user, verb, namespace, targets, affected, "ok", c.context());
            history.request(c, verb, namespace, targets, "ok");
            return result;
        } catch (JmonException e) {
            audit.append(user, verb, namespace, targets, List.of(), e.getMessage(), c.context());
            history.request(c, verb, namespace, targets, e.getMessage());
            throw e;
        } catch (IOException e) {
            audit.append(user, verb, namespace, targets, List.of(), e.toString(), c.context());
            history.request(c, verb, namespace, targets, e.toString());
            throw new JmonException(ErrorCode.FAILED, e.getMessage());
        }
    }

    /** One spec per app (not per instance) of these processes, for the expected inventory. */
    private static List<AppSpec> specsOf(List<ManagedProcess> ps) {
        Map<String, AppSpec> m = new LinkedHashMap<>();
        for (ManagedProcess p : ps) m.putIfAbsent(p.namespace() + "/" + p.name(), p.spec());
        return new ArrayList<>(m.values());
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

    /**
     * Lets go of everything without stopping any process: their output stays in the FIFOs for the next daemon.
     */
    @Override
    public void close() {
        try {
            loop.call(() -> {
                for (ManagedProcess p : all()) {
                    ProcessLogs logs = supervisor.logs(p);
                    if (logs != null) logs.detach();
                    ProcessNotify n = notifiers.get(p.pmId());
                    if (n != null) n.close(false);
                }
                return null;
            });
        } catch (RuntimeException e) {
            // the loop is already gone
        }
        try {
            loop.call(() -> {
                checkpoint(); // the next daemon starts from here without a replay
                return null;
            });
        } catch (RuntimeException e) {
            // the loop is already gone: the journal has it all
        }
        if (sampler != null) sampler.close();
        if (reaper != null) reaper.close();
        prober.shutdownNow();
        history.close();
        watcher.close();
        pipes.close();
        loop.close();
        stateWriter.close();
        journal.close();
        logFiles.close();
    }

    // ---- freeze ------------------------------------------------------------------------------------------

    private Path freezesFile() { return home.dir().resolve("freezes.json"); }

    private Map<String, FreezeInfo> loadFreezes() {
        Map<String, FreezeInfo> m = new ConcurrentHashMap<>();
        try {
            if (Files.exists(freezesFile())) {
                for (FreezeInfo f : Json.<List<FreezeInfo>>read(freezesFile(), Json.listOf(FreezeInfo.class))) m.put(f.namespace(), f);
            }
        } catch (IOException | RuntimeException e) {
            // supervising matters more than a damaged lock file: say loudly that no freeze holds now
            Path aside = jmon.engine.persist.Aside.move(freezesFile());
            if (aside == null) aside = freezesFile();
            String w = "freezes.json is damaged (" + e.getMessage() + "): kept as " + aside.getFileName()
                    + "; NO namespace is frozen now: freeze again if an incident is on";
            warn(w);
        }
        return m;
    }

    private void saveFreezes() {
        try {
            jmon.engine.persist.AtomicFile.write(freezesFile(), Json.bytes(freezes.values()));
        } catch (IOException e) {
            throw new JmonException(ErrorCode.FAILED, "writing " + freezesFile() + ": " + e.getMessage());
        }
    }

    /** Refuses a change to a frozen namespace unless the caller holds the token or overrides (audited). */
    private void checkFrozen(java.util.Collection<String> namespaces, Caller c, String user, String verb) {
        for (String ns : new java.util.TreeSet<>(namespaces)) {
            FreezeInfo f = freezes.get(ns);
            if (f == null || (c.freezeToken() != null && c.freezeToken().equals(f.token()))) continue;
            if (c.overrideFreeze()) {
                audit.append(user, verb, ns, List.of(), List.of(), "freeze overridden (frozen by " + f.user() + ": " + f.reason() + ")");
                continue;
            }
            throw new JmonException(ErrorCode.FROZEN, "namespace " + ns + " is frozen by " + f.user() + " since "
                    + java.time.Instant.ofEpochMilli(f.at()) + ": " + f.reason() + "; 'jmon unfreeze -n " + ns
                    + "' lifts it, --force overrides (audited)");
        }
    }

    FreezeInfo freeze(String ns, String reason, Caller c) {
        return audited(c, "freeze", ns, List.of(), () -> {
            if (ns == null || ns.isBlank()) throw new JmonException(ErrorCode.BAD_REQUEST, "freeze needs a namespace");
            synchronized (freezes) {
                FreezeInfo old = freezes.get(ns);
                if (old != null) {
                    throw new JmonException(ErrorCode.REFUSED, "namespace " + ns + " is already frozen by " + old.user()
                            + ": " + old.reason());
                }
                FreezeInfo f = new FreezeInfo(ns, reason == null || reason.isBlank() ? "incident" : reason, c.user(),
                        clock.nowMs(), java.util.UUID.randomUUID().toString());
                freezes.put(ns, f);
                saveFreezes();
                return f;
            }
        });
    }

    ActionResult unfreeze(String ns, Caller c) {
        return audited(c, "unfreeze", ns, List.of(), () -> {
            synchronized (freezes) {
                FreezeInfo f = freezes.remove(ns);
                if (f == null) throw new JmonException(ErrorCode.NOT_FOUND, "namespace " + ns + " is not frozen");
                saveFreezes();
                return new ActionResult(List.of(), List.of("unfroze " + ns + " (frozen by " + f.user() + ": " + f.reason() + ")"));
            }
        });
    }

    @Override
    public FreezeInfo freeze(String namespace, String reason) { return freeze(namespace, reason, Caller.local()); }

    @Override
    public ActionResult unfreeze(String namespace) { return unfreeze(namespace, Caller.local()); }

    @Override
    public List<FreezeInfo> freezes() {
        return freezes.values().stream().map(FreezeInfo::publicView)
                .sorted(Comparator.comparing(FreezeInfo::namespace)).toList();
    }

    // ---- logs --------------------------------------------------------------------------------------------

    /** A process being read by a log reader, with the reader's cursor in its ring. */
    private static final class Cursor {
        final ProcessInfo info;
        final LineRing ring;
        long next;

        Cursor(ProcessInfo info, LineRing ring, long next) {
            this.info = info;
            this.ring = ring;
            this.next = next;
        }
    }

    private static final long LOG_IDLE_MS = 5_000;
    private static final long LOG_RESCAN_MS = 1_000;

    @Override
    public void logs(LogQuery q, LogSink sink) {
        Map<Integer, Cursor> cursors = new LinkedHashMap<>();
        // history: the last N lines of each process, merged by time
        List<LogLine> history = new ArrayList<>();
        for (Cursor c : scanForLogs(q, cursors, true)) {
            LineRing.Slice slice = c.ring.read(c.ring.nextSeq() - Math.max(0, q.lines()), Math.max(0, q.lines()));
            for (LineRing.Entry e : slice.entries()) if (wanted(q, e)) history.add(line(c.info, e));
            c.next = slice.next();
        }
        history.sort(Comparator.comparingLong(LogLine::time).thenComparingLong(LogLine::seq));
        for (LogLine l : history) if (!sink.line(l)) return;
        if (!q.follow()) return;
        long lastScan = System.currentTimeMillis();
        long lastSent = lastScan;
        try {
            while (true) {
                long gen = logHub.generation();
                boolean any = false;
                for (Cursor c : cursors.values()) {
                    LineRing.Slice slice = c.ring.read(c.next, 1000);
                    if (slice.skipped() > 0) {
                        any = true;
                        if (!sink.line(new LogLine(-1, c.info.pmId(), c.info.namespace(), c.info.name(),
                                c.info.instanceId(), "jmon", clock.nowMs(), false, "[jmon] " + slice.skipped()
                                + " lines not shown (this reader was too slow); all are in " + c.info.outLogPath()
                                + " and " + c.info.errLogPath()))) return;
                    }
                    for (LineRing.Entry e : slice.entries()) {
                        any = true;
                        if (wanted(q, e) && !sink.line(line(c.info, e))) return;
                    }
                    c.next = slice.next();
                }
                long now = System.currentTimeMillis();
                if (any) lastSent = now;
                if (now - lastScan >= LOG_RESCAN_MS) {
                    scanForLogs(q, cursors, false); // processes started meanwhile join from their first line
                    lastScan = now;
                }
                if (!any) {
                    if (now - lastSent >= LOG_IDLE_MS) {
                        if (!sink.idle()) return;
                        lastSent = now;
                    }
                    logHub.await(gen, LOG_RESCAN_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Adds processes in the query's scope that have no cursor yet; returns the new ones. */
    private List<Cursor> scanForLogs(LogQuery q, Map<Integer, Cursor> cursors, boolean strict) {
        return loop.call(() -> {
            List<ManagedProcess> ps;
            try {
                ps = TargetResolver.resolve(all(), q.selector(), Verb.START, true).processes();
            } catch (JmonException e) {
                if (strict) throw e;
                return List.<Cursor>of();
            }
            List<Cursor> added = new ArrayList<>();
            for (ManagedProcess p : ps) {
                if (cursors.containsKey(p.pmId()) || supervisor.logs(p) == null) continue;
                LineRing ring = supervisor.logs(p).ring();
                // a process that appears while following is read from its very first line (or told what it missed)
                Cursor c = new Cursor(info(p), ring, strict ? ring.nextSeq() : 0);
                cursors.put(p.pmId(), c);
                added.add(c);
            }
            return added;
        });
    }

    private static boolean wanted(LogQuery q, LineRing.Entry e) { return e.err() ? q.err() : q.out(); }

    private static LogLine line(ProcessInfo p, LineRing.Entry e) {
        return new LogLine(e.seq(), p.pmId(), p.namespace(), p.name(), p.instanceId(), e.err() ? "err" : "out",
                e.time(), e.split(), e.text());
    }

    @Override
    public ActionResult flush(Selector selector) { return flush(selector, Caller.local()); }

    ActionResult flush(Selector sel, Caller c) {
        String user = c.user();
        return audited(c, "flush", sel.namespace(), sel.targets(), () -> loop.call(() -> {
            TargetResolver.Resolution r = TargetResolver.resolve(all(), sel, Verb.STOP);
            checkFrozen(r.processes().stream().map(ManagedProcess::namespace).toList(), c, user, "flush");
            for (ManagedProcess p : r.processes()) supervisor.logs(p).flush();
            return new ActionResult(r.processes().stream().map(this::info).toList(), r.notes());
        }));
    }

    @Override
    public int reloadLogs() {
        try {
            int n = logFiles.reopenAll();
            audit.append("local", "reloadLogs", null, List.of(), List.of(), "ok");
            return n;
        } catch (IOException e) {
            throw new JmonException(ErrorCode.FAILED, "reopening log files: " + e.getMessage());
        }
    }

    @Override
    public void events(EventSink sink) {
        java.util.concurrent.LinkedBlockingQueue<EngineEvent> queue = new java.util.concurrent.LinkedBlockingQueue<>(10_000);
        boolean[] overflow = {false};
        Sampler s = sampler;
        // a stream reader (the console) shows live figures: the sampler runs at interval_ms while it is open
        try (AutoCloseable watching = s == null ? null : s.watch();
             AutoCloseable sub = events.subscribe(e -> {
            if (!queue.offer(e)) overflow[0] = true; // a stuck reader never blocks the engine
        })) {
            while (true) {
                EngineEvent e = queue.poll(LOG_IDLE_MS, TimeUnit.MILLISECONDS);
                if (overflow[0]) return; // the reader fell too far behind: it reconnects and re-reads the list
                if (e == null) {
                    if (!sink.idle()) return;
                } else if (!sink.event(e)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new JmonException(ErrorCode.FAILED, "event stream: " + e.getMessage());
        }
    }

    // ---- history and the expected inventory (jmon.engine.history, jmon.engine.inventory) -------------------

    @Override
    public List<jmon.api.HistoryEvent> history(jmon.api.HistoryQuery q) { return history.read(q); }

    @Override
    public List<jmon.api.ExpectedApp> expected(String namespace) { return expected.expected(namespace); }

    @Override
    public ActionResult registerFile(String path) { return registerFile(path, Caller.local()); }

    ActionResult registerFile(String path, Caller c) {
        return audited(c, "registerFile", null, List.of(path), () -> new ActionResult(List.of(),
                List.of(expected.register(path) ? "registered " + path : path + " was registered already")));
    }

    @Override
    public ActionResult unregisterFile(String path) { return unregisterFile(path, Caller.local()); }

    ActionResult unregisterFile(String path, Caller c) {
        return audited(c, "unregisterFile", null, List.of(path), () -> {
            if (!expected.unregister(path)) throw new JmonException(ErrorCode.NOT_FOUND, path + " is not registered");
            return new ActionResult(List.of(), List.of("removed " + path));
        });
    }

    @Override
    public List<jmon.api.RegisteredFile> registeredFiles() { return expected.registered(); }

    // ---- incident folders (jmon.engine.incident) -----------------------------------------------------------

    @Override
    public String createIncident(String base) { return createIncident(base, Caller.local()); }

    String createIncident(String base, Caller c) {
        return audited(c, "createIncident", null, List.of(base), () -> incidents.create(base));
    }

    @Override
    public ActionResult writeIncidentFile(String id, String name, String content) {
        incidents.write(id, name, content); // not audited line by line: the incident's creation is
        return new ActionResult(List.of(), List.of());
    }

    @Override
    public ActionResult appendIncidentFile(String id, String name, String content) {
        incidents.append(id, name, content);
        return new ActionResult(List.of(), List.of());
    }

    @Override
    public String readIncidentFile(String id, String name) { return incidents.read(id, name); }

    @Override
    public List<jmon.api.IncidentInfo> incidents() { return incidents.list(); }

    @Override
    public List<String> daemonLog(int lines) {
        return jmon.engine.incident.LogTail.of(home.dir().resolve("jmon.log"), Math.max(0, Math.min(lines, 1000)));
    }

    @Override
    public List<MetricSample> metrics(int pmId) {
        return metricsHistory.history(pmId).stream().map(s -> new MetricSample(s.time(), s.cpu(), s.rss())).toList();
    }

    /**
     * Engine calls on behalf of one caller (OS user from the socket's peer credentials): the daemon's side of the
     * request boundary. Every argument is checked by the same rules as a file or a CLI flag ({@link RequestRules})
     * before anything is touched, so a raw socket request can never reach the engine with a null, an out-of-range
     * number or a path-like name.
     */
    private record UserView(Engine e, Caller c) implements JmonApi {
        public DaemonInfo ping() { return e.ping(); }
        public ActionResult start(List<AppSpec> apps, boolean r) {
            RequestRules.checkSpecs(apps);
            return e.durable(e.start(apps, r, c));
        }
        public ActionResult act(Verb v, Selector s) {
            if (v == null) throw new JmonException(ErrorCode.BAD_REQUEST, "verb: missing");
            RequestRules.checkSelector(s);
            return e.durable(e.act(v, s, c));
        }
        public List<ProcessInfo> list(String ns) {
            RequestRules.checkOptionalNamespace("namespace", ns);
            return e.list(ns);
        }
        public SaveResult save(String ns, boolean f) {
            RequestRules.checkOptionalNamespace("namespace", ns);
            return e.save(ns, f, c);
        }
        public ActionResult resurrect(String ns, boolean d) {
            RequestRules.checkOptionalNamespace("namespace", ns);
            return e.durable(e.resurrect(ns, d, c));
        }
        public ActionResult kill() { return e.durable(e.kill(c)); }
        public void logs(LogQuery q, LogSink sink) {
            RequestRules.checkLogQuery(q);
            e.logs(q, sink);
        }
        public ActionResult flush(Selector s) {
            RequestRules.checkSelector(s);
            return e.flush(s, c);
        }
        public int reloadLogs() { return e.reloadLogs(); }
        public List<MetricSample> metrics(int pmId) {
            RequestRules.checkPmId("pmId", pmId);
            return e.metrics(pmId);
        }
        public ProcessInfo describe(int pmId) {
            RequestRules.checkPmId("pmId", pmId);
            return e.describe(pmId);
        }
        public void events(EventSink sink) { e.events(sink); }
        public FreezeInfo freeze(String ns, String reason) {
            RequestRules.checkNamespace("namespace", ns);
            RequestRules.checkReason("reason", reason);
            return e.freeze(ns, reason, c);
        }
        public ActionResult unfreeze(String ns) {
            RequestRules.checkNamespace("namespace", ns);
            return e.unfreeze(ns, c);
        }
        public List<FreezeInfo> freezes() { return e.freezes(); }
        public List<jmon.api.HistoryEvent> history(jmon.api.HistoryQuery q) { return e.history(RequestRules.checkHistoryQuery(q)); }
        public List<jmon.api.ExpectedApp> expected(String ns) {
            RequestRules.checkOptionalNamespace("namespace", ns);
            return e.expected(ns);
        }
        public ActionResult registerFile(String path) {
            RequestRules.checkFilePath("path", path);
            return e.durable(e.registerFile(path, c));
        }
        public ActionResult unregisterFile(String path) {
            RequestRules.checkFilePath("path", path);
            return e.durable(e.unregisterFile(path, c));
        }
        public List<jmon.api.RegisteredFile> registeredFiles() { return e.registeredFiles(); }
        public String createIncident(String base) {
            RequestRules.checkIncidentName("id", base);
            return e.createIncident(base, c);
        }
        public ActionResult writeIncidentFile(String id, String name, String content) {
            RequestRules.checkIncidentName("id", id);
            RequestRules.checkIncidentName("name", name);
            if (content == null) throw new JmonException(ErrorCode.BAD_REQUEST, "content: is missing");
            return e.writeIncidentFile(id, name, content);
        }
        public ActionResult appendIncidentFile(String id, String name, String content) {
            RequestRules.checkIncidentName("id", id);
            RequestRules.checkIncidentName("name", name);
            if (content == null) throw new JmonException(ErrorCode.BAD_REQUEST, "content: is missing");
            return e.appendIncidentFile(id, name, content);
        }
        public String readIncidentFile(String id, String name) {
            RequestRules.checkIncidentName("id", id);
            RequestRules.checkIncidentName("name", name);
            return e.readIncidentFile(id, name);
        }
        public List<jmon.api.IncidentInfo> incidents() { return e.incidents(); }
        public List<String> daemonLog(int lines) {
            if (lines < 0 || lines > 1000) throw new JmonException(ErrorCode.BAD_REQUEST, "lines: must be between 0 and 1000, got " + lines);
            return e.daemonLog(lines);
        }
    }
}
