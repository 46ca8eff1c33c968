package jmon.engine.time;

/** Runs work later on the engine thread. A seam so state-machine tests can fire timers by hand. */
public interface Scheduler {
    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(Runnable task, long delayMs);

    /** Runs the task on the engine thread as soon as possible. */
    void execute(Runnable task);
}
