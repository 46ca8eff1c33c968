package jmon.daemon;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The daemon's own log: appends, and past {@code cap} bytes moves the file to {@code .1} (one old file kept)
 * and starts a new one, so a daemon that runs for months never fills the disk with its log.
 */
final class RotatingLog extends OutputStream {
    private final Path path;
    private final long cap;
    private OutputStream out;
    private long size;

    RotatingLog(Path path, long cap) throws IOException {
        this.path = path;
        this.cap = cap;
        open();
    }

    private void open() throws IOException {
        out = new FileOutputStream(path.toFile(), true);
        size = Files.size(path);
    }

    private void rotateIfFull() throws IOException {
        if (size < cap) return;
        out.close();
        Files.move(path, path.resolveSibling(path.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        rotateIfFull();
        out.write(b);
        size++;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        rotateIfFull();
        out.write(b, off, len);
        size += len;
    }

    @Override
    public synchronized void flush() throws IOException { out.flush(); }

    @Override
    public synchronized void close() throws IOException { out.close(); }
}
