package jmon.engine.metrics;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The sampling thread, at two rates. While someone watches (an open {@link #watch()}: the console's event
 * stream; or a {@link #scraped() /metrics scrape} within the last idle interval) a complete round (every app)
 * starts every {@code intervalMs}; while nobody does, every {@code idleIntervalMs}. Becoming watched wakes the
 * thread at once. Besides the complete rounds, rounds of some apps only: the apps in {@code limited} (those with
 * a memory limit) every {@code intervalMs} whatever the rate, and apps with a new leader within
 * {@link #NEW_APPS_GAP_MS} of {@link #leadersChanged()} (their first figures and the baseline of their CPU).
 * Rounds missed while one overran are skipped, not caught up. A round that throws is reported on stderr and the
 * next round runs as usual.
 *
 * <p>Readers that need current figures call {@link #ensureFresh()}: when the newest complete round is older than
 * {@code intervalMs} it runs one on the caller's thread. Rounds never overlap (one lock); a caller that finds a
 * round under way waits for it and uses it. The host's and the daemon's own figures are read only on demand,
 * by {@link #machine()}, with the same freshness.
 */
public final class Sampler implements AutoCloseable {
    public static final String THREAD_NAME = "jmon-sampler";
    private static final long STACK_SIZE = 256 * 1024;
    /** How long {@link #ensureFresh()} waits for a round under way before answering with what there is. */
    static final long FRESH_WAIT_MS = 2_000;
    /** New leaders are sampled this long after the first change is reported (a burst of starts: one round). */
    static final long NEW_APPS_GAP_MS = 250;

    /**
     * One round's figures.
     *
     * @param complete true when every app was read; false for a round of some apps (limited, or new)
     */
    public record Snapshot(Map<Integer, ProcessSample> processes, boolean complete) {}

    /** The host and the daemon at one moment. */
    public record Machine(HostSample host, DaemonSample daemon) {}

    private final ProcSampler sampler;
    private final long intervalNs;
    private final long idleIntervalNs;
    private final Supplier<Map<Integer, Long>> leaders;
    private final Supplier<Set<Integer>> limited;
    private final Consumer<Snapshot> sink;
    private final LongSupplier nanoClock;
    private final Thread thread;
    private final ReentrantLock roundLock = new ReentrantLock();
    private final AtomicInteger watchers = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean closed;
    private boolean started;
    private volatile long lastScrapeNs;
    private volatile boolean everScraped;

    // guarded by roundLock; volatile where read without it
    private volatile boolean anyComplete;
    /** Start of the newest complete round (nanoClock). */
    private volatile long completeStartNs;
    private long completeEndNs;
    /** Start of the newest round that covered the limited apps (complete or not). */
    private long limitedStartNs;
    private long limitedEndNs;
    private long rounds;
    /** Set by leadersChanged(): a round of the new leaders is due at newDueNs. */
    private volatile boolean newLeaders;
    private long newDueNs;
    private volatile Machine machine;
    private volatile long machineNs;
    private String lastError;
    private int repeats;
    /** For tests: when the thread means to wake next (nanoClock), Long.MAX_VALUE while running a round. */
    private volatile long parkedUntilNs = Long.MAX_VALUE;

    /** One rate: {@code intervalMs} whether watched or not, no limited apps. */
    public Sampler(ProcSampler s, long intervalMs, Supplier<Map<Integer, Long>> leaders, Consumer<Snapshot> sink) {
        this(s, intervalMs, intervalMs, leaders, Set::of, sink);
    }

    /**
     * @param leaders pmId -> leader pid of every live app
     * @param limited pmIds of the live apps to sample every intervalMs even when nobody watches
     */
    public Sampler(ProcSampler s, long intervalMs, long idleIntervalMs, Supplier<Map<Integer, Long>> leaders,
                   Supplier<Set<Integer>> limited, Consumer<Snapshot> sink) {
        this(s, intervalMs, idleIntervalMs, leaders, limited, sink, System::nanoTime);
    }

    /** nanoClock is a seam for tests (the thread still parks in real time). */
    Sampler(ProcSampler s, long intervalMs, long idleIntervalMs, Supplier<Map<Integer, Long>> leaders,
            Supplier<Set<Integer>> limited, Consumer<Snapshot> sink, LongSupplier nanoClock) {
        if (intervalMs <= 0) throw new IllegalArgumentException("intervalMs must be > 0, got " + intervalMs);
        if (idleIntervalMs < intervalMs) {
            throw new IllegalArgumentException("idleIntervalMs must be >= intervalMs (" + intervalMs + "), got " + idleIntervalMs);
        }
        this.sampler = Objects.requireNonNull(s, "sampler");
        this.intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.idleIntervalNs = TimeUnit.MILLISECONDS.toNanos(idleIntervalMs);
        this.leaders = Objects.requireNonNull(leaders, "leaders");
        this.limited = Objects.requireNonNull(limited, "limited");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.thread = new Thread(null, this::run, THREAD_NAME, STACK_SIZE);
        thread.setDaemon(true);
    }

    public synchronized void start() {
        if (started) throw new IllegalStateException("sampler already started");
        started = true;
        running = true;
        thread.start();
    }

    /**
     * Stops the thread, waits for the round under way (if any) to finish, and closes the files the sampler keeps
     * open. Idempotent.
     */
    @Override
    public void close() {
        running = false;
        closed = true;
        LockSupport.unpark(thread);
        try {
            if (Thread.currentThread() != thread && thread.isAlive()) thread.join(5_000);
            if (roundLock.tryLock(FRESH_WAIT_MS, TimeUnit.MILLISECONDS)) {
                try {
                    sampler.close();
                } finally {
                    roundLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Someone watches live figures until the returned handle is closed (idempotent): the sampler runs at
     * intervalMs meanwhile, starting now if the newest round is already that old.
     */
    public AutoCloseable watch() {
        watchers.incrementAndGet();
        LockSupport.unpark(thread);
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) watchers.decrementAndGet();
        };
    }

    /** A scraper read the figures: watched for the next idle interval. */
    public void scraped() {
        lastScrapeNs = nanoClock.getAsLong();
        everScraped = true;
        LockSupport.unpark(thread);
    }

    /** What the limited supplier returns has changed: the thread works out its next round again. */
    public void limitedChanged() {
        LockSupport.unpark(thread);
    }

    /** True while a watcher is open or the last scrape is less than an idle interval old. */
    boolean watched(long nowNs) {
        return watchers.get() > 0 || (everScraped && nowNs - lastScrapeNs < idleIntervalNs);
    }

    /** The period of complete rounds now: intervalMs when watched, else idleIntervalMs. */
    long periodNs() {
        return watched(nanoClock.getAsLong()) ? intervalNs : idleIntervalNs;
    }

    /**
     * Makes the figures at most intervalMs old: when the newest complete round is older (or there is none), runs
     * one now on this thread, or waits for the one under way (at most {@link #FRESH_WAIT_MS}, then answers with
     * what there is). Cheap when fresh: two volatile reads.
     */
    public void ensureFresh() {
        if (closed) return;
        long arrived = nanoClock.getAsLong();
        if (anyComplete && arrived - completeStartNs < intervalNs) return;
        try {
            if (!roundLock.tryLock(FRESH_WAIT_MS, TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (closed) return;
            // a round that began after this call arrived (it ran while we waited for the lock) is fresh enough
            if (anyComplete && (completeStartNs - arrived >= 0 || nanoClock.getAsLong() - completeStartNs < intervalNs)) return;
            completeRound();
        } finally {
            roundLock.unlock();
        }
    }

    /**
     * The host's and the daemon's figures, at most intervalMs old: read now when older (CPU over the time since
     * the previous read); null only when they could never be read.
     */
    public Machine machine() {
        Machine m = machine;
        if (closed) return m;
        long arrived = nanoClock.getAsLong();
        if (m != null && arrived - machineNs < intervalNs) return m;
        try {
            if (!roundLock.tryLock(FRESH_WAIT_MS, TimeUnit.MILLISECONDS)) return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return m;
        }
        try {
            m = machine;
            if (closed || (m != null && (machineNs - arrived >= 0 || nanoClock.getAsLong() - machineNs < intervalNs))) return m;
            long start = nanoClock.getAsLong();
            long now = System.currentTimeMillis();
            try {
                machine = m = new Machine(sampler.host(now), sampler.daemon(now));
                machineNs = start;
            } catch (RuntimeException e) {
                report(e);
            }
            return m;
        } finally {
            roundLock.unlock();
        }
    }

    /** Apps got new leaders (started, restarted): they get a round of their own shortly. */
    public void leadersChanged() {
        if (!newLeaders) {
            newDueNs = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(NEW_APPS_GAP_MS);
            newLeaders = true;
        }
        LockSupport.unpark(thread);
    }

    /** Rounds run so far (complete and partial), for tests. */
    long rounds() {
        roundLock.lock();
        try {
            return rounds;
        } finally {
            roundLock.unlock();
        }
    }

    /** Callers waiting for the round under way, for tests. */
    int waitingForRound() {
        return roundLock.getQueueLength();
    }

    /** For tests: how long the thread is parked for, from now; Long.MAX_VALUE when it is not parked. */
    long parkedForNs() {
        long until = parkedUntilNs;
        return until == Long.MAX_VALUE ? Long.MAX_VALUE : until - nanoClock.getAsLong();
    }

    /** The first start after the last round's start that is a whole number of periods on and after its end. */
    static long nextDue(long startNs, long endNs, long periodNs) {
        long k = Math.max(1, (endNs - startNs) / periodNs + 1);
        return startNs + k * periodNs;
    }

    private void run() {
        machine(); // the baseline of the host's and the daemon's CPU: the first ping shows the average since
        while (running) {
            long wait;
            roundLock.lock();
            try {
                if (!running) break;
                long now = nanoClock.getAsLong();
                long period = watched(now) ? intervalNs : idleIntervalNs;
                long due = anyComplete ? nextDue(completeStartNs, completeEndNs, period) : now;
                if (due - now <= 0) {
                    completeRound();
                    continue;
                }
                if (!limited.get().isEmpty()) {
                    long dueLimited = nextDue(limitedStartNs, limitedEndNs, intervalNs);
                    if (dueLimited - now <= 0) {
                        limitedRound();
                        continue;
                    }
                    if (dueLimited - due < 0) due = dueLimited;
                }
                if (newLeaders) {
                    if (newDueNs - now <= 0) {
                        newLeaders = false;
                        newAppsRound();
                        continue;
                    }
                    if (newDueNs - due < 0) due = newDueNs;
                }
                wait = due - now;
                parkedUntilNs = due;
            } finally {
                roundLock.unlock();
            }
            if (running) LockSupport.parkNanos(this, wait);
            parkedUntilNs = Long.MAX_VALUE;
        }
    }

    /** Under roundLock: every app. */
    private void completeRound() {
        long start = nanoClock.getAsLong();
        try {
            guarded(() -> {
                long now = System.currentTimeMillis();
                Map<Integer, ProcessSample> processes = sampler.sample(leaders.get(), now);
                sink.accept(new Snapshot(Collections.unmodifiableMap(processes), true));
            });
        } finally {
            long end = nanoClock.getAsLong();
            completeStartNs = start;
            completeEndNs = end;
            limitedStartNs = start;
            limitedEndNs = end;
            anyComplete = true;
            rounds++;
        }
    }

    /** Under roundLock: the apps whose leader the sampler does not know yet. */
    private void newAppsRound() {
        try {
            guarded(() -> {
                Map<Integer, Long> fresh = sampler.unknown(leaders.get());
                if (fresh.isEmpty()) return;
                Map<Integer, ProcessSample> processes = sampler.sampleSome(fresh, System.currentTimeMillis());
                sink.accept(new Snapshot(Collections.unmodifiableMap(processes), false));
            });
        } finally {
            rounds++;
        }
    }

    /** Under roundLock: only the live limited apps. */
    private void limitedRound() {
        long start = nanoClock.getAsLong();
        try {
            guarded(() -> {
                Set<Integer> ids = limited.get();
                Map<Integer, Long> all = leaders.get();
                Map<Integer, Long> some = new HashMap<>(ids.size() * 2);
                for (Integer id : ids) {
                    Long pid = all.get(id);
                    if (pid != null) some.put(id, pid);
                }
                if (some.isEmpty()) return;
                Map<Integer, ProcessSample> processes = sampler.sampleSome(some, System.currentTimeMillis());
                sink.accept(new Snapshot(Collections.unmodifiableMap(processes), false));
            });
        } finally {
            limitedStartNs = start;
            limitedEndNs = nanoClock.getAsLong();
            rounds++;
        }
    }

    /**
     * Runs one round's work; an exception (a /proc file that vanished mid-read) is reported and the next round
     * runs as usual. An Error goes on to the thread's uncaught handler: in the daemon that is fatal (fail fast).
     */
    private void guarded(Runnable round) {
        try {
            round.run();
        } catch (RuntimeException e) {
            report(e);
        }
    }

    /** One line per failure; the same failure again is reported on its 1st, 2nd, 4th, 8th... repeat. */
    private void report(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        String msg = e + (st.length > 0 ? " at " + st[0] : "");
        if (msg.equals(lastError)) {
            repeats++;
            if (Integer.bitCount(repeats) != 1) return;
            System.err.println(THREAD_NAME + ": sampling round failed (" + (repeats + 1) + " times): " + msg);
        } else {
            lastError = msg;
            repeats = 0;
            System.err.println(THREAD_NAME + ": sampling round failed: " + msg);
        }
    }
}
