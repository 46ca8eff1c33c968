package jmon.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's memory: an append-only log of checksummed records in size-capped segment files under
 * {@code $JMON_HOME/journal/}. Appends go to the page cache (they survive a killed daemon at once); {@link #syncTo}
 * makes them durable with one fdatasync shared by every caller waiting at that moment (group commit). A request
 * is answered only after its records are synced, a spawn's record is synced before the next spawn.
 *
 * <p>Segments are named by the sequence number of their first record. Once a checkpoint ({@code state.json})
 * covers a segment and an older checkpoint does too, the segment is retired to {@code *.done}: replay never reads
 * it again, but the incident history still can, until the retired ones exceed their cap.
 */
public final class Journal implements AutoCloseable {
    public static final long SEGMENT_CAP = 4L << 20;
    /** Retired segments kept for history (the oldest go first). */
    static final int KEEP_RETIRED = 16;
    static final String LIVE = ".seg", RETIRED = ".done";

    private final Path dir;
    private final long segmentCap;
    private FileChannel current;
    private long currentFirstSeq;
    private long currentSize;
    private long nextSeq;
    private long appendedBytes;
    private volatile long appendedSeq;
    private volatile long durableSeq;
    private final Object syncLock = new Object();
    private volatile String failure;
    private volatile long failingSince;

    private Journal(Path dir, long nextSeq, long segmentCap) {
        this.dir = dir;
        this.nextSeq = nextSeq;
        this.appendedSeq = nextSeq - 1;
        this.durableSeq = nextSeq - 1;
        this.segmentCap = segmentCap;
    }

    /**
     * Opens the journal for appending after {@code lastSeq} (what recovery read). Appends start a new segment, so
     * nothing is ever written after a record an earlier daemon may have torn.
     */
    public static Journal open(Path dir, long lastSeq) throws IOException {
        return open(dir, lastSeq, SEGMENT_CAP);
    }

    static Journal open(Path dir, long lastSeq, long segmentCap) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return new Journal(dir, lastSeq + 1, segmentCap);
    }

    public Path dir() { return dir; }

    /** Twenty digits, so names sort as numbers (no Formatter: it costs a daemon its locale data). */
    static String name(long firstSeq, String suffix) {
        String n = Long.toString(firstSeq);
        return "0".repeat(Math.max(0, 20 - n.length())) + n + suffix;
    }

    static long firstSeqOf(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring(0, n.indexOf('.')));
    }

    /** Segment files with the given suffix, oldest first. */
    static List<Path> segments(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> out = new ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) if (isSegment(p.getFileName().toString(), suffix)) out.add(p);
        }
        out.sort(null);
        return out;
    }

    private static boolean isSegment(String n, String suffix) {
        if (!n.endsWith(suffix) || n.length() != 20 + suffix.length()) return false;
        for (int i = 0; i < 20; i++) if (!Character.isDigit(n.charAt(i))) return false;
        return true;
    }

    /**
     * Appends a record (not yet durable) and returns its sequence number. On failure (disk full, read-only,
     * removed folder) nothing of the record stays in the file, the journal reports itself failing, and the
     * exception says why.
     */
    public synchronized long append(JournalRecord r) throws IOException {
        ByteBuffer b = Segment.frame(nextSeq, JournalCodec.encode(r));
        try {
            if (current == null || (currentSize > 0 && currentSize + b.remaining() > segmentCap)) roll();
            long pos = currentSize;
            try {
                while (b.hasRemaining()) current.write(b, pos + b.position());
            } catch (IOException e) {
                try {
                    current.truncate(pos); // a half-written record would otherwise sit before the next one
                } catch (IOException ignored) {
                    // the reader skips a torn record by its checksum anyway
                }
                throw e;
            }
            currentSize = pos + b.limit();
        } catch (IOException e) {
            fail(e);
            throw e;
        }
        appendedBytes += b.limit();
        appendedSeq = nextSeq;
        failure = null;
        return nextSeq++;
    }

    /** Starts a new segment at the next sequence number; the old one is made durable and closed first. */
    private void roll() throws IOException {
        FileChannel old = current;
        if (old != null) {
            old.force(false);
            old.close();
            current = null;
        }
        Path p = dir.resolve(name(nextSeq, LIVE));
        // no link followed: a segment name planted as a link never truncates what it points at
        FileChannel ch = FileChannel.open(p, java.nio.file.LinkOption.NOFOLLOW_LINKS, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            syncDirectory();
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        current = ch;
        currentFirstSeq = nextSeq;
        currentSize = 0;
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // not every file system syncs a directory; the file is there for a killed daemon regardless
        }
    }

    /** Makes every record up to {@code seq} durable; callers arriving meanwhile share the next fdatasync. */
    public void syncTo(long seq) throws IOException {
        if (durableSeq >= seq) return;
        synchronized (syncLock) {
            if (durableSeq >= seq) return;
            long target;
            FileChannel ch;
            synchronized (this) {
                target = appendedSeq;
                ch = current;
            }
            if (ch != null) {
                try {
                    ch.force(false);
                } catch (ClosedChannelException e) {
                    // rolled meanwhile: the roll forced everything up to target before closing
                } catch (IOException e) {
                    fail(e);
                    throw e;
                }
            }
            durableSeq = target;
        }
    }

    /** Durable up to the last record appended. */
    public void sync() throws IOException { syncTo(appendedSeq); }

    public long lastSeq() { return appendedSeq; }

    /** Bytes appended since this daemon opened the journal (checkpoints are taken by volume). */
    public synchronized long appendedBytes() { return appendedBytes; }

    private void fail(IOException e) {
        if (failure == null) failingSince = System.currentTimeMillis();
        failure = e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Null while the journal is written; the last error otherwise. */
    public String failure() { return failure; }

    public long failingSince() { return failingSince; }

    /**
     * Retires the segments wholly covered by {@code coveredSeq} (the older of the two checkpoints kept), and
     * deletes the oldest retired ones past the cap.
     */
    public void retireUpTo(long coveredSeq) throws IOException {
        List<Path> live = segments(dir, LIVE);
        long currentFirst;
        synchronized (this) {
            currentFirst = current == null ? Long.MAX_VALUE : currentFirstSeq;
        }
        for (int i = 0; i + 1 < live.size(); i++) {
            Path seg = live.get(i);
            long lastInSeg = firstSeqOf(live.get(i + 1)) - 1;
            if (firstSeqOf(seg) >= currentFirst || lastInSeg > coveredSeq) break;
            Files.move(seg, seg.resolveSibling(name(firstSeqOf(seg), RETIRED)));
        }
        List<Path> retired = segments(dir, RETIRED);
        for (int i = 0; i < retired.size() - KEEP_RETIRED; i++) Files.deleteIfExists(retired.get(i));
    }

    @Override
    public synchronized void close() {
        if (current == null) return;
        try {
            current.force(false);
            current.close();
        } catch (IOException ignored) {
            // what was appended is in the page cache; the next daemon reads it
        }
        current = null;
    }

    /** Every record kept (retired segments, then live ones) with a sequence number above {@code afterSeq}. */
    public static List<JournalRecord> read(Path dir, long afterSeq) throws IOException {
        List<JournalRecord> out = new ArrayList<>();
        List<Path> all = new ArrayList<>(segments(dir, RETIRED));
        all.addAll(segments(dir, LIVE));
        long last = afterSeq;
        for (Path p : all) {
            for (Segment.Frame f : Segment.read(p).frames()) {
                if (f.seq() <= last) continue;
                try {
                    out.add(JournalCodec.decode(f.payload()));
                    last = f.seq();
                } catch (IOException e) {
                    // a record of a kind this version does not know: skipped
                }
            }
        }
        return out;
    }
}
