package jmon.engine.supervise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jmon.engine.time.Scheduler;

/**
 * The engine thread, by hand. {@link #execute} always queues (as the real loop does); {@link #runPending} runs
 * the queue; {@link #advance} moves the clock and runs due timers in due order (ties in scheduling order),
 * draining the queue before and after each one. A task that throws fails the test (the real loop would log it).
 */
final class FakeScheduler implements Scheduler {
    static final class Timer implements Cancellable {
        final long due;
        final long seq;
        final long delay;
        final Runnable task;
        boolean cancelled;
        boolean ran;

        Timer(long due, long seq, long delay, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.delay = delay;
            this.task = task;
        }

        @Override public void cancel() { cancelled = true; }

        boolean pending() { return !cancelled && !ran; }
    }

    private final FakeClock clock;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final List<Timer> timers = new ArrayList<>();
    private long seq;

    FakeScheduler(FakeClock clock) { this.clock = clock; }

    @Override
    public Cancellable schedule(Runnable task, long delayMs) {
        Timer t = new Timer(clock.nowMs() + delayMs, seq++, delayMs, task);
        timers.add(t);
        return t;
    }

    @Override
    public void execute(Runnable task) { queue.add(task); }

    void runPending() {
        Runnable r;
        while ((r = queue.poll()) != null) r.run();
    }

    void advance(long ms) {
        long target = clock.nowMs() + ms;
        runPending();
        while (true) {
            Timer next = timers.stream().filter(Timer::pending).filter(t -> t.due <= target)
                    .min(Comparator.comparingLong((Timer t) -> t.due).thenComparingLong(t -> t.seq)).orElse(null);
            if (next == null) break;
            if (next.due > clock.nowMs()) clock.set(next.due);
            next.ran = true;
            next.task.run();
            runPending();
        }
        clock.set(target);
    }

    /** Timers neither run nor cancelled. */
    List<Timer> pendingTimers() { return timers.stream().filter(Timer::pending).toList(); }

    /** Due times of pending timers, in due order. */
    List<Long> pendingDueTimes() { return pendingTimers().stream().map(t -> t.due).sorted().toList(); }

    int queued() { return queue.size(); }

    List<Timer> allTimers() { return List.copyOf(timers); }
}
