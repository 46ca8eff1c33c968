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

    private Runnable wrap(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.err.println("jmon: engine task failed: " + e);
                e.printStackTrace();
            } finally {
                afterTask.run();
            }
        };
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

    /** Runs on the engine thread and returns the result; JmonExceptions come through unchanged. */
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
