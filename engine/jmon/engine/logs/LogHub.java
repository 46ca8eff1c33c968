package jmon.engine.logs;

/**
 * Wakes log followers when any process wrote something: one counter and one monitor for the whole daemon,
 * so an idle follower sleeps in wait() and costs nothing.
 */
public final class LogHub {
    private long generation;

    public synchronized void signal() {
        generation++;
        notifyAll();
    }

    public synchronized long generation() { return generation; }

    /** Waits until something was written after {@code seen}, or the timeout; true when something was. */
    public synchronized boolean await(long seen, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (generation == seen) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }
}
