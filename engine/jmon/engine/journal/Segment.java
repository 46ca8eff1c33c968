package jmon.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk form of journal records, one segment file at a time. A record is framed as
 * {@code magic(4) length(4) seq(8) crc32c(4) payload(length)}, the checksum covering seq and payload, so a torn
 * write (the daemon killed mid-append) or a flipped byte is found, and the magic lets a reader find the next
 * whole record after damage instead of giving up on the rest of the file.
 */
final class Segment {
    static final int MAGIC = 0x4A4E4C31; // "JNL1"
    static final int HEADER = 20;
    /** No record is near this; a larger length field is damage. */
    static final int MAX_PAYLOAD = 16 << 20;

    record Frame(long seq, long offset, byte[] payload) {}

    /** A damaged stretch that was skipped: from offset, length bytes. */
    record Damage(long offset, long length) {}

    /**
     * What a segment holds: its whole records in order, the damaged stretches skipped between them, and where the
     * last whole record ends ({@code validEnd}); bytes after it are a torn tail.
     */
    record Contents(List<Frame> frames, List<Damage> damage, long validEnd, long size) {
        boolean tornTail() { return validEnd < size; }
    }

    private Segment() {}

    static ByteBuffer frame(long seq, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).putInt(payload.length).putLong(seq).putInt(crc(seq, payload, 0, payload.length)).put(payload);
        return b.flip();
    }

    private static int crc(long seq, byte[] payload, int off, int len) {
        CRC32C c = new CRC32C();
        ByteBuffer s = ByteBuffer.allocate(8).putLong(0, seq);
        c.update(s);
        c.update(payload, off, len);
        return (int) c.getValue();
    }

    /** Replaces a damaged segment by its whole records only (temp, fsync, rename). */
    static void rewrite(Path file, List<Frame> frames) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Frame f : frames) {
            ByteBuffer b = frame(f.seq(), f.payload());
            out.write(b.array(), 0, b.limit());
        }
        jmon.engine.persist.AtomicFile.write(file, out.toByteArray());
    }

    static Contents read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** Reads every whole record; damage in the middle is skipped to the next whole record, never fatal. */
    static Contents parse(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        List<Frame> frames = new ArrayList<>();
        List<Damage> damage = new ArrayList<>();
        int pos = 0;
        int validEnd = 0;
        while (pos < data.length) {
            Frame f = at(b, data, pos);
            if (f != null) {
                frames.add(f);
                pos += HEADER + f.payload().length;
                validEnd = pos;
                continue;
            }
            // damaged here: look for the next whole record; none means the rest is a torn tail
            int next = -1;
            for (int p = pos + 1; p + HEADER <= data.length; p++) {
                if (b.getInt(p) == MAGIC && at(b, data, p) != null) {
                    next = p;
                    break;
                }
            }
            if (next < 0) break;
            damage.add(new Damage(pos, next - pos));
            pos = next;
        }
        return new Contents(frames, damage, validEnd, data.length);
    }

    /** The whole, checksummed record at pos, or null. */
    private static Frame at(ByteBuffer b, byte[] data, int pos) {
        if (pos + HEADER > data.length || b.getInt(pos) != MAGIC) return null;
        int len = b.getInt(pos + 4);
        if (len < 0 || len > MAX_PAYLOAD || pos + HEADER + (long) len > data.length) return null;
        long seq = b.getLong(pos + 8);
        int sum = b.getInt(pos + 16);
        if (crc(seq, data, pos + HEADER, len) != sum) return null;
        byte[] payload = new byte[len];
        System.arraycopy(data, pos + HEADER, payload, 0, len);
        return new Frame(seq, pos, payload);
    }
}
