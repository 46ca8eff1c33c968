package jmon.engine.metrics;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The last {@code keep} samples of each app. Thread-safe: the sampler records, readers ask. */
public final class MetricsHistory {
    public static final int DEFAULT_KEEP = 60;

    private final int keep;
    private final Map<Integer, ArrayDeque<ProcessSample>> byApp = new HashMap<>();

    public MetricsHistory() { this(DEFAULT_KEEP); }

    public MetricsHistory(int keep) {
        if (keep < 1) throw new IllegalArgumentException("keep must be >= 1, got " + keep);
        this.keep = keep;
    }

    public synchronized void record(Map<Integer, ProcessSample> samples) {
        samples.forEach(this::add); // forEach: no entry objects through an unmodifiable view
    }

    private void add(Integer pmId, ProcessSample s) {
        if (s == null) return;
        ArrayDeque<ProcessSample> q = byApp.get(pmId);
        if (q == null) byApp.put(pmId, q = new ArrayDeque<>(keep));
        if (q.size() == keep) q.pollFirst();
        q.addLast(s);
    }

    /** The newest sample of pmId, null when none. */
    public synchronized ProcessSample last(int pmId) {
        ArrayDeque<ProcessSample> q = byApp.get(pmId);
        return q == null ? null : q.peekLast();
    }

    /** Oldest first; an empty list when none. A copy: later records do not change it. */
    public synchronized List<ProcessSample> history(int pmId) {
        ArrayDeque<ProcessSample> q = byApp.get(pmId);
        return q == null ? List.of() : List.copyOf(q);
    }

    public synchronized void forget(int pmId) {
        byApp.remove(pmId);
    }
}
