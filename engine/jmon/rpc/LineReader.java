package jmon.rpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads '\n'-terminated UTF-8 lines from a channel, refusing any line over a limit as soon as it passes it:
 * unlike {@code BufferedReader.readLine}, a 100 MB line is never held in memory. An idle connection costs a
 * 2 KiB read buffer; the buffer of a long line is dropped once the line is read.
 */
final class LineReader {
    /** A line over the limit; what was read of it is discarded. */
    static final class TooLongException extends IOException {
        TooLongException(int max) { super("request line over " + max + " bytes"); }
    }

    private static final int READ = 2048, KEEP = 64 * 1024;
    private final ReadableByteChannel ch;
    private final int max;
    private final byte[] rbuf;
    private int rpos, rlim;
    private byte[] line = new byte[0];
    private int len;

    /** @param pending bytes already read from the channel (after the hello line; fewer than the limit) */
    LineReader(ReadableByteChannel ch, int max, byte[] pending) {
        this.ch = ch;
        this.max = max;
        this.rbuf = java.util.Arrays.copyOf(pending, Math.max(READ, pending.length));
        this.rlim = pending.length;
    }

    /** True when bytes of a next line were read already (pipelined requests): the caller should go on reading. */
    boolean buffered() { return rpos < rlim || len > 0; }

    /** The next line without its '\n' (a trailing '\r' is kept, as the JSON parser skips it); null at the end. */
    String next() throws IOException {
        while (true) {
            for (int i = rpos; i < rlim; i++) {
                if (rbuf[i] != '\n') continue;
                String s;
                if (len == 0) {
                    if (i - rpos > max) throw new TooLongException(max);
                    s = new String(rbuf, rpos, i - rpos, StandardCharsets.UTF_8);
                } else {
                    if (!append(rbuf, rpos, i - rpos)) throw new TooLongException(max);
                    s = new String(line, 0, len, StandardCharsets.UTF_8);
                    len = 0;
                    if (line.length > KEEP) line = new byte[0];
                }
                rpos = i + 1;
                return s;
            }
            if (!append(rbuf, rpos, rlim - rpos)) throw new TooLongException(max);
            rpos = rlim = 0;
            int n = ch.read(ByteBuffer.wrap(rbuf));
            if (n < 0) {
                if (len == 0) return null;
                String s = new String(line, 0, len, StandardCharsets.UTF_8);
                len = 0;
                return s;
            }
            rlim = n;
        }
    }

    /** False (and the partial line dropped) when the line would pass the limit. */
    private boolean append(byte[] b, int off, int n) {
        if (n == 0) return true;
        if (len + n > max) {
            len = 0;
            line = new byte[0];
            return false;
        }
        if (len + n > line.length) {
            line = java.util.Arrays.copyOf(line, Math.min(max, Math.max(len + n, Math.max(256, line.length * 2))));
        }
        System.arraycopy(b, off, line, len, n);
        len += n;
        return true;
    }
}
