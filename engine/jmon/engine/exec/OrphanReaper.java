package jmon.engine.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * Reaps the orphans that land on the daemon: as a subreaper (prctl) every orphan of an app's descendants is
 * re-parented to it, and as PID 1 of a PID namespace every orphan of the namespace is. Nobody else waits for
 * them, so without this each would stay a zombie.
 *
 * <p>Two other waiters must keep their statuses: {@link ExitWatcher} reaps the apps we spawned (waitpid on
 * their pid), and the JDK reaps the ProcessBuilder children it started (probes, node) with its own waitpid on
 * their pid. Neither is at risk: the kernel gives orphans to the daemon's main thread, while both kinds of child
 * are children of the thread that spawned them (the engine thread, a prober), so the main thread's children file
 * lists orphans only. Still, as a second guard, a zombie is reaped only when seen on two passes in a row (with the
 * same start time): the JDK and the exit watcher reap theirs within microseconds of the exit, never a second later;
 * and pids the engine tracks as app leaders are skipped.
 *
 * <p>Each pass also reports the live orphans that carry this home's marker, so the engine can kill the ones that
 * belong to no running app (leftovers of an earlier run, of a deleted app).
 */
public final class OrphanReaper implements AutoCloseable {
    private final String homeId;
    private final LongPredicate tracked;
    private final Consumer<List<MarkedProcess>> liveMarked;
    private final Consumer<String> log;
    private final long periodMs;
    private volatile boolean closed;
    private volatile jmon.engine.time.Scheduler.Cancellable next;
    /** Zombies seen by the last pass: pid → start ticks. */
    private Map<Long, Long> suspects = new HashMap<>();
    /** What each live orphan was when last seen alive (its environ is gone once it is a zombie). */
    private Map<Long, MarkedProcess> known = new HashMap<>();
    private long reaped;

    /**
     * @param tracked    pids the engine tracks as app leaders: never reaped here
     * @param liveMarked receives, after a pass that found any, the live marked orphans (on the scheduler's thread)
     */
    public OrphanReaper(String homeId, LongPredicate tracked, Consumer<List<MarkedProcess>> liveMarked,
                        Consumer<String> log, long periodMs) {
        this.homeId = homeId;
        this.tracked = tracked;
        this.liveMarked = liveMarked;
        this.log = log;
        this.periodMs = periodMs;
    }

    /**
     * Runs a pass every period on {@code on} (the engine thread: a pass is a few small /proc reads, and a thread
     * of its own would cost the daemon more memory than the work).
     */
    public void start(jmon.engine.time.Scheduler on) {
        next = on.schedule(() -> tick(on), periodMs);
    }

    private void tick(jmon.engine.time.Scheduler on) {
        if (closed) return;
        try {
            pass();
        } catch (RuntimeException e) {
            log.accept("reaper: " + e);
        }
        if (!closed) next = on.schedule(() -> tick(on), periodMs);
    }

    /** How many orphans this reaper has reaped. */
    public synchronized long reaped() { return reaped; }

    /** One look at the daemon's orphans: reaps the zombies seen last time too, reports the live marked ones. */
    synchronized void pass() {
        Map<Long, Long> zombies = new HashMap<>();
        Map<Long, MarkedProcess> alive = new HashMap<>();
        List<MarkedProcess> marked = new ArrayList<>();
        for (long pid : MarkedProcesses.childrenOfMainThread()) {
            if (tracked.test(pid)) continue;
            ProcFs.Stat st = ProcFs.stat(pid).orElse(null);
            if (st == null) continue;
            if (st.isZombie()) {
                Long seen = suspects.get(pid);
                if (seen != null && seen == st.startTicks()) reap(pid);
                else zombies.put(pid, st.startTicks());
                continue;
            }
            MarkedProcess m = known.get(pid);
            if (m == null || m.startTicks() != st.startTicks()) {
                m = MarkedProcesses.of(pid, homeId).orElse(null);
                // unmarked: remember it as such (an orphan of someone else's tree, as PID 1)
                if (m == null) m = new MarkedProcess(pid, st.startTicks(), st.ppid(), st.pgrp(), st.session(), -1, 0,
                        MarkedProcesses.command(pid));
            }
            alive.put(pid, m);
            if (m.pmId() >= 0) marked.add(m);
        }
        for (Long z : zombies.keySet()) {
            MarkedProcess m = known.get(z);
            if (m != null) alive.put(z, m); // keep what it was for the log line when it is reaped
        }
        suspects = zombies;
        known = alive;
        if (!marked.isEmpty()) liveMarked.accept(marked);
    }

    private void reap(long pid) {
        if (Posix.reap(pid) != pid) return; // someone else's after all, or gone
        reaped++;
        MarkedProcess m = known.get(pid);
        String what = m == null ? "" : " (" + m.command() + (m.pmId() >= 0 ? ", of pm_id " + m.pmId() : "") + ")";
        log.accept("reaped orphan pid " + pid + what);
    }

    /**
     * Reaps every ended child now, without the two-pass wait: for the daemon's last moment (as PID 1, after every
     * app was stopped), when no other waiter is left. Returns how many.
     */
    public synchronized int drain() {
        int n = 0;
        while (Posix.reap(-1) > 0) n++;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        jmon.engine.time.Scheduler.Cancellable n = next;
        if (n != null) n.cancel();
    }
}
