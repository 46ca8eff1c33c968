package jmon.tui.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import jmon.api.LogLine;

/**
 * The log pane's lines: a bounded ring (oldest dropped first) addressed by absolute index, so a paused view
 * stays on the same lines while new ones arrive and old ones fall off. Not thread-safe: the model guards it.
 */
public final class LogBuffer {
    private final int capacity;
    private final ArrayDeque<LogLine> lines = new ArrayDeque<>();
    private long first; // absolute index of lines.peekFirst()

    public LogBuffer(int capacity) { this.capacity = capacity; }

    public void add(LogLine l) {
        lines.addLast(l);
        if (lines.size() > capacity) {
            lines.removeFirst();
            first++;
        }
    }

    public void clear() {
        first += lines.size();
        lines.clear();
    }

    public int size() { return lines.size(); }
    public long first() { return first; }
    /** One past the newest line's absolute index. */
    public long end() { return first + lines.size(); }

    /** Lines with absolute index in [from, to), clamped to what is held. */
    public List<LogLine> slice(long from, long to) {
        from = Math.max(from, first);
        to = Math.min(to, end());
        List<LogLine> out = new ArrayList<>();
        if (from >= to) return out;
        long i = first;
        for (LogLine l : lines) {
            if (i >= to) break;
            if (i >= from) out.add(l);
            i++;
        }
        return out;
    }

    public int capacity() { return capacity; }

    /** Absolute index of the newest line before {@code before} that {@code p} finds something in, or -1. */
    public long findBackward(java.util.regex.Pattern p, long before) {
        long start = Math.max(first, Math.min(before, end()));
        List<LogLine> all = slice(first, start);
        for (int i = all.size() - 1; i >= 0; i--) if (p.matcher(all.get(i).text()).find()) return first + i;
        return -1;
    }

    /** Absolute index of the oldest line at or after {@code from} that {@code p} finds something in, or -1. */
    public long findForward(java.util.regex.Pattern p, long from) {
        long start = Math.max(first, from);
        List<LogLine> all = slice(start, end());
        for (int i = 0; i < all.size(); i++) if (p.matcher(all.get(i).text()).find()) return start + i;
        return -1;
    }

    /** Absolute index of the newest line before {@code before} whose text contains {@code needle} (any case), or -1. */
    public long findBackward(String needle, long before) {
        String n = needle.toLowerCase(java.util.Locale.ROOT);
        long start = Math.max(first, Math.min(before, end()));
        List<LogLine> all = slice(first, start);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).text().toLowerCase(java.util.Locale.ROOT).contains(n)) return first + i;
        }
        return -1;
    }
}
