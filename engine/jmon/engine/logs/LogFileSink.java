package jmon.engine.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends output to a log file as it arrives: a whole read at a time, no per-line work and no buffering in
 * the daemon, so the file is as current as the pipe. "/dev/null" keeps nothing.
 */
public final class LogFileSink implements ChunkSink {
    private final Path path;
    private FileChannel out;

    public LogFileSink(Path path) throws IOException {
        this.path = path;
        if (!isDiscard(path)) {
            Files.createDirectories(path.getParent());
            open();
        }
    }

    public static boolean isDiscard(Path p) { return p.toString().equals("/dev/null"); }

    public Path path() { return path; }

    private void open() throws IOException {
        out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void accept(ByteBuffer chunk) {
        if (out == null) return;
        try {
            while (chunk.hasRemaining()) out.write(chunk);
        } catch (IOException e) {
            System.err.println("jmon: writing " + path + " failed: " + e);
        }
    }

    /** Reopens the file (after it was moved away by rotation or an external tool). */
    public synchronized void reopen() throws IOException {
        if (out == null) return;
        out.close();
        open();
    }

    @Override
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
