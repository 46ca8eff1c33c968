package jmon.engine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import jmon.api.CustomMetric;
import jmon.api.ProbeResult;
import jmon.api.ProbeSpec;
import jmon.api.ProcessStatus;
import jmon.engine.health.NodeChannel;
import jmon.engine.health.NotifyMessage;
import jmon.engine.health.ProbeRunner;
import jmon.engine.health.Probes;
import jmon.engine.health.ProcessNotify;
import jmon.engine.logs.LineRing;
import jmon.engine.logs.PipeReactor;
import jmon.engine.supervise.Intent;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Supervisor;
import jmon.engine.time.Clock;

/**
 * What each process says of itself (its notify pipe: READY, STATUS, WATCHDOG, metrics) and what probes find:
 * readiness and liveness probes and the watchdog, each tied to one spawn's generation so a probe of an earlier run
 * never acts on the next. Engine thread, except the probes themselves (two prober threads).
 */
final class HealthMonitor {
    private final EngineLoop loop;
    private final Clock clock;
    private final Supervisor supervisor;
    private final ProcessTable table;
    private final DependencyGate gate;
    private final PipeReactor pipes;
    /** (pmId, stream) → the FIFO's path. */
    private final BiFunction<Integer, String, Path> fifo;
    private final Map<Integer, ProcessNotify> notifiers = new HashMap<>();
    /** The IPC channel of each Node app's current run. */
    private final Map<Integer, NodeChannel> channels = new HashMap<>();
    private final ExecutorService prober = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(null, r, "jmon-prober", 256 * 1024);
        t.setDaemon(true);
        return t;
    });

    /** Apps that get a Node IPC channel at each spawn. */
    private final java.util.function.Predicate<ManagedProcess> usesChannel;

    HealthMonitor(EngineLoop loop, Clock clock, Supervisor supervisor, ProcessTable table, DependencyGate gate,
                  PipeReactor pipes, BiFunction<Integer, String, Path> fifo,
                  java.util.function.Predicate<ManagedProcess> usesChannel) {
        this.usesChannel = usesChannel;
        this.loop = loop;
        this.clock = clock;
        this.supervisor = supervisor;
        this.table = table;
        this.gate = gate;
        this.pipes = pipes;
        this.fifo = fifo;
    }

    /** Connects a new process's notify pipe (and its stdin FIFO for shutdown_with_message). */
    void attach(ManagedProcess p) throws java.io.IOException {
        notifiers.put(p.pmId(), new ProcessNotify(p.pmId(), fifo.apply(p.pmId(), "notify"),
                p.spec().health().shutdownWithMessage() ? fifo.apply(p.pmId(), "in") : null,
                m -> loop.execute(() -> onNotify(p, m)), pipes));
    }

    /** The stdin FIFO a spawn gets, null when none. */
    Path stdinFifo(int pmId) {
        ProcessNotify n = notifiers.get(pmId);
        return n == null ? null : n.stdinFifo();
    }

    /**
     * A Node IPC channel for p's next run (the previous run's is closed); returns the child's end for the launch
     * plan. Messages arrive on the engine thread like the notify pipe's.
     */
    int openChannel(ManagedProcess p) throws java.io.IOException {
        closeChannel(p.pmId());
        NodeChannel ch = NodeChannel.open(pipes, fifo.apply(p.pmId(), "ipc"), m -> loop.execute(() -> onNotify(p, m)));
        channels.put(p.pmId(), ch);
        return ch.childEnd();
    }

    private void closeChannel(int pmId) {
        NodeChannel old = channels.remove(pmId);
        if (old != null) old.close();
    }

    /**
     * shutdown_with_message: true when "shutdown" was sent to the process, on its Node IPC channel when it has
     * an open one, else on its stdin.
     */
    boolean sendShutdown(ManagedProcess p) {
        NodeChannel ch = channels.get(p.pmId());
        if (ch != null && ch.isOpen()) return ch.sendShutdown();
        // a Node app listens on its channel, not its stdin: without an open channel, the stop signal
        if (usesChannel.test(p)) return false;
        ProcessNotify n = notifiers.get(p.pmId());
        return n != null && n.sendShutdown();
    }

    /** A deleted process. */
    void release(ManagedProcess p) {
        ProcessNotify n = notifiers.remove(p.pmId());
        if (n != null) n.close(true);
        closeChannel(p.pmId());
        readinessCursors.remove(p.pmId());
    }

    /** The daemon lets go: the pipe stays for the next daemon; a socket cannot. */
    void detach(ManagedProcess p) {
        ProcessNotify n = notifiers.get(p.pmId());
        if (n != null) n.close(false);
        closeChannel(p.pmId());
    }

    /** One message from a process's notify pipe. */
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
            h.metrics.put(mt.name(), new CustomMetric(mt.value(), mt.unit(), now));
        } else if (m instanceof NotifyMessage.Health hl) {
            h.health = hl.object();
        } else if (m instanceof NotifyMessage.Garbage) {
            h.garbage++;
        }
        gate.recheck();
    }

    /** The readiness probe's log cursor of each process's current run (the last check at listen_timeout shares it). */
    private final Map<Integer, Probes.LogCursor> readinessCursors = new HashMap<>();

    /**
     * A fresh spawn: start its probes and its watchdog, tied to this spawn's generation. A log probe reads from
     * here on: lines of the previous run (still in the ring) never count for this one.
     */
    void spawned(ManagedProcess p) {
        var hs = p.spec().health();
        long gen = p.health().generation;
        long runStart = supervisor.logs(p) == null ? -1 : supervisor.logs(p).ring().nextSeq();
        if (hs.readiness() != null) {
            Probes.LogCursor c = Probes.LogCursor.from(runStart);
            readinessCursors.put(p.pmId(), c);
            scheduleProbe(p, true, gen, hs.readiness().initialDelayMs(), c);
        }
        if (hs.liveness() != null) scheduleProbe(p, false, gen, hs.liveness().initialDelayMs(), Probes.LogCursor.from(runStart));
        if (hs.watchdogMs() > 0) scheduleWatchdog(p, gen, hs.watchdogMs());
    }

    private boolean sameRun(ManagedProcess p, long gen) {
        return !p.isRemoved() && p.health().generation == gen && p.status().isSignallable()
                && p.status() != ProcessStatus.STOPPING;
    }

    private void scheduleProbe(ManagedProcess p, boolean readiness, long gen, long delayMs, Probes.LogCursor cursor) {
        ProbeSpec spec = readiness ? p.spec().health().readiness() : p.spec().health().liveness();
        loop.schedule(() -> {
            if (!sameRun(p, gen)) return;
            LineRing ring = supervisor.logs(p).ring();
            prober.execute(() -> {
                ProbeResult r;
                synchronized (cursor) { // the last check at listen_timeout may read the same cursor
                    r = Probes.run(spec, readiness ? "readiness" : "liveness", ring, cursor, clock.nowMs());
                }
                loop.execute(() -> {
                    if (!sameRun(p, gen)) return;
                    ProbeRunner.apply(p, readiness, spec, r, supervisor);
                    table.markDirty();
                    gate.recheck();
                    if (sameRun(p, gen)) scheduleProbe(p, readiness, gen, nextPeriod(p, readiness, spec), cursor);
                });
            });
        }, Math.max(0, delayMs));
    }

    /**
     * While a process is launching, its readiness probe runs every tenth of listen_timeout (100 ms to 1 s) rather
     * than every period (10 s by default, longer than the default listen_timeout of 3 s): an app ready after 1 s is
     * seen ready within the time it has. Once it is online the probe's own period applies.
     */
    static long nextPeriod(ManagedProcess p, boolean readiness, ProbeSpec spec) {
        if (!readiness || p.status() != ProcessStatus.LAUNCHING) return spec.periodMs();
        return Math.min(spec.periodMs(), launchPeriod(p.spec().health().listenTimeoutMs()));
    }

    static long launchPeriod(long listenTimeoutMs) { return Math.max(100, Math.min(1_000, listenTimeoutMs / 10)); }

    /**
     * listen_timeout came while p was launching: one last readiness probe decides. Ready then (it became ready
     * between two probes) is online; otherwise {@code kill} runs, as before.
     */
    void lastReadinessCheck(ManagedProcess p, Runnable kill) {
        ProbeSpec spec = p.spec().health().readiness();
        long gen = p.health().generation;
        Probes.LogCursor cursor = readinessCursors.getOrDefault(p.pmId(), Probes.LogCursor.from(-1));
        LineRing ring = supervisor.logs(p) == null ? null : supervisor.logs(p).ring();
        if (spec == null || ring == null) {
            kill.run();
            return;
        }
        prober.execute(() -> {
            ProbeResult r;
            synchronized (cursor) {
                r = Probes.run(spec, "readiness", ring, cursor, clock.nowMs());
            }
            loop.execute(() -> {
                if (!sameRun(p, gen) || p.status() != ProcessStatus.LAUNCHING) return;
                if (r.ok()) {
                    p.health().readiness = r;
                    supervisor.markReady(p, true, "ready at listen_timeout (" + r.probe() + ": " + r.detail() + ")");
                    table.markDirty();
                    gate.recheck();
                } else {
                    kill.run();
                }
            });
        });
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

    void close() { prober.shutdownNow(); }
}
