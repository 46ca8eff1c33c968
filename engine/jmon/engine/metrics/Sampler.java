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
 * stream; or a {@link #scraped() /metrics scrape} within the last idle interval) a complete round (every app,
 * the host, the daemon) starts every {@code intervalMs}; while nobody does, every {@code idleIntervalMs}.
 * Becoming watched wakes the thread at once. The apps in {@code limited} (those with a memory limit) are
 * sampled every {@code intervalMs} whatever the rate, in rounds of their own when the complete ones are slow.
 * Rounds missed while one overran are skipped, not caught up. A round that throws is reported on stderr and
 * the next round runs as usual.
 *
 * <p>Readers that need current figures call {@link #ensureFresh()}: when the newest complete round is older than
 * {@code intervalMs} it runs one on the caller's thread. Rounds never overlap (one lock); a caller that finds a
 * round under way waits for it and uses it.
 */
public final class Sampler implements AutoCloseable {
    public static final String THREAD_NAME = "jmon-sampler";
    private static final long STACK_SIZE = 256 * 1024;
    /** How long {@link #ensureFresh()} waits for a round under way before answering with what there is. */
    static final long FRESH_WAIT_MS = 2_000;

    /**
     * One round's figures.
     *
     * @param complete true when every app, the host and the daemon were read; false for a round of the limited
     *                 apps only, whose host and daemon figures are those of the last complete round
     */
    public record Snapshot(Map<Integer, ProcessSample> processes, HostSample host, DaemonSample daemon,
                           boolean complete) {}

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
    private Snapshot lastComplete;
    private long rounds;
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

    /** Stops the thread and waits for the round under way (if any) to finish. Idempotent. */
    @Override
    public void close() {
        running = false;
        closed = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread || !thread.isAlive()) return;
        try {
            thread.join(5_000);
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
            // a round that began after this call arrived (it ran while we waited for the lock) is fresh enough
            if (anyComplete && (completeStartNs - arrived >= 0 || nanoClock.getAsLong() - completeStartNs < intervalNs)) return;
            completeRound();
        } finally {
            roundLock.unlock();
        }
    }

    /** Rounds run so far (complete and limited-only), for tests. */
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
        while (running) {
            long wait;
            roundLock.lock();
            try {
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
                wait = due - now;
                parkedUntilNs = due;
            } finally {
                roundLock.unlock();
            }
            if (running) LockSupport.parkNanos(this, wait);
            parkedUntilNs = Long.MAX_VALUE;
        }
    }

    /** Under roundLock: every app, the host, the daemon. */
    private void completeRound() {
        long start = nanoClock.getAsLong();
        try {
            long now = System.currentTimeMillis();
            Map<Integer, ProcessSample> processes = sampler.sample(leaders.get(), now);
            HostSample host = sampler.host(now);
            DaemonSample daemon = sampler.daemon(now);
            Snapshot snap = new Snapshot(Collections.unmodifiableMap(processes), host, daemon, true);
            lastComplete = snap;
            sink.accept(snap);
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) throw e;
            report(e);
        } catch (RuntimeException | Error e) {
            report(e);
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

    /** Under roundLock: only the live limited apps (after a complete round, so host and daemon exist). */
    private void limitedRound() {
        long start = nanoClock.getAsLong();
        try {
            Set<Integer> ids = limited.get();
            Map<Integer, Long> all = leaders.get();
            Map<Integer, Long> some = new HashMap<>(ids.size() * 2);
            for (Integer id : ids) {
                Long pid = all.get(id);
                if (pid != null) some.put(id, pid);
            }
            if (some.isEmpty() || lastComplete == null) return;
            long now = System.currentTimeMillis();
            Map<Integer, ProcessSample> processes = sampler.sampleSome(some, now);
            sink.accept(new Snapshot(Collections.unmodifiableMap(processes), lastComplete.host(), lastComplete.daemon(), false));
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) throw e;
            report(e);
        } catch (RuntimeException | Error e) {
            report(e);
        } finally {
            limitedStartNs = start;
            limitedEndNs = nanoClock.getAsLong();
            rounds++;
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
