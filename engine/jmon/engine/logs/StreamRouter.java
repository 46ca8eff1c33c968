package jmon.engine.logs;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Where one output stream of one process goes: cut into lines (a partial line waits for its end across reads;
 * a line longer than {@link #MAX_LINE} is cut, marked, never held forever), into the process's ring and into
 * its files. Raw files get the bytes as written, a whole read at a time; formatted files one line at a time,
 * built in a reused buffer and written once per read. Runs on the stream's pump thread only.
 *
 * <p>A raw file this stream alone writes is its {@linkplain #exactCopy exact copy}: the reactor splices each read
 * into it straight from the FIFO (partial last line included), so the router leaves it out of its own writes.
 * A line cut by a daemon kill therefore stays whole in that file; in the ring and in formatted files it shows as
 * two pieces (the end of the line is the first thing the next daemon reads).
 */
public final class StreamRouter implements ChunkSink {
    public static final int MAX_LINE = 64 * 1024;
    private static final int MAX_BATCH = 1024;

    private final boolean err;
    private final LineRing ring;
    private final List<RotatingFile> files;
    private final LineFormat format;
    private final Runnable onLines;
    private final LongSupplier clock;
    private final Bytes carry = new Bytes();
    /** The file the reactor splices the current read into; excluded from {@link #writeRaw}. */
    private RotatingFile spliced;
    /**
     * A time-prefixed stream whose files are its own: a partial last line goes to them at once (prefix and
     * bytes, the rest and the newline when they come), so it is never only in memory when the daemon dies.
     */
    private boolean continuing;
    /** While {@link #continuing}: the files hold the start of a line whose end has not come yet. */
    private boolean open;
    private final Bytes formatted = new Bytes();
    /** Where the complete lines of the current read start and how long they are (grown with the first busy read). */
    private int[] lineOffs = new int[8], lineLens = new int[8];

    public StreamRouter(boolean err, LineRing ring, List<RotatingFile> files, LineFormat format, Runnable onLines,
                        LongSupplier clock) {
        this.err = err;
        this.ring = ring;
        this.files = files;
        this.format = format;
        this.onLines = onLines;
        this.clock = clock;
    }

    @Override
    public boolean durable() { return true; }

    @Override
    public RotatingFile exactCopy() {
        RotatingFile f = files.isEmpty() ? null : files.get(0);
        spliced = format.isRaw() && f != null && f.users == 1 && f.splices() ? f : null;
        return spliced;
    }

    @Override
    public void accept(ByteBuffer chunk) {
        byte[] a = chunk.array();
        int off = chunk.arrayOffset() + chunk.position();
        int end = chunk.arrayOffset() + chunk.limit();
        long now = clock.getAsLong();
        formatted.clear();
        continuing = format.continuable() && ownFiles();
        if (open && !continuing) { // another stream now shares a file: end the open line, go on whole lines
            formatted.add((byte) '\n');
            open = false;
        }
        int lineStart = off;
        int rawFrom = off; // first byte of this chunk not yet written to raw files
        int batched = 0; // complete lines of this chunk waiting to go to the ring in one call
        for (int i = Newlines.next(a, off, end); i >= 0; i = Newlines.next(a, i + 1, end)) {
            if (carry.n > 0 || i - lineStart > MAX_LINE) {
                // the end of a line begun in an earlier read, or one past the limit: through the carry buffer
                batched = flush(a, batched, now);
                if (format.isRaw() && lineStart > rawFrom) writeRaw(a, rawFrom, lineStart - rawFrom);
                if (continuing) { // the files have the line's start (or get it now): the rest and the newline
                    startLine(now);
                    int l = i > lineStart && a[i - 1] == '\r' ? i - lineStart - 1 : i - lineStart;
                    formatted.add(a, lineStart, l);
                    formatted.add((byte) '\n');
                    open = false;
                }
                carry.add(a, lineStart, i - lineStart);
                while (carry.n > MAX_LINE) cutLongLine(now); // the end arrived with more than the limit held
                line(carry.a, 0, carry.n, now, false);
                if (format.isRaw()) {
                    carry.add((byte) '\n'); // the line is in the ring already: one write with its newline
                    writeRaw(carry.a, 0, carry.n);
                    rawFrom = i + 1;
                }
                carry.clear();
            } else {
                // a carriage return before the newline is the writer's line ending, not text
                int l = i > lineStart && a[i - 1] == '\r' ? i - lineStart - 1 : i - lineStart;
                if (batched == lineOffs.length) {
                    if (batched < MAX_BATCH) {
                        lineOffs = java.util.Arrays.copyOf(lineOffs, batched * 2);
                        lineLens = java.util.Arrays.copyOf(lineLens, batched * 2);
                    } else {
                        batched = flush(a, batched, now);
                    }
                }
                lineOffs[batched] = lineStart;
                lineLens[batched++] = l;
                if (!format.isRaw()) format.write(formatted, a, lineStart, l, now, err, false);
            }
            lineStart = i + 1;
        }
        flush(a, batched, now);
        if (format.isRaw() && lineStart > rawFrom) writeRaw(a, rawFrom, lineStart - rawFrom);
        if (lineStart < end) {
            if (continuing) {
                startLine(now);
                formatted.add(a, lineStart, end - lineStart);
                open = true;
            }
            carry.add(a, lineStart, end - lineStart);
            while (carry.n >= MAX_LINE) cutLongLine(now);
        }
        if (!format.isRaw() && formatted.n > 0) for (RotatingFile f : files) f.write(formatted.a, 0, formatted.n);
        onLines.run();
    }

    /** All files are this stream's alone: no other stream's line can land in the middle of an open one. */
    private boolean ownFiles() {
        for (RotatingFile f : files) if (f.users != 1) return false;
        return !files.isEmpty();
    }

    /** Continuing: the prefix of a line not yet in the files, with what the carry held of it (if anything). */
    private void startLine(long now) {
        if (open) return;
        format.writeStart(formatted, now);
        formatted.add(carry.a, 0, carry.n);
    }

    /** Hands the batched lines to the ring; returns the new (empty) batch size. */
    private int flush(byte[] a, int batched, long now) {
        if (batched > 0) ring.appendLines(a, lineOffs, lineLens, batched, now, err);
        return 0;
    }

    /** A line past the limit: its first MAX_LINE bytes become a line of their own, marked as continuing. */
    private void cutLongLine(long now) {
        line(carry.a, 0, MAX_LINE, now, true);
        if (format.isRaw()) writeRaw(carry.a, 0, MAX_LINE);
        System.arraycopy(carry.a, MAX_LINE, carry.a, 0, carry.n - MAX_LINE);
        carry.n -= MAX_LINE;
    }

    private void line(byte[] a, int off, int len, long now, boolean split) {
        // a carriage return before the newline is the writer's line ending, not text
        int l = len > 0 && a[off + len - 1] == '\r' ? len - 1 : len;
        ring.append(a, off, l, now, err, split);
        if (!format.isRaw() && !continuing) format.write(formatted, a, off, l, now, err, split);
    }

    private void writeRaw(byte[] a, int off, int len) {
        for (RotatingFile f : files) if (f != spliced) f.write(a, off, len);
    }

    /** The stream ended: a last line without a newline is still a line. */
    @Override
    public void close() {
        if (carry.n == 0 && !open) return;
        long now = clock.getAsLong();
        formatted.clear();
        if (carry.n > 0) line(carry.a, 0, carry.n, now, false);
        if (format.isRaw()) {
            writeRaw(carry.a, 0, carry.n);
        } else {
            if (open) formatted.add((byte) '\n'); // continuing: the line's bytes are in the files already
            for (RotatingFile f : files) f.write(formatted.a, 0, formatted.n);
        }
        open = false;
        carry.clear();
        onLines.run();
    }
}
