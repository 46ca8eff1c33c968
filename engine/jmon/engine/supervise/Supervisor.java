package jmon.engine.supervise;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import jmon.api.EngineEvent;
import jmon.api.ProcessStatus;
import jmon.engine.exec.LaunchPlan;
import jmon.engine.exec.Launcher;
import jmon.engine.exec.MarkedProcess;
import jmon.engine.exec.Posix;
import jmon.engine.exec.ProcFs;
import jmon.engine.exec.Spawned;
import jmon.engine.time.Clock;
import jmon.engine.time.Scheduler;

/**
 * Drives processes through their lifecycle: spawn, exit, restart policy, stop with escalation. Runs only on
 * the engine thread; every status change goes through {@link ManagedProcess#transition}.
 */
public final class Supervisor {
    /** How long SIGKILL may take to reap a process before it is declared unkillable. */
    static final long UNKILLABLE_AFTER_MS = 5_000;
    /** Poll period while descendants of a stopped process are still exiting. */
    static final long LEFTOVER_POLL_MS = 20;

    /** Signals and process-table reads: real by default, replaceable in state-machine tests. */
    public interface Signaller {
        boolean signalGroup(long pgid, String signal);

        boolean signal(long pid, String signal);

        Map<Long, ProcFs.Stat> table();

        boolean isSameLive(ProcFs.Stat st);

        Signaller REAL = new Signaller() {
            @Override public boolean signalGroup(long pgid, String s) { return Posix.killGroup(pgid, s); }
            @Override public boolean signal(long pid, String s) { return Posix.kill(pid, s); }
            @Override public Map<Long, ProcFs.Stat> table() { return ProcFs.table(); }
            @Override public boolean isSameLive(ProcFs.Stat st) { return ProcFs.isSameLiveProcess(st.pid(), st.startTicks()); }
        };
    }

    /**
     * Where an app's members (its processes besides the leader) are looked for by their instance marker: the
     * whole of /proc for a batch of stops, only the orphans re-parented to the daemon (the subreaper) on the way
     * from a crash to its restart, which must stay a few milliseconds.
     */
    public interface MemberFinder {
        List<MarkedProcess> everywhere();

        List<MarkedProcess> orphans();

        MemberFinder NONE = new MemberFinder() {
            @Override public List<MarkedProcess> everywhere() { return List.of(); }
            @Override public List<MarkedProcess> orphans() { return List.of(); }
        };
    }

    private final Launcher launcher;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Signaller signals;
    private final Consumer<EngineEvent> events;
    private final Function<ManagedProcess, LaunchPlan> plans;
    private final Consumer<ManagedProcess> onRemoved;
    private final Runnable onChange;
    private volatile boolean shuttingDown;
    private Consumer<ManagedProcess> onSpawned = p -> {};
    private java.util.function.Predicate<ManagedProcess> sendShutdownMessage = p -> false;
    private MemberFinder members = MemberFinder.NONE;
    private CommandRunner commands;

    public void setMemberFinder(MemberFinder members) { this.members = members; }

    /** Runs pre_start, stop_command and post_stop; without it an app that has one fails to start, saying why. */
    public void setCommandRunner(CommandRunner commands) { this.commands = commands; }

    /**
     * Health hooks: {@code onSpawned} starts probes and the watchdog of a fresh spawn; {@code sendShutdownMessage}
     * writes "shutdown" to the process's stdin ({@code shutdown_with_message}) and says whether it could.
     */
    public void setHealthHooks(Consumer<ManagedProcess> onSpawned, java.util.function.Predicate<ManagedProcess> sendShutdownMessage) {
        this.onSpawned = onSpawned;
        this.sendShutdownMessage = sendShutdownMessage;
    }

    /**
     * At listen_timeout, before a launching process with a readiness probe is killed: runs that probe once more and
     * then either marks it ready or runs the given kill. So an app that became ready just before the deadline, between
     * two probes, is never killed for it.
     */
    public void setReadinessRecheck(java.util.function.BiConsumer<ManagedProcess, Runnable> recheck) {
        this.readinessRecheck = recheck;
    }

    private java.util.function.BiConsumer<ManagedProcess, Runnable> readinessRecheck;

    public Supervisor(Launcher launcher, Scheduler scheduler, Clock clock, Signaller signals,
                      Consumer<EngineEvent> events, Function<ManagedProcess, LaunchPlan> plans,
                      Consumer<ManagedProcess> onRemoved, Runnable onChange) {
        this.launcher = launcher;
        this.scheduler = scheduler;
        this.clock = clock;
        this.signals = signals;
        this.events = events;
        this.plans = plans;
        this.onRemoved = onRemoved;
        this.onChange = onChange;
    }

    public ManagedProcess create(int pmId, int instanceId, jmon.api.AppSpec spec, ProcessStatus initial,
                                 jmon.api.Desired desired) {
        return new ManagedProcess(pmId, instanceId, spec, clock.nowMs(), initial, desired);
    }

    /** No spawn happens after this: the daemon is stopping everything. */
    public void beginShutdown() { shuttingDown = true; }

    public boolean isShuttingDown() { return shuttingDown; }

    private void move(ManagedProcess p, ProcessStatus to, String why) {
        long now = clock.nowMs();
        events.accept(p.transition(to, why, now));
        p.settleWaiters(now);
        onChange.run();
    }

    // ---- start -------------------------------------------------------------------------------------------

    /** User start (or restart of a halted process): resets the unstable count as PM2 does on a manual start. */
    public void start(ManagedProcess p, String why) {
        p.desired = jmon.api.Desired.RUN;
        switch (p.status) {
            case STOPPED, EXITED, ERRORED -> {
                p.unstable = 0;
                p.lastDelay = 0;
                spawn(p, why);
            }
            case WAITING_RESTART -> {
                // a manual start forgives the crash loop, as a start of a halted process does
                p.cancelTimer();
                p.unstable = 0;
                p.lastDelay = 0;
                spawn(p, why);
            }
            case STOPPING -> p.intent = p.intent.merge(Intent.RESTART);
            case LAUNCHING, ONLINE -> { /* already running */ }
        }
    }

    private void spawn(ManagedProcess p, String why) {
        if (shuttingDown) {
            if (p.status == ProcessStatus.WAITING_RESTART || p.status == ProcessStatus.STOPPING) {
                move(p, ProcessStatus.STOPPED, "daemon shutting down");
            }
            return;
        }
        move(p, ProcessStatus.LAUNCHING, why);
        String pre = p.spec.commands().preStart();
        if (pre == null) {
            launch(p, why);
            return;
        }
        // pre_start first, off the engine thread; the spawn follows when it succeeded
        if (commands == null) {
            move(p, ProcessStatus.ERRORED, "pre_start cannot run: no command runner");
            return;
        }
        p.command = commands.run(p, "pre_start", pre, p.spec.commands().timeoutMs(), failure -> {
            p.command = null;
            if (p.status != ProcessStatus.LAUNCHING || p.removed || p.current != null) return;
            if (shuttingDown) {
                move(p, ProcessStatus.STOPPING, "daemon shutting down");
                move(p, ProcessStatus.STOPPED, "daemon shutting down");
            } else if (failure != null) {
                p.lastExitCode = null;
                p.lastSignal = null;
                move(p, ProcessStatus.ERRORED, "start failed: " + failure);
            } else {
                launch(p, why);
            }
        });
    }

    /** The spawn itself, once pre_start (if any) succeeded. */
    private void launch(ManagedProcess p, String why) {
        p.generation++; // before the plan: the marker carries it
        Spawned s;
        try {
            s = launcher.spawn(plans.apply(p));
        } catch (IOException | RuntimeException e) {
            p.lastExitCode = null;
            p.lastSignal = null;
            move(p, ProcessStatus.ERRORED, "spawn error: " + e.getMessage());
            return;
        }
        attach(p, s);
        p.startedAt = clock.nowMs();
        p.health.reset();
        p.failReason = null;
        jmon.api.HealthSpec h = p.spec.health();
        if (h.gatesOnline()) {
            // launching until it says it is ready (notify or readiness probe), within listen_timeout
            long gen = p.health.generation;
            p.listenTimer = scheduler.schedule(() -> notReadyInTime(p, gen), h.listenTimeoutMs());
            p.reason = why + "; waiting until ready";
            onChange.run();
        } else {
            move(p, ProcessStatus.ONLINE, why);
        }
        onSpawned.accept(p);
    }

    private void notReadyInTime(ManagedProcess p, long gen) {
        p.listenTimer = null;
        if (p.status != ProcessStatus.LAUNCHING || p.health.generation != gen || p.current == null) return;
        if (readinessRecheck != null && p.spec.health().readiness() != null) {
            readinessRecheck.accept(p, () -> killNotReady(p, gen));
            return;
        }
        killNotReady(p, gen);
    }

    private void killNotReady(ManagedProcess p, long gen) {
        if (p.status != ProcessStatus.LAUNCHING || p.health.generation != gen || p.current == null) return;
        p.failReason = "not ready within " + p.spec.health().listenTimeoutMs() + " ms (listen_timeout)";
        signals.signalGroup(p.current.pid(), "SIGKILL");
    }

    private jmon.engine.history.History history;

    /** Where readiness changes and probe changes are told (the daemon's history); none by default. */
    public void setHistoryHooks(jmon.engine.history.History h) { this.history = h; }

    /** A probe's answer flipped between ok and failing (ProbeRunner tells it once per flip). */
    public void probeChanged(ManagedProcess p, boolean readiness, jmon.api.ProbeResult r) {
        if (history != null) history.probe(p.pmId(), p.namespace(), p.name(), readiness, r);
    }

    /** Readiness changed (notify or probe). A launching process that becomes ready is online. */
    public void markReady(ManagedProcess p, boolean ready, String why) {
        if (history != null && p.health.ready != ready) history.readiness(p.pmId(), p.namespace(), p.name(), ready, why);
        p.health.ready = ready;
        if (ready && p.status == ProcessStatus.LAUNCHING && p.current != null) {
            cancelListenTimer(p);
            move(p, ProcessStatus.ONLINE, why);
        } else {
            onChange.run();
        }
    }

    private static void cancelListenTimer(ManagedProcess p) {
        if (p.listenTimer != null) {
            p.listenTimer.cancel();
            p.listenTimer = null;
        }
    }

    /** A start that must wait (dependencies): desired to run, not spawned yet, with the reason shown. */
    public void hold(ManagedProcess p, String why) {
        p.desired = jmon.api.Desired.RUN;
        p.reason = why;
        onChange.run();
    }

    /** Watches a live process (spawned now, or re-adopted after a daemon restart). */
    public void attach(ManagedProcess p, Spawned s) {
        p.current = s;
        p.adopted = false;
        p.lastPid = s.pid();
        s.exit().whenComplete((code, err) -> scheduler.execute(() -> onExit(p, s, code)));
    }

    /** Re-adopted process: online again with its original pid. */
    public void adopt(ManagedProcess p, Spawned s, long startedAt) {
        attach(p, s);
        p.adopted = true;
        p.health.ready = true; // it was online before the daemon restart; probes re-check it from here
        p.startedAt = startedAt;
    }

    /** A re-adopted record whose process is gone: bring it back as a crash would. */
    public void recoverGone(ManagedProcess p) {
        spawn(p, "daemon restarted; the process was gone");
    }

    // ---- exit --------------------------------------------------------------------------------------------

    void onExit(ManagedProcess p, Spawned s, Integer code) {
        if (p.current != s || p.removed) return; // a stale exit of an earlier spawn
        p.current = null;
        cancelListenTimer(p);
        p.lastExitCode = code;
        p.lastSignal = signalOf(code, p);
        if (p.status.isHalted()) {
            // declared unkillable earlier, reaped at last: record it, nothing more to decide
            p.intent = Intent.NONE;
            onChange.run();
            return;
        }
        long uptime = clock.nowMs() - p.startedAt;
        if (p.status == ProcessStatus.STOPPING) {
            finishStop(p);
            return;
        }
        // Unexpected exit: what the leader left behind in its group would run on as orphans or duplicates, and
        // so would what it double-forked out of the group (re-parented to the daemon, found by its marker).
        signals.signalGroup(s.pid(), "SIGKILL");
        // a re-adopted leader's orphans went to init, not to us: only the full scan finds them (once, after a restart)
        for (MarkedProcess m : p.adopted ? members.everywhere() : members.orphans()) {
            if (m.pmId() == p.pmId) signals.signal(m.pid(), "SIGKILL");
        }
        postStop(p);
        if (p.desired == jmon.api.Desired.HALT || shuttingDown) {
            move(p, ProcessStatus.EXITED, RestartDecider.describeExit(code, p.lastSignal));
            return;
        }
        // a start that never became ready counts as unstable, however long it took to fail
        RestartDecider.Decision d = RestartDecider.decide(p.spec.restart(), code, p.lastSignal,
                p.failReason != null ? 0 : uptime, p.unstable, p.lastDelay, p.failReason != null);
        if (p.failReason != null) d = withCause(d, p.failReason);
        if (d instanceof RestartDecider.Exit e) {
            move(p, ProcessStatus.EXITED, e.reason());
        } else if (d instanceof RestartDecider.Errored e) {
            p.unstable = 0;
            move(p, ProcessStatus.ERRORED, e.reason());
        } else if (d instanceof RestartDecider.Restart r) {
            p.unstable = r.unstable();
            // backoff grows only through unstable restarts; a stable run starts it over
            p.lastDelay = r.unstable() == 0 ? 0 : r.delayMs();
            p.restarts++;
            String why = r.reason() + "; restarting" + (r.delayMs() > 0 ? " in " + r.delayMs() + " ms" : "");
            move(p, ProcessStatus.WAITING_RESTART, why);
            if (r.delayMs() == 0) {
                spawn(p, "restart after " + r.reason());
            } else {
                p.timer = scheduler.schedule(() -> {
                    p.timer = null;
                    if (p.status == ProcessStatus.WAITING_RESTART) spawn(p, "restart after " + r.reason());
                }, r.delayMs());
            }
        }
    }

    /** The same decision, its reason led by what really went wrong. */
    private static RestartDecider.Decision withCause(RestartDecider.Decision d, String cause) {
        if (d instanceof RestartDecider.Restart r) return new RestartDecider.Restart(r.delayMs(), r.unstable(), cause);
        if (d instanceof RestartDecider.Errored e) return new RestartDecider.Errored(cause + "; " + e.reason());
        return new RestartDecider.Exit(cause + "; " + ((RestartDecider.Exit) d).reason());
    }

    /** Java reports death by signal N as 128+N: name the signal when it is one we sent or a usual one. */
    private static String signalOf(Integer code, ManagedProcess p) {
        if (code == null || code <= 128) return null;
        return Posix.signalName(code - 128);
    }

    // ---- stop --------------------------------------------------------------------------------------------

    /**
     * Stops, restarts or deletes a batch of processes. One /proc pass serves the whole batch: descendants are
     * recorded before any signal, so children that leave the group are still found and killed.
     */
    public void stopAll(List<ManagedProcess> ps, Intent intent, String why) {
        Map<Long, ProcFs.Stat> table = null;
        Map<Integer, List<MarkedProcess>> marked = Map.of();
        for (ManagedProcess p : ps) {
            if (p.status.isSignallable() && p.status != ProcessStatus.STOPPING && table == null) {
                table = signals.table();
                marked = byPmId(members.everywhere());
            }
            stop(p, intent, why, table, marked.getOrDefault(p.pmId, List.of()));
        }
    }

    private static Map<Integer, List<MarkedProcess>> byPmId(List<MarkedProcess> ms) {
        Map<Integer, List<MarkedProcess>> out = new java.util.HashMap<>();
        for (MarkedProcess m : ms) out.computeIfAbsent(m.pmId(), k -> new java.util.ArrayList<>()).add(m);
        return out;
    }

    /** The descendants, plus the marked processes that are not descendants (escaped and re-parented). */
    private static List<ProcFs.Stat> snapshot(Map<Long, ProcFs.Stat> table, long pid, List<MarkedProcess> marked) {
        List<ProcFs.Stat> out = new java.util.ArrayList<>(table == null ? List.of() : ProcFs.descendants(table, pid));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (ProcFs.Stat st : out) seen.add(st.pid());
        for (MarkedProcess m : marked) {
            if (m.pid() == pid || !seen.add(m.pid())) continue;
            out.add(new ProcFs.Stat(m.pid(), 'S', m.ppid(), m.pgrp(), m.session(), 0, 0, m.startTicks(), 0));
        }
        return out;
    }

    private void stop(ManagedProcess p, Intent intent, String why, Map<Long, ProcFs.Stat> table,
                      List<MarkedProcess> marked) {
        if (intent != Intent.RESTART) p.desired = jmon.api.Desired.HALT;
        else p.desired = jmon.api.Desired.RUN;
        switch (p.status) {
            case WAITING_RESTART -> {
                p.cancelTimer();
                if (intent == Intent.RESTART) {
                    p.unstable = 0;
                    p.lastDelay = 0;
                    spawn(p, why);
                } else {
                    move(p, ProcessStatus.STOPPED, why);
                    if (intent == Intent.DELETE) remove(p);
                }
            }
            case STOPPED, EXITED, ERRORED -> {
                if (intent == Intent.RESTART) {
                    p.unstable = 0;
                    p.lastDelay = 0;
                    spawn(p, why);
                } else if (intent == Intent.DELETE) {
                    remove(p);
                }
            }
            case STOPPING -> p.intent = p.intent.merge(intent);
            case LAUNCHING, ONLINE -> {
                if (p.current == null) {
                    stopBeforeSpawn(p, intent, why); // still in its pre_start
                    return;
                }
                long pid = p.pid();
                p.intent = intent;
                p.stopReason = why;
                p.stopSnapshot = snapshot(table, pid, marked);
                p.stopDeadline = clock.nowMs() + p.spec.restart().killTimeoutMs();
                cancelListenTimer(p);
                move(p, ProcessStatus.STOPPING, why);
                String stopCommand = p.spec.commands().stopCommand();
                if (stopCommand != null && commands != null) {
                    // stop_command first; the stop signal (and kill_timeout) follow when it ends
                    long t = p.spec.commands().timeoutMs();
                    p.stopDeadline += t;
                    p.command = commands.run(p, "stop_command", stopCommand, t, failure -> {
                        p.command = null;
                        if (failure != null) {
                            System.err.println("jmon: " + p.namespace() + "/" + p.name() + ": " + failure
                                    + "; sending the stop signal");
                        }
                        if (p.status == ProcessStatus.STOPPING && p.current != null) signalStop(p, p.current.pid());
                    });
                } else {
                    signalStop(p, pid);
                }
            }
        }
    }

    /** The stop signal (or the shutdown message), then SIGKILL after kill_timeout. */
    private void signalStop(ManagedProcess p, long pid) {
        boolean asked = p.spec.health().shutdownWithMessage() && sendShutdownMessage.test(p);
        if (!asked) {
            signals.signalGroup(pid, p.spec.restart().stopSignal()); // false: already gone
            // members outside the group get SIGTERM: a shell starts background jobs with SIGINT ignored
            for (ProcFs.Stat st : p.stopSnapshot) {
                if (st.pgrp() != pid && signals.isSameLive(st)) signals.signal(st.pid(), "SIGTERM");
            }
        }
        p.cancelTimer();
        p.timer = scheduler.schedule(() -> forceKill(p), p.spec.restart().killTimeoutMs());
    }

    /** A stop of a process whose pre_start runs: the command is killed, nothing was spawned. */
    private void stopBeforeSpawn(ManagedProcess p, Intent intent, String why) {
        if (p.command != null) {
            p.command.cancel();
            p.command = null;
        }
        move(p, ProcessStatus.STOPPING, why + " (during pre_start)");
        move(p, ProcessStatus.STOPPED, "stopped before its spawn (pre_start killed)");
        if (intent == Intent.RESTART) {
            p.unstable = 0;
            p.lastDelay = 0;
            spawn(p, why);
        } else if (intent == Intent.DELETE) {
            remove(p);
        }
    }

    /** post_stop after a run ended (a stop or an exit): its outcome is logged, nothing waits for it. */
    private void postStop(ManagedProcess p) {
        String cmd = p.spec.commands().postStop();
        if (cmd == null || commands == null) return;
        commands.run(p, "post_stop", cmd, p.spec.commands().timeoutMs(), failure -> {
            if (failure != null) System.err.println("jmon: " + p.namespace() + "/" + p.name() + ": " + failure);
        });
    }

    /** kill_timeout passed: SIGKILL the group and every recorded descendant. */
    private void forceKill(ManagedProcess p) {
        p.timer = null;
        if (p.status != ProcessStatus.STOPPING) return;
        long pid = p.current != null ? p.current.pid() : p.lastPid;
        signals.signalGroup(pid, "SIGKILL");
        killLeftovers(p);
        if (p.current == null) {
            finishStop(p);
            return;
        }
        p.timer = scheduler.schedule(() -> {
            p.timer = null;
            if (p.status == ProcessStatus.STOPPING && p.current != null) {
                move(p, ProcessStatus.ERRORED, "unkillable: still alive " + UNKILLABLE_AFTER_MS
                        + " ms after SIGKILL");
            }
        }, UNKILLABLE_AFTER_MS);
    }

    private void killLeftovers(ManagedProcess p) {
        for (ProcFs.Stat st : p.stopSnapshot) {
            if (signals.isSameLive(st)) signals.signal(st.pid(), "SIGKILL");
        }
    }

    private boolean hasLeftovers(ManagedProcess p) {
        for (ProcFs.Stat st : p.stopSnapshot) if (signals.isSameLive(st)) return true;
        return false;
    }

    /** The leader has exited during a stop: wait for its descendants until the deadline, then finish. */
    private void finishStop(ManagedProcess p) {
        if (p.status != ProcessStatus.STOPPING || p.current != null) return;
        if (hasLeftovers(p) && clock.nowMs() < p.stopDeadline) {
            p.cancelTimer();
            p.timer = scheduler.schedule(() -> {
                p.timer = null;
                finishStop(p);
            }, LEFTOVER_POLL_MS);
            return;
        }
        p.cancelTimer();
        killLeftovers(p);
        // last sweep: anything still in the group (forked after the snapshot) goes too
        signals.signalGroup(p.lastPid, "SIGKILL");
        p.stopSnapshot = List.of();
        postStop(p);
        Intent intent = p.intent;
        p.intent = Intent.NONE;
        String how = RestartDecider.describeExit(p.lastExitCode, p.lastSignal);
        switch (intent) {
            case RESTART -> {
                if (shuttingDown) {
                    move(p, ProcessStatus.STOPPED, "stopped (" + how + ")");
                } else {
                    p.restarts++;
                    p.unstable = 0;
                    p.lastDelay = 0;
                    spawn(p, p.stopReason == null ? "restart requested" : p.stopReason);
                }
            }
            case DELETE -> {
                move(p, ProcessStatus.STOPPED, "stopped for delete (" + how + ")");
                remove(p);
            }
            default -> move(p, ProcessStatus.STOPPED, "stopped (" + how + ")");
        }
    }

    private void remove(ManagedProcess p) {
        p.removed = true;
        p.cancelTimer();
        events.accept(new EngineEvent.ProcessRemoved(p.pmId, p.namespace(), p.name(), clock.nowMs()));
        onRemoved.accept(p);
        p.settleWaiters(clock.nowMs());
        onChange.run();
    }

    /**
     * A live marked orphan reported by the reaper: kills it when no running app owns it (its pm_id unknown or
     * deleted, its app halted, or it is from an earlier generation than the app's current run). Returns true
     * when it was killed. {@code p} is the process of its pm_id, null when the daemon knows none.
     */
    public boolean killLeftover(ManagedProcess p, MarkedProcess m) {
        boolean owned = p != null && !p.removed && m.generation() >= p.generation
                && p.status.isSignallable();
        if (owned) return false;
        return signals.signal(m.pid(), "SIGKILL");
    }

    /** Grace between SIGTERM and SIGKILL for the orphans a recovery finds ({@link #terminateOrphans}). */
    static final long ORPHAN_GRACE_MS = 2_000;

    /**
     * Ends processes that belong to no app (a recovery's {@link Reconciler.Plan#orphans}): SIGTERM now, SIGKILL
     * after {@link #ORPHAN_GRACE_MS} to those still alive with the same start time.
     */
    public void terminateOrphans(List<MarkedProcess> orphans) {
        if (orphans.isEmpty()) return;
        List<ProcFs.Stat> sent = new java.util.ArrayList<>();
        for (MarkedProcess m : orphans) {
            ProcFs.Stat st = new ProcFs.Stat(m.pid(), 'S', m.ppid(), m.pgrp(), m.session(), 0, 0, m.startTicks(), 0);
            if (signals.isSameLive(st) && signals.signal(m.pid(), "SIGTERM")) sent.add(st);
        }
        if (sent.isEmpty()) return;
        scheduler.schedule(() -> {
            for (ProcFs.Stat st : sent) if (signals.isSameLive(st)) signals.signal(st.pid(), "SIGKILL");
        }, ORPHAN_GRACE_MS);
    }

    // ---- bookkeeping the engine needs (fields stay package-private to keep one writer) -------------------

    public void restore(ManagedProcess p, long createdAt, int restarts, int unstable, Integer exitCode,
                        String signal, String reason) {
        p.createdAt = createdAt;
        p.restarts = restarts;
        p.unstable = unstable;
        p.lastExitCode = exitCode;
        p.lastSignal = signal;
        p.reason = reason;
    }

    /** The generation an earlier daemon reached (recorded, or seen in a live process's marker). */
    public void restoreGeneration(ManagedProcess p, long generation) {
        p.generation = Math.max(p.generation, generation);
    }

    public void setLogPaths(ManagedProcess p, String out, String err) {
        p.outLog = out;
        p.errLog = err;
    }

    public String outLog(ManagedProcess p) { return p.outLog; }

    public String errLog(ManagedProcess p) { return p.errLog; }

    public void setLogs(ManagedProcess p, jmon.engine.logs.ProcessLogs logs) { p.logs = logs; }

    public jmon.engine.logs.ProcessLogs logs(ManagedProcess p) { return p.logs; }

    /** New spec for an existing process (startOrRestart); takes effect at its next spawn. */
    public void updateSpec(ManagedProcess p, jmon.api.AppSpec spec) { p.spec = spec; }

    /** {@code reset}: the restart counters start again from zero, as PM2's reset does; nothing else changes. */
    public void resetCounters(ManagedProcess p) {
        p.restarts = 0;
        p.unstable = 0;
        p.lastDelay = 0;
        onChange.run();
    }

    /**
     * {@code sendSignal}: one signal to the app's main process (PM2's process.kill(pid, signal)), not its group.
     * False when it runs no process now.
     */
    public boolean sendSignal(ManagedProcess p, String signal) {
        long pid = p.pid();
        return pid > 0 && signals.signal(pid, signal);
    }

    public java.util.concurrent.CompletableFuture<jmon.api.ProcessInfo> when(ManagedProcess p,
            java.util.function.Predicate<ManagedProcess> done, long now) {
        return p.when(done, now);
    }

    public jmon.engine.persist.ProcessRecord record(ManagedProcess p) {
        return new jmon.engine.persist.ProcessRecord(p.pmId, p.instanceId, p.spec, p.desired, p.status, p.pid(),
                p.startTicks(), p.startedAt, p.createdAt, p.restarts, p.unstable, p.lastExitCode, p.lastSignal,
                p.reason, p.generation);
    }
}
