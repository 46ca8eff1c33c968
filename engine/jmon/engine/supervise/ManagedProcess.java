package jmon.engine.supervise;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.api.EngineEvent;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.engine.exec.ProcFs;
import jmon.engine.exec.Spawned;
import jmon.engine.state.Transitions;
import jmon.engine.time.Scheduler;

/**
 * One managed process and everything jmon knows about it. Mutated only on the engine thread, and its status
 * only through {@link #transition}, which checks the edge against {@link Transitions} and emits the event.
 */
public final class ManagedProcess {
    final int pmId;
    final int instanceId;
    long createdAt;
    AppSpec spec;

    ProcessStatus status;
    Desired desired;
    Intent intent = Intent.NONE;
    /** Why the current stop was asked for: a restart after it says so. */
    String stopReason;
    boolean removed;

    Spawned current;
    /** The current process was re-adopted from an earlier daemon: its orphans went to init, not to this daemon. */
    boolean adopted;
    /** Spawns of this pm_id ever (the instance marker's generation): incremented before each plan is built. */
    long generation;
    long lastPid;
    long startedAt;
    int restarts;
    int unstable;
    long lastDelay;
    Integer lastExitCode;
    String lastSignal;
    String reason;

    /** Set when a stop begins: the descendants at that moment and the SIGKILL deadline. */
    List<ProcFs.Stat> stopSnapshot = List.of();
    long stopDeadline;
    Scheduler.Cancellable timer;

    String outLog;
    String errLog;
    jmon.engine.logs.ProcessLogs logs;
    final jmon.engine.health.HealthState health = new jmon.engine.health.HealthState();
    /** Why the current run failed before it exited (not ready in time): the exit is described with it. */
    String failReason;
    Scheduler.Cancellable listenTimer;
    /** The pre_start or stop_command running for this process, null when none. */
    Scheduler.Cancellable command;

    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(Predicate<ManagedProcess> done, CompletableFuture<ProcessInfo> future) {}

    ManagedProcess(int pmId, int instanceId, AppSpec spec, long createdAt, ProcessStatus initial, Desired desired) {
        this.pmId = pmId;
        this.instanceId = instanceId;
        this.spec = spec;
        this.createdAt = createdAt;
        this.status = initial;
        this.desired = desired;
    }

    public int pmId() { return pmId; }
    public int instanceId() { return instanceId; }
    public AppSpec spec() { return spec; }
    public String namespace() { return spec.namespace(); }
    public String name() { return spec.name(); }
    public ProcessStatus status() { return status; }
    public Desired desired() { return desired; }
    public boolean isRemoved() { return removed; }
    public long pid() { return current == null ? 0 : current.pid(); }
    public long startTicks() { return current == null ? 0 : current.startTicks(); }
    public jmon.engine.health.HealthState health() { return health; }
    public long startedAt() { return startedAt; }
    public long generation() { return generation; }

    /** Ready: online, and (when something must say so) it said so. */
    public boolean isReady() {
        return status == ProcessStatus.ONLINE && (!spec.health().gatesOnline() || health.ready);
    }

    /** The one place a status changes. Returns the event for the caller to publish. */
    EngineEvent.StatusChanged transition(ProcessStatus to, String why, long now) {
        Transitions.check(status, to);
        ProcessStatus from = status;
        status = to;
        reason = why;
        return new EngineEvent.StatusChanged(pmId, namespace(), name(), from, to, why, lastExitCode, lastSignal, now);
    }

    /** A future completed (with a snapshot) once the process matches {@code done}, or now if it already does. */
    CompletableFuture<ProcessInfo> when(Predicate<ManagedProcess> done, long now) {
        CompletableFuture<ProcessInfo> f = new CompletableFuture<>();
        if (done.test(this)) f.complete(info(now, 0, 0));
        else waiters.add(new Waiter(done, f));
        return f;
    }

    void settleWaiters(long now) {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (removed || w.done().test(this)) {
                w.future().complete(info(now, 0, 0));
                it.remove();
            }
        }
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    public ProcessInfo info(long now, double cpu, long memory) {
        long pid = status == ProcessStatus.WAITING_RESTART ? lastPid : pid();
        boolean running = status == ProcessStatus.ONLINE;
        boolean ready = isReady();
        return new ProcessInfo(pmId, namespace(), name(), instanceId, status, desired, pid, ready,
                restarts, unstable, startedAt, createdAt, lastExitCode, lastSignal, reason, outLog, errLog,
                running ? cpu : 0, running ? memory : 0, spec, health.info(ready), List.of(),
                logs == null ? null : logs.writeState());
    }
}
