package jmon.engine.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;
import java.util.zip.GZIPOutputStream;
import jmon.api.LogWriteState;

/**
 * One log file on disk, rotated by size: past {@code maxSize} the file is moved aside and a new one opened at
 * once (writers never wait for compression); a background task then shifts {@code name.1.gz … name.N.gz} and
 * gzips the moved file into {@code name.1.gz}, keeping {@code retain} files. Callers write whole lines only,
 * so a rotation never cuts a line in two and no line is lost or written twice.
 *
 * <p>A write that fails (disk full, read-only, folder removed, EIO) is a state, never an exception to the caller:
 * the bytes are counted as not written, the error and its start are kept ({@link #trouble}), and the file is
 * tried again on a later write after a back-off that doubles from {@value #FIRST_BACKOFF_MS} ms to
 * {@value #MAX_BACKOFF_MS} ms, so a full disk costs a few syscalls a second, not one per read. Each retry reopens
 * the path (recreating its folder), and once a second the path is checked against the open file, so a file
 * removed or moved by someone else is reopened by itself.
 */
public final class RotatingFile {
    static final long FIRST_BACKOFF_MS = 50, MAX_BACKOFF_MS = 2000, CHECK_PATH_MS = 1000;

    private final Path path;
    private final long maxSize;
    private final int retain;
    private final ExecutorService compressor;
    private final LogIo io;
    private final LogAccess access;
    private final LongSupplier clockMs;
    private final boolean discard;
    private int fd = -1;
    private Object inode; // of the file fd points at, to notice the path now names another (or none)
    private long size;
    private long rotations;
    private boolean closed;
    /** The last byte written was a newline (or nothing was written): a rotation here cuts no line. */
    private boolean atLineEnd = true;
    private boolean spliceWorks = true;
    private long nextPathCheck;
    // the trouble, while there is one
    private String error;
    private long since;
    private long notWritten;
    private long notWrittenTotal;
    private long backoff;
    private long retryAt;
    /** Of the current {@link #splice}: bytes taken from the pipe, bytes now in the file. */
    private long moved;
    private int written;
    /** Rotated files not compressed yet because compressing failed; touched on the compressor thread only. */
    private final java.util.ArrayDeque<Path> unarchived = new java.util.ArrayDeque<>();
    /** Streams writing here (LogFiles counts them): bytes are spliced in only when one stream owns the file. */
    volatile int users;

    /** @param compressor a single-thread executor shared by all files, so rotations of one file stay ordered */
    public RotatingFile(Path path, long maxSize, int retain, ExecutorService compressor) throws IOException {
        this(path, maxSize, retain, compressor, LogAccess.PRIVATE);
    }

    public RotatingFile(Path path, long maxSize, int retain, ExecutorService compressor, LogAccess access) {
        this(path, maxSize, retain, compressor, LogIo.LIBC, System::currentTimeMillis, access);
    }

    RotatingFile(Path path, long maxSize, int retain, ExecutorService compressor, LogIo io, LongSupplier clockMs) {
        this(path, maxSize, retain, compressor, io, clockMs, LogAccess.PRIVATE);
    }

    RotatingFile(Path path, long maxSize, int retain, ExecutorService compressor, LogIo io, LongSupplier clockMs,
                 LogAccess access) {
        this.access = access;
        this.path = path;
        this.maxSize = maxSize;
        this.retain = Math.max(1, retain);
        this.compressor = compressor;
        this.io = io;
        this.clockMs = clockMs;
        this.discard = path.toString().equals("/dev/null");
        // an unwritable path at start is the same state as one that fails later: the app still starts
        if (!discard) ensureOpen(clockMs.getAsLong());
    }

    public Path path() { return path; }

    public boolean isDiscard() { return discard; }

    public synchronized long size() { return size; }

    /** Null while the file is written; what went wrong, since when and how much was not written otherwise. */
    public synchronized LogWriteState trouble() {
        return error == null ? null : new LogWriteState(error, notWritten, since);
    }

    /** Bytes this file could not take since it was opened, across every episode. */
    public synchronized long notWrittenTotal() { return notWrittenTotal; }

    /** Writes whole lines; on failure counts them as not written (see the class comment). Returns true when written. */
    public synchronized boolean write(byte[] a, int off, int len) {
        if (closed || discard || len == 0) return true;
        long now = clockMs.getAsLong();
        if (!ready(now)) return lost(len);
        written = 0;
        try {
            size = io.seekEnd(fd);
            if (maxSize > 0 && size > 0 && size + len > maxSize) {
                // a line left open by the last write (a partial line written at once) ends in the old file
                int cut = atLineEnd ? 0 : lastNewline(a, off, len) + 1;
                if (atLineEnd || cut > 0) {
                    writeUpTo(a, off, cut);
                    rotate();
                }
            }
            writeUpTo(a, off, len);
            recovered();
            return true;
        } catch (IOException e) {
            failed(e, now);
            return lost(len - written);
        }
    }

    /** write(2)s {@code a[off+written .. off+upTo)}. */
    private void writeUpTo(byte[] a, int off, int upTo) throws IOException {
        while (written < upTo) {
            int n = io.write(fd, ByteBuffer.wrap(a, off + written, upTo - written).slice());
            written += n;
            size += n;
            atLineEnd = a[off + written - 1] == '\n';
        }
    }

    /**
     * Moves {@code len} bytes from the head of {@code pipeFd} into the file with splice(2): the kernel takes them
     * out of the pipe only as they enter the file, so a daemon killed at any instant neither loses nor repeats a
     * byte. {@code copy} holds the same bytes (read with tee(2)), to rotate at a line end and to fall back to
     * write(2) where the file system does not splice. Returns how many bytes left the pipe: the caller takes the
     * rest out itself (those written from the copy, and those counted as not written).
     */
    public synchronized long splice(int pipeFd, byte[] copy, int off, int len) {
        if (closed || discard || len == 0) return 0;
        long now = clockMs.getAsLong();
        if (!ready(now)) {
            lost(len);
            return 0;
        }
        moved = 0;
        written = 0;
        try {
            size = io.seekEnd(fd);
            if (maxSize > 0 && size > 0 && size + len > maxSize) {
                // fill the old file up to the chunk's last line end, then rotate: no line is cut in two
                int cut = lastNewline(copy, off, len) + 1;
                if (cut > 0) {
                    put(pipeFd, copy, off, cut);
                    rotate();
                } else if (atLineEnd) {
                    rotate();
                }
            }
            put(pipeFd, copy, off, len);
            recovered();
        } catch (IOException e) {
            failed(e, now);
            lost(len - written);
        }
        return moved;
    }

    /** Puts {@code copy[off+written .. off+upTo)} into the file: spliced from the pipe, or written from the copy. */
    private void put(int pipeFd, byte[] copy, int off, int upTo) throws IOException {
        while (written < upTo) {
            long n;
            if (spliceWorks && moved == written) {
                try {
                    n = io.splice(pipeFd, fd, upTo - written);
                } catch (LogIo.Failure f) {
                    if (f.errno != LogIo.EINVAL) throw f;
                    spliceWorks = false; // this file system does not splice: write from the copy from now on
                    continue;
                }
                if (n == 0) throw new IOException("splice moved nothing");
                moved += n;
            } else {
                n = io.write(fd, ByteBuffer.wrap(copy, off + written, upTo - written).slice());
            }
            written += (int) n;
            size += n;
            atLineEnd = copy[off + written - 1] == '\n';
        }
    }

    /** Whether splicing into this file still works (a test and the reactor ask). */
    synchronized boolean splices() { return spliceWorks; }

    private static int lastNewline(byte[] a, int off, int len) {
        for (int i = off + len - 1; i >= off; i--) if (a[i] == '\n') return i - off;
        return -1;
    }

    /** Open and usable now: not in a back-off, (re)opened if needed, the path still naming the open file. */
    private boolean ready(long now) {
        if (fd >= 0 && error == null) {
            if (now >= nextPathCheck) {
                nextPathCheck = now + CHECK_PATH_MS;
                if (!samePath()) reopenQuietly(now);
            }
            return fd >= 0;
        }
        if (error != null && now < retryAt) return false;
        if (fd >= 0) { // failing while open: retry on a fresh descriptor, the path may have changed
            io.close(fd);
            fd = -1;
        }
        return ensureOpen(now);
    }

    private boolean ensureOpen(long now) {
        try {
            access.checkNoLinks(path);
            if (access.noFollow(path)) {
                jmon.engine.Home.privateDir(path.getParent());
                access.checkNoLinks(path); // a link planted while the folder was made
            } else {
                Files.createDirectories(path.getParent());
            }
            fd = io.open(path.toString(), access.noFollow(path), access.mode());
            if (access.group() != null) access.apply(path);
            size = io.seekEnd(fd);
            atLineEnd = true;
            inode = inodeOf(path);
            nextPathCheck = now + CHECK_PATH_MS;
            return true;
        } catch (IOException | RuntimeException e) {
            if (fd >= 0) io.close(fd);
            fd = -1;
            failed(e, now);
            return false;
        }
    }

    private boolean samePath() {
        try {
            Object now = inodeOf(path);
            return now == null || now.equals(inode);
        } catch (IOException e) {
            return false; // gone (or its folder is): reopen creates them again
        }
    }

    private static Object inodeOf(Path p) throws IOException {
        try {
            return Files.getAttribute(p, "unix:ino");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null; // no inode to compare: trust the descriptor
        }
    }

    private void reopenQuietly(long now) {
        if (fd >= 0) io.close(fd);
        fd = -1;
        ensureOpen(now);
    }

    private void failed(Exception e, long now) {
        String what = e.getMessage() == null ? e.toString() : e.getMessage();
        boolean first = error == null;
        if (first) {
            since = now;
            notWritten = 0;
            backoff = FIRST_BACKOFF_MS;
        } else {
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
        error = what;
        retryAt = now + backoff;
        // after the state is set: the daemon's own log is a RotatingFile too, and this line may land in this one
        if (first) System.err.println("jmon: writing " + path + " failed: " + what + " (lines kept in memory, retrying)");
    }

    private void recovered() {
        if (error == null) return;
        long n = notWritten;
        error = null;
        notWritten = 0;
        System.err.println("jmon: writing " + path + " works again (" + n + " bytes were not written)");
    }

    private boolean lost(long n) {
        notWritten += n;
        notWrittenTotal += n;
        return false;
    }

    private void rotate() throws IOException {
        Path moved = path.resolveSibling(path.getFileName() + ".rotating-" + System.nanoTime() + "-" + rotations++);
        Files.move(path, moved, StandardCopyOption.ATOMIC_MOVE);
        io.close(fd);
        fd = -1;
        compressor.execute(() -> archive(moved));
        // opening the new file may fail (no inode left): the caller sees the failure, the next write retries
        fd = io.open(path.toString(), access.noFollow(path), access.mode());
        if (access.group() != null) access.apply(path);
        size = 0;
        atLineEnd = true;
        inode = inodeOf(path);
    }

    /**
     * On the compressor thread: archives the files an earlier try could not (disk full), oldest first, then this
     * one, so the numbering stays in age order and nothing moved aside is left uncompressed for good.
     */
    private void archive(Path moved) {
        unarchived.add(moved);
        while (!unarchived.isEmpty()) {
            if (!archiveOne(unarchived.peek())) return; // still failing: tried again with the next rotation
            unarchived.remove();
        }
    }

    /** Gzips the moved file, shifts the numbered archives up, and makes it .1.gz; false when it could not. */
    private boolean archiveOne(Path moved) {
        String base = path.getFileName().toString();
        Path tmp = path.resolveSibling(base + ".1.gz.tmp");
        try {
            if (!Files.exists(moved)) return true; // removed by someone: nothing to keep
            Files.deleteIfExists(tmp); // a leftover of a daemon killed while compressing
            // compress first: it is the step that needs space, and failing here leaves the numbering untouched
            try (InputStream in = Files.newInputStream(moved);
                 OutputStream gz = new GZIPOutputStream(Files.newOutputStream(Files.createFile(tmp,
                         java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                 java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")))), 64 * 1024)) {
                in.transferTo(gz);
            }
            if (access.group() != null) access.apply(tmp); // archives are read by the same people as the log
            Files.deleteIfExists(path.resolveSibling(base + "." + retain + ".gz"));
            for (int i = retain - 1; i >= 1; i--) {
                Path from = path.resolveSibling(base + "." + i + ".gz");
                if (Files.exists(from)) {
                    Files.move(from, path.resolveSibling(base + "." + (i + 1) + ".gz"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(tmp, path.resolveSibling(base + ".1.gz"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.delete(moved);
            return true;
        } catch (IOException | RuntimeException e) {
            // disk full while compressing: the half-written archive goes, the moved file stays readable as is
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to free
            }
            System.err.println("jmon: archiving " + moved + " failed (kept as is, tried again later): " + e);
            return false;
        }
    }

    /** Empties the file (flush); rotated archives stay. */
    public synchronized void truncate() {
        if (fd < 0) return;
        try {
            io.truncate(fd);
            size = 0;
            atLineEnd = true;
        } catch (IOException e) {
            System.err.println("jmon: truncating " + path + " failed: " + e.getMessage());
        }
    }

    /** Reopens the path (it was moved or deleted by someone else). */
    public synchronized void reopen() throws IOException {
        if (closed || discard) return;
        if (fd >= 0) io.close(fd);
        fd = -1;
        error = null;
        if (!ensureOpen(clockMs.getAsLong())) throw new IOException("reopening " + path + ": " + error);
    }

    public synchronized void close() {
        closed = true;
        if (fd >= 0) io.close(fd);
        fd = -1;
    }
}
