package jmon.incident;

import java.util.function.Consumer;
import jmon.api.JmonApi;
import jmon.api.RestoreJob;
import jmon.api.RestoreQuestion;

/**
 * Watches a restore job of the daemon until it ends: any number of clients may, and none of them is needed for
 * the job to go on. Each new line of the job's log is handed out once; each open question once.
 */
public final class JobWatch {
    public interface Sink {
        void line(String line);
        default void question(RestoreQuestion q) {}
        default void update(RestoreJob job) {}
    }

    private final JmonApi api;
    private final long pollMs;

    public JobWatch(JmonApi api, long pollMs) {
        this.api = api;
        this.pollMs = pollMs;
    }

    /**
     * Follows the job until it ends, or until {@code maxMs} passed (then returns the last state seen).
     * Lines already in the log when watching starts are handed out too when {@code fromStart}.
     */
    public RestoreJob follow(String id, boolean fromStart, long maxMs, Sink sink) {
        long now0 = System.currentTimeMillis();
        long end = maxMs >= Long.MAX_VALUE - now0 ? Long.MAX_VALUE : now0 + maxMs;
        int seen = -1;
        java.util.Set<Long> asked = new java.util.HashSet<>();
        RestoreJob j;
        while (true) {
            j = api.restoreStatus(id);
            if (j == null) return null;
            int from = seen < 0 ? (fromStart ? 0 : j.log().size()) : Math.min(seen, j.log().size());
            for (int i = from; i < j.log().size(); i++) sink.line(j.log().get(i));
            seen = j.log().size();
            for (RestoreQuestion q : j.questions()) if (asked.add(q.id())) sink.question(q);
            sink.update(j);
            if (!j.running() || System.currentTimeMillis() >= end) return j;
            try {
                Thread.sleep(pollMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return j;
            }
        }
    }

    /** Follows with lines only. */
    public RestoreJob follow(String id, Consumer<String> lines) {
        return follow(id, true, Long.MAX_VALUE, lines::accept);
    }
}
