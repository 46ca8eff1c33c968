package jmon.engine.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sampling thread: every {@code intervalMs} (fixed rate; rounds missed while a round overran are skipped,
 * not caught up) it samples the apps, the host and the daemon and hands a {@link Snapshot} to the sink.
 * A round that throws is reported on stderr and the next round runs as usual.
 */
public final class Sampler implements AutoCloseable {
    public static final String THREAD_NAME = "jmon-sampler";
    private static final long STACK_SIZE = 256 * 1024;

    public record Snapshot(Map<Integer, ProcessSample> processes, HostSample host, DaemonSample daemon) {}

    private final ProcSampler sampler;
    private final long intervalNs;
    private final Supplier<Map<Integer, Long>> leaders;
    private final Consumer<Snapshot> sink;
    private final Thread thread;
    private volatile boolean running;
    private boolean started;
    private String lastError;
    private int repeats;

    public Sampler(ProcSampler s, long intervalMs, Supplier<Map<Integer, Long>> leaders, Consumer<Snapshot> sink) {
        if (intervalMs <= 0) throw new IllegalArgumentException("intervalMs must be > 0, got " + intervalMs);
        this.sampler = Objects.requireNonNull(s, "sampler");
        this.intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.leaders = Objects.requireNonNull(leaders, "leaders");
        this.sink = Objects.requireNonNull(sink, "sink");
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
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread || !thread.isAlive()) return;
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(intervalNs) + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            round();
            next += intervalNs;
            long now = System.nanoTime();
            if (now - next >= 0) next += ((now - next) / intervalNs + 1) * intervalNs; // overran: skip, keep the phase
            long wait;
            while (running && (wait = next - System.nanoTime()) > 0) LockSupport.parkNanos(this, wait);
        }
    }

    private void round() {
        try {
            long now = System.currentTimeMillis();
            Map<Integer, ProcessSample> processes = sampler.sample(leaders.get(), now);
            HostSample host = sampler.host(now);
            DaemonSample daemon = sampler.daemon(now);
            sink.accept(new Snapshot(Collections.unmodifiableMap(processes), host, daemon));
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) throw e;
            report(e);
        } catch (RuntimeException | Error e) {
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
