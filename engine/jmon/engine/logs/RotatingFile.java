package jmon.engine.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.zip.GZIPOutputStream;

/**
 * One log file on disk, rotated by size: past {@code maxSize} the file is moved aside and a new one opened at
 * once (writers never wait for compression); a background task then shifts {@code name.1.gz … name.N.gz} and
 * gzips the moved file into {@code name.1.gz}, keeping {@code retain} files. Callers write whole lines only,
 * so a rotation never cuts a line in two and no line is lost or written twice.
 */
public final class RotatingFile {
    private final Path path;
    private final long maxSize;
    private final int retain;
    private final ExecutorService compressor;
    private FileChannel out;
    private long size;
    private long rotations;

    /** @param compressor a single-thread executor shared by all files, so rotations of one file stay ordered */
    public RotatingFile(Path path, long maxSize, int retain, ExecutorService compressor) throws IOException {
        this.path = path;
        this.maxSize = maxSize;
        this.retain = Math.max(1, retain);
        this.compressor = compressor;
        if (!isDiscard()) {
            Files.createDirectories(path.getParent());
            open();
        }
    }

    public Path path() { return path; }

    public boolean isDiscard() { return path.toString().equals("/dev/null"); }

    private void open() throws IOException {
        out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = out.size();
    }

    public synchronized long size() { return size; }

    public synchronized void write(byte[] a, int off, int len) {
        if (out == null || len == 0) return;
        try {
            if (maxSize > 0 && size > 0 && size + len > maxSize) rotate();
            ByteBuffer b = ByteBuffer.wrap(a, off, len);
            while (b.hasRemaining()) out.write(b);
            size += len;
        } catch (IOException e) {
            System.err.println("jmon: writing " + path + " failed: " + e);
        }
    }

    private void rotate() throws IOException {
        out.close();
        Path moved = path.resolveSibling(path.getFileName() + ".rotating-" + System.nanoTime() + "-" + rotations++);
        Files.move(path, moved, StandardCopyOption.ATOMIC_MOVE);
        open();
        compressor.execute(() -> archive(moved));
    }

    /** On the compressor thread: shift the numbered archives up, then gzip the moved file into .1.gz. */
    private void archive(Path moved) {
        try {
            String base = path.getFileName().toString();
            Files.deleteIfExists(path.resolveSibling(base + "." + retain + ".gz"));
            for (int i = retain - 1; i >= 1; i--) {
                Path from = path.resolveSibling(base + "." + i + ".gz");
                if (Files.exists(from)) {
                    Files.move(from, path.resolveSibling(base + "." + (i + 1) + ".gz"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path tmp = path.resolveSibling(base + ".1.gz.tmp");
            try (InputStream in = Files.newInputStream(moved);
                 OutputStream gz = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                in.transferTo(gz);
            }
            Files.move(tmp, path.resolveSibling(base + ".1.gz"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.delete(moved);
        } catch (IOException e) {
            System.err.println("jmon: archiving " + moved + " failed (kept as is): " + e);
        }
    }

    /** Empties the file (flush); rotated archives stay. */
    public synchronized void truncate() {
        if (out == null) return;
        try {
            out.truncate(0);
            size = 0;
        } catch (IOException e) {
            System.err.println("jmon: truncating " + path + " failed: " + e);
        }
    }

    /** Reopens the path (it was moved or deleted by someone else). */
    public synchronized void reopen() throws IOException {
        if (out == null) return;
        out.close();
        open();
    }

    public synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // closing
        }
        out = null;
    }
}
