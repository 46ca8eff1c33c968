package jmon.engine.logs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of one process (both streams, in arrival order), bounded by a line count and a byte budget.
 * Lines are kept as bytes in one circular array with their metadata in parallel arrays: appending allocates
 * nothing, so a process writing a million lines a second costs no garbage here. Text is decoded only when
 * somebody reads.
 *
 * <p>Every line has a sequence number, increasing forever: a reader remembers the next one it wants and gets
 * the history and then live lines with no gap and no duplicate, or learns exactly how many it missed.
 */
public final class LineRing {
    /** One line as a reader sees it. {@code split}: the line was longer than the limit and continues. */
    public record Entry(long seq, long time, boolean err, boolean split, String text) {}

    private final int maxLines;
    private final int maxBytes;
    private byte[] buf;
    // per-line metadata; like buf, it starts small and doubles up to maxLines as the process writes
    private int[] start;
    private int[] len;
    private long[] time;
    private byte[] flags;
    private long firstSeq; // seq of the oldest kept line
    private long nextSeq; // seq the next appended line gets
    private int firstSlot; // slot of the oldest kept line
    private int writePos; // next free byte in buf
    private int usedBytes;

    private static final byte ERR = 1;
    private static final byte SPLIT = 2;
    private static final int INITIAL_SLOTS = 32;

    public LineRing(int maxLines, int maxBytes) {
        this.maxLines = Math.max(1, maxLines);
        this.maxBytes = Math.max(1024, maxBytes);
        this.buf = new byte[Math.min(this.maxBytes, 1024)];
        int slots = Math.min(this.maxLines, INITIAL_SLOTS);
        this.start = new int[slots];
        this.len = new int[slots];
        this.time = new long[slots];
        this.flags = new byte[slots];
    }

    private int count() { return (int) (nextSeq - firstSeq); }

    /** Appends one complete line (without its newline). A line larger than the byte budget keeps its end. */
    public synchronized void append(byte[] src, int off, int length, long when, boolean err, boolean split) {
        add(src, off, length, when, err, split);
    }

    /**
     * Appends {@code count} complete lines of one read at once ({@code offs[i]}, {@code lens[i]} in {@code src}):
     * one lock for the whole read instead of one per line.
     */
    public synchronized void appendLines(byte[] src, int[] offs, int[] lens, int count, long when, boolean err) {
        for (int i = 0; i < count; i++) add(src, offs[i], lens[i], when, err, false);
    }

    private void add(byte[] src, int off, int length, long when, boolean err, boolean split) {
        if (length > maxBytes) {
            off += length - maxBytes;
            length = maxBytes;
        }
        if (count() == start.length) {
            if (start.length < maxLines) growSlots();
            else evictOldest();
        }
        while (usedBytes + length > buf.length && buf.length < maxBytes) grow();
        while (usedBytes + length > buf.length) evictOldest();
        int slot = (int) (nextSeq % start.length);
        if (count() == 0) {
            writePos = 0;
            firstSlot = slot;
        }
        start[slot] = writePos;
        len[slot] = length;
        time[slot] = when;
        flags[slot] = (byte) ((err ? ERR : 0) | (split ? SPLIT : 0));
        int first = Math.min(length, buf.length - writePos);
        System.arraycopy(src, off, buf, writePos, first);
        if (first < length) System.arraycopy(src, off + first, buf, 0, length - first);
        writePos = (writePos + length) % buf.length;
        usedBytes += length;
        nextSeq++;
    }

    private void evictOldest() {
        if (count() == 0) return;
        usedBytes -= len[firstSlot];
        firstSeq++;
        firstSlot = (firstSlot + 1) % start.length;
    }

    /** Doubles the metadata arrays (up to maxLines), each kept line moving to the slot of its seq. */
    private void growSlots() {
        int n = Math.min(maxLines, start.length * 2);
        int[] ns = new int[n], nl = new int[n];
        long[] nt = new long[n];
        byte[] nf = new byte[n];
        for (long s = firstSeq; s < nextSeq; s++) {
            int from = (int) (s % start.length), to = (int) (s % n);
            ns[to] = start[from];
            nl[to] = len[from];
            nt[to] = time[from];
            nf[to] = flags[from];
        }
        start = ns;
        len = nl;
        time = nt;
        flags = nf;
        firstSlot = (int) (firstSeq % n);
    }

    /** Doubles the byte array, laying the kept lines out from 0 again. */
    private void grow() {
        byte[] nb = new byte[Math.min(maxBytes, buf.length * 2)];
        int pos = 0;
        for (long s = firstSeq; s < nextSeq; s++) {
            int slot = (int) (s % start.length);
            int l = len[slot];
            int first = Math.min(l, buf.length - start[slot]);
            System.arraycopy(buf, start[slot], nb, pos, first);
            if (first < l) System.arraycopy(buf, 0, nb, pos + first, l - first);
            start[slot] = pos;
            pos += l;
        }
        buf = nb;
        writePos = pos % nb.length;
    }

    /** Sequence number the next line will get. */
    public synchronized long nextSeq() { return nextSeq; }

    /** Sequence number of the oldest line still kept. */
    public synchronized long firstSeq() { return firstSeq; }

    /**
     * What a follower gets: lines from its cursor on, how many it missed (overwritten before it read them),
     * and the cursor to ask with next time.
     */
    public record Slice(List<Entry> entries, long skipped, long next) {}

    public synchronized Slice read(long from, int max) {
        long skipped = Math.max(0, firstSeq - from);
        List<Entry> es = since(from, max);
        long next = es.isEmpty() ? Math.max(from, firstSeq) : es.get(es.size() - 1).seq() + 1;
        return new Slice(es, skipped, next);
    }

    /** Lines with seq ≥ from, at most max of them, oldest first. */
    public synchronized List<Entry> since(long from, int max) {
        long s0 = Math.max(from, firstSeq);
        List<Entry> out = new ArrayList<>((int) Math.min(max, Math.max(0, nextSeq - s0)));
        for (long s = s0; s < nextSeq && out.size() < max; s++) out.add(entry(s));
        return out;
    }

    /** The last n lines, oldest first. */
    public synchronized List<Entry> last(int n) { return since(nextSeq - n, n); }

    private Entry entry(long seq) {
        int slot = (int) (seq % start.length);
        int l = len[slot];
        byte[] b = new byte[l];
        int first = Math.min(l, buf.length - start[slot]);
        System.arraycopy(buf, start[slot], b, 0, first);
        if (first < l) System.arraycopy(buf, 0, b, first, l - first);
        return new Entry(seq, time[slot], (flags[slot] & ERR) != 0, (flags[slot] & SPLIT) != 0,
                new String(b, StandardCharsets.UTF_8));
    }

    /** Forgets every line (flush); sequence numbers keep increasing. */
    public synchronized void clear() {
        firstSeq = nextSeq;
        usedBytes = 0;
        writePos = 0;
    }
}
