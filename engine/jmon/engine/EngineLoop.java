package jmon.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jmon.api.ErrorCode;
import jmon.api.JmonException;
import jmon.engine.time.Scheduler;

/**
 * The engine thread: the one thread that owns all process state. Every task it runs is followed by
 * {@code afterTask} (the state file is written there, once per task, however many processes changed).
 */
public final class EngineLoop implements Scheduler, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;
    private volatile Runnable afterTask = () -> {};

    public EngineLoop() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(null, r, "jmon-engine", 512 * 1024);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void afterEachTask(Runnable r) { this.afterTask = r; }

    public boolean inLoop() { return Thread.currentThread() == thread; }

    /**
     * An exception escaping a task leaves the engine's state half-changed: it goes to the thread's uncaught
     * handler, which in the daemon ends the process (fail fast, see jmon.daemon.FatalErrors). The executor
     * would otherwise keep it in a future nobody reads. Without such a handler (tests) it is printed.
     */
    private Runnable wrap(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                uncaught(e);
            } finally {
                afterTask.run();
            }
        };
    }

    private static void uncaught(Throwable e) {
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, e);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMs) {
        ScheduledFuture<?> f = executor.schedule(wrap(task), delayMs, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        if (!executor.isShutdown()) executor.execute(wrap(task));
    }

    /**
     * Runs on the engine thread and returns the result; exceptions come through unchanged to the caller, which
     * answers them as errors. An Error is fatal (as in {@link #wrap}): the engine thread reports it itself.
     */
    public <T> T call(Callable<T> task) {
        if (inLoop()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new JmonException(ErrorCode.FAILED, e.toString());
            }
        }
        Future<T> f = executor.submit(() -> {
            try {
                return task.call();
            } catch (Error e) {
                uncaught(e);
                throw e;
            } finally {
                afterTask.run();
            }
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JmonException(ErrorCode.FAILED, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new JmonException(ErrorCode.FAILED, String.valueOf(e.getCause()));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
