package jmon.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jmon.api.Caller;
import jmon.api.DaemonInfo;
import jmon.api.DaemonStatus;
import jmon.api.EngineEvent;
import jmon.api.ErrorCode;
import jmon.api.HostStatus;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;
import jmon.engine.audit.AuditLog;
import jmon.engine.events.EventBus;
import jmon.engine.exec.InstanceMarker;
import jmon.engine.exec.Launcher;
import jmon.engine.exec.MarkedProcess;
import jmon.engine.exec.MarkedProcesses;
import jmon.engine.journal.Journal;
import jmon.engine.journal.Recovery;
import jmon.engine.logs.PipeReactor;
import jmon.engine.logs.ProcessLogs;
import jmon.engine.metrics.Sampler;
import jmon.engine.persist.DumpStore;
import jmon.engine.persist.StateStore;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Supervisor;
import jmon.engine.time.Clock;

/**
 * The process engine's wiring: one engine thread ({@link EngineLoop}) owns the {@link ProcessTable}; the parts
 * each keep one concern (lifecycle, dependencies, health, automatic restarts, metrics, logs, dumps, freezes,
 * durability, recovery, orphans, the event stream), and every request reaches them through the one
 * {@link RequestPipeline}, as the caller's {@link #as(Caller) view} of the API.
 */
public final class Engine implements AutoCloseable {
    private final Home home;
    private final String version;
    private final EngineLoop loop;
    private final Clock clock;
    private final long startedAt;
    /** This home's id in every spawned process's instance marker. */
    private final String homeId;
    private final ProcessTable table = new ProcessTable();
    private final EventBus events = new EventBus();
    private final LaunchPlans plans;
    private final Launcher launcher;
    private final Supervisor supervisor;
    private final Recovery.Recovered recovered;
    private final Durability durability;
    private final AuditLog audit;
    private final Freezes freezes;
    /** One thread reads every process pipe (epoll). */
    private final PipeReactor pipes;
    private final DependencyGate gate;
    private final DependencyBonds bonds;
    private final HealthMonitor health;
    private final AutoRestarts restarts;
    private final MetricsFeed metrics;
    private final LogService logs;
    private final Lifecycle lifecycle;
    private final Dumps dumps;
    private final OrphanWatch orphans;
    private final AppVersions versions;
    private final PidFiles pidFiles;
    private final EventStream eventStream;
    private final RequestPipeline pipeline;
    /** Status transitions, readiness, probe flips and requests with their caller's context (history/). */
    private final jmon.engine.history.History history;
    /** What should run: started apps with their files, tombstones, registered files (expected.json). */
    private final jmon.engine.inventory.ExpectedInventory expected;
    /** The incident folders the wizard writes through the API. */
    private final jmon.engine.incident.IncidentStore incidents;
    /** Restore jobs the daemon runs for incident clients (jmon.engine.restore), acting through the API as a caller. */
    private final jmon.engine.restore.RestoreJobs restores;
    /** Hooks of config.json (jmon.engine.hooks): fed from the event bus, run off the engine thread. */
    private final jmon.engine.hooks.Hooks hooks = new jmon.engine.hooks.Hooks(pmId -> {
        ManagedProcess p = table.get(pmId); // the engine thread, which publishes the events
        return p != null && !p.spec().health().hooks().isEmpty();
    });
    /** What the operator should know about the daemon itself, shown by ping (one line each). */
    private final List<String> daemonWarnings = new CopyOnWriteArrayList<>();

    public Engine(Home home, String version, Launcher launcher, Clock clock, Map<String, String> daemonEnv)
            throws IOException {
        this(home, version, launcher, clock, daemonEnv, ProcessLogs.Defaults.standard());
    }

    public Engine(Home home, String version, Launcher launcher, Clock clock, Map<String, String> daemonEnv,
                  ProcessLogs.Defaults logDefaults) throws IOException {
        home.ensure();
        this.home = home;
        this.version = version;
        this.clock = clock;
        this.startedAt = clock.nowMs();
        this.loop = new EngineLoop();
        this.pipes = new PipeReactor();
        this.homeId = InstanceMarker.homeId(home.dir());
        this.plans = new LaunchPlans(daemonEnv, homeId);
        this.launcher = launcher;
        StateStore state = new StateStore(home.stateFile());
        this.recovered = Recovery.load(state, home.journalDir());
        this.supervisor = new Supervisor(launcher, loop, clock, Supervisor.Signaller.REAL, events::publish, this::planFor,
                this::release, table::markDirty);
        supervisor.setCommandRunner(new jmon.engine.supervise.CommandRunner(launcher, loop, Supervisor.Signaller.REAL,
                (p, which, cmd) -> plans.commandPlan(p.spec(), p.pmId(), p.instanceId(), which, cmd, fifo(p.pmId(), "out"),
                        fifo(p.pmId(), "err"))));
        this.durability = new Durability(Journal.open(home.journalDir(), recovered.lastSeq()), state,
                recovered.checkpointSeq(), table, supervisor, loop, clock);
        this.audit = new AuditLog(home.auditLog());
        DumpStore dumpStore = new DumpStore(home.dir());
        this.history = new jmon.engine.history.History(home.dir().resolve("history"), clock);
        history.writeOn(durability::later); // never an encode and a write(2) on the engine thread per status change
        this.expected = new jmon.engine.inventory.ExpectedInventory(home.dir().resolve("expected.json"), dumpStore, clock,
                daemonEnv == null ? Map.of() : daemonEnv, this::warn);
        this.incidents = new jmon.engine.incident.IncidentStore(home.dir().resolve("incidents"));
        this.freezes = new Freezes(home.dir().resolve("freezes.json"), clock, audit, this::warn);
        this.gate = new DependencyGate(table, supervisor);
        this.health = new HealthMonitor(loop, clock, supervisor, table, gate, pipes, this::fifo, this::usesChannel);
        this.restarts = new AutoRestarts(loop, clock, supervisor, table);
        this.metrics = new MetricsFeed(home.dir(), loop, clock, restarts);
        this.versions = new AppVersions(clock);
        this.pidFiles = new PidFiles(table);
        this.logs = new LogService(home.logsDir(), loop, clock, supervisor, table, metrics, logDefaults, pipes, this::fifo);
        this.bonds = new DependencyBonds(table, supervisor);
        this.lifecycle = new Lifecycle(loop, clock, supervisor, table, gate, durability, this::register, bonds);
        this.dumps = new Dumps(dumpStore, loop, clock, table, lifecycle, this::warn);
        this.orphans = new OrphanWatch(homeId, loop, table, supervisor, metrics);
        this.eventStream = new EventStream(events, metrics);
        this.pipeline = new RequestPipeline(loop, durability, freezes, audit, history);
        this.restores = new jmon.engine.restore.RestoreJobs(home.dir(), this::as, this::warn);
        supervisor.setMemberFinder(new Supervisor.MemberFinder() {
            @Override public List<MarkedProcess> everywhere() { return MarkedProcesses.scan(homeId); }
            @Override public List<MarkedProcess> orphans() { return MarkedProcesses.orphans(homeId); }
        });
        supervisor.setHealthHooks(p -> {
            durability.spawned(p); // durable before anything else happens, the next spawn of a batch included
            health.spawned(p);
            pidFiles.spawned(p);
        }, health::sendShutdown);
        events.subscribe(history::onEvent);
        supervisor.setHistoryHooks(history);
        events.subscribe(pidFiles::onEvent);
        supervisor.setReadinessRecheck(health::lastReadinessCheck);
        events.subscribe(e -> {
            if (gate.anyPending() && e instanceof EngineEvent.StatusChanged) loop.execute(gate::recheck);
            // part_of, binds_to: an engine task per status change only while some app has such a bond
            if (e instanceof EngineEvent.StatusChanged s && bonds.any()) loop.execute(() -> bonds.onStatus(s));
        });
        loop.afterEachTask(this::afterTask);
    }

    public EventBus events() { return events; }

    /** The restore jobs; the daemon resumes an interrupted one once recovered. */
    public jmon.engine.restore.RestoreJobs restores() { return restores; }

    public Home home() { return home; }

    /** The hooks; the daemon starts them with config.json's rules. */
    public jmon.engine.hooks.Hooks hooks() { return hooks; }

    /** This home's id, the first field of every spawned process's {@code JMON_INSTANCE} marker. */
    public String homeId() { return homeId; }

    /** The API as seen by one OS user. */
    public JmonApi as(String user) { return new CallerApi(this, new Caller(user, null, false)); }

    /** The API for one request's caller (user, freeze token, override, read-only). */
    public JmonApi as(Caller caller) { return new CallerApi(this, caller); }

    /**
     * Takes over from an earlier daemon (checkpoint + journal, read when this engine was made): re-adopts live
     * processes, brings back the ones gone.
     */
    public void recover(Launcher launcher) {
        Takeover.run(recovered, homeId, launcher, loop, clock, table, supervisor, durability, this::register, this::warn);
    }

    /**
     * Something the operator should know about the daemon itself (a setting that fell back to its default, a port
     * in use): one line in jmon.log and in every ping's warnings.
     */
    public void warn(String line) {
        daemonWarnings.add(line);
        System.err.println(java.time.Instant.now() + " warning: " + line);
    }

    /** The daemon becomes its apps' subreaper and kills leftovers nobody owns (see {@link OrphanWatch}). */
    public void superviseOrphans(Consumer<String> log) { orphans.start(log); }

    /** Reaps what is left at the daemon's very end; 0 without a reaper. */
    public int drainOrphans() { return orphans.drain(); }

    /** Samples CPU and memory at intervalMs while watched, idleIntervalMs otherwise (see {@link MetricsFeed}). */
    public void startSampler(long intervalMs, long idleIntervalMs) { metrics.start(intervalMs, idleIntervalMs); }

    /** A /metrics scrape: figures at the watched rate for the next idle interval. */
    public void metricsScraped() { metrics.scraped(); }

    // ---- wiring of one process -------------------------------------------------------------------------------

    /** A Node app, and a launcher that can hand it Node's IPC channel. */
    private boolean usesChannel(ManagedProcess p) {
        return launcher.passesDescriptors() && NodeApps.speaksIpc(p.spec());
    }

    /** The command line and environment of p's next spawn; the previous spawn's record is durable first. */
    private jmon.engine.exec.LaunchPlan planFor(ManagedProcess p) {
        var plan = plans.plan(p.spec(), p.pmId(), p.instanceId(), p.generation(), fifo(p.pmId(), "out"),
                fifo(p.pmId(), "err"), fifo(p.pmId(), "notify"), health.stdinFifo(p.pmId()));
        if (usesChannel(p)) {
            try {
                plan = plan.withChannel(health.openChannel(p)); // process.send('ready') and friends, as under PM2
            } catch (IOException e) {
                System.err.println("jmon: " + p.namespace() + "/" + p.name() + ": no Node IPC channel (" + e.getMessage()
                        + "); it runs without one");
            }
        }
        durability.awaitSpawnRecord(); // the last thing before posix_spawn
        return plan;
    }

    private Path fifo(int pmId, String stream) { return home.runDir().resolve(pmId + "-" + stream + ".fifo"); }

    /** Adds a process to the table and connects its output, its notify pipe, its timers and its watches. */
    private void register(ManagedProcess p) throws IOException {
        logs.attach(p);
        health.attach(p);
        table.put(p);
        events.publish(new EngineEvent.ProcessAdded(p.pmId(), p.namespace(), p.name(), clock.nowMs()));
        restarts.attach(p);
    }

    /** A deleted process: drain and close its output, forget it everywhere. */
    private void release(ManagedProcess p) {
        table.remove(p);
        logs.release(p);
        health.release(p);
        gate.forget(p);
        bonds.forget(p);
        metrics.forget(p.pmId());
        restarts.release(p);
        pidFiles.remove(p);
    }

    /** After each engine task that changed something: the sampler's view, the journal, a checkpoint now and then. */
    private void afterTask() {
        if (!table.takeDirty()) return;
        metrics.publish(table);
        durability.afterTask();
    }

    // ---- reads the caller views answer ---------------------------------------------------------------------

    DaemonInfo ping() {
        long now = clock.nowMs();
        Sampler.Machine m = metrics.machine(); // read now when over interval_ms old
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
        String jf = durability.failureLine();
        if (jf != null) warnings.add(jf);
        return new DaemonInfo(version, JmonApi.PROTOCOL_VERSION, ProcessHandle.current().pid(), startedAt, now - startedAt,
                home.dir().toString(), System.getProperty("user.name"), ds, hs, warnings);
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }

    List<ProcessInfo> list(String namespace) {
        metrics.ensureFresh(); // figures at most interval_ms old, even while the sampler idles
        return versions.decorate(loop.call(() -> {
            List<ProcessInfo> out = new ArrayList<>(table.size());
            for (ManagedProcess p : table.values()) {
                if (namespace == null || p.namespace().equals(namespace)) out.add(metrics.info(p));
            }
            return out;
        }));
    }

    /**
     * One process with its members (children, escaped descendants, marked processes): a full /proc read, done
     * off the engine thread, so it is for describe and not for list.
     */
    ProcessInfo describe(int pmId) {
        Object[] got = loop.call(() -> {
            ManagedProcess p = table.get(pmId);
            return p == null ? null : new Object[] {metrics.info(p), p.pid()};
        });
        if (got == null) throw new JmonException(ErrorCode.NOT_FOUND, "no process with id " + pmId);
        ProcessInfo i = (ProcessInfo) got[0];
        List<jmon.api.Member> ms = orphans.members((Long) got[1], pmId);
        return versions.decorate(new ProcessInfo(i.pmId(), i.namespace(), i.name(), i.instanceId(), i.status(),
                i.desired(), i.pid(), i.ready(), i.restarts(), i.unstableRestarts(), i.startedAt(), i.createdAt(),
                i.lastExitCode(), i.lastSignal(), i.reason(), i.outLogPath(), i.errLogPath(), i.cpu(), i.memory(),
                i.spec(), i.health(), ms, i.logWrite()));
    }

    // ---- the parts, for the caller views ---------------------------------------------------------------------

    RequestPipeline pipeline() { return pipeline; }

    EngineLoop loop() { return loop; }

    ProcessTable table() { return table; }

    Lifecycle lifecycle() { return lifecycle; }

    Dumps dumps() { return dumps; }

    LogService logService() { return logs; }

    MetricsFeed metricsFeed() { return metrics; }

    EventStream eventStream() { return eventStream; }

    Freezes freezeTable() { return freezes; }

    jmon.engine.history.History history() { return history; }

    jmon.engine.inventory.ExpectedInventory expectedInventory() { return expected; }

    jmon.engine.incident.IncidentStore incidentStore() { return incidents; }

    /**
     * Lets go of everything without stopping any process: their output stays in the FIFOs for the next daemon.
     */
    @Override
    public void close() {
        hooks.close();
        restores.close();
        try {
            loop.call(() -> {
                for (ManagedProcess p : table.all()) {
                    logs.detach(p);
                    health.detach(p);
                }
                return null;
            });
        } catch (RuntimeException e) {
            // the loop is already gone
        }
        try {
            loop.call(() -> {
                durability.checkpoint(); // the next daemon starts from here without a replay
                return null;
            });
        } catch (RuntimeException e) {
            // the loop is already gone: the journal has it all
        }
        metrics.close();
        orphans.close();
        history.close();
        health.close();
        restarts.close();
        pipes.close();
        loop.close();
        durability.close();
        logs.close();
    }
}
