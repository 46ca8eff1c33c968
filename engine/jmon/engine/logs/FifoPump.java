package jmon.engine.logs;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Moves bytes from one process output FIFO to a sink, on a thread of its own with a small stack.
 *
 * <p>The daemon opens the FIFO read-write: the open never blocks, and the pipe stays usable across restarts of
 * the process (the same pump serves every spawn). Reads block in the kernel, so an idle pump costs nothing.
 * Closing drains what is still buffered first, so no line written before an exit is lost.
 */
public final class FifoPump implements AutoCloseable {
    /** Reads start small and grow to CHUNK when a read fills the buffer: idle processes hold little memory. */
    private static final int FIRST = 4 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final Path fifo;
    private final RandomAccessFile file;
    private final FileChannel channel;
    private final FileInputStream availability;
    private final ChunkSink sink;
    private final Thread thread;
    private volatile boolean closing;

    public FifoPump(Path fifo, ChunkSink sink, String name) throws IOException {
        this.fifo = fifo;
        this.file = new RandomAccessFile(fifo.toFile(), "rw");
        this.channel = file.getChannel();
        this.availability = new FileInputStream(file.getFD());
        this.sink = sink;
        this.thread = new Thread(null, this::run, name, 256 * 1024);
        thread.setDaemon(true);
        thread.start();
    }

    public Path fifo() { return fifo; }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(FIRST); // heap: the router reads its array
        try {
            while (true) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) break;
                if (n == 0) continue;
                boolean full = n == buf.capacity();
                buf.flip();
                sink.accept(buf);
                if (full && buf.capacity() < CHUNK) buf = ByteBuffer.allocate(Math.min(CHUNK, buf.capacity() * 4));
            }
        } catch (ClosedChannelException e) {
            // closed by close(): everything buffered was drained before
        } catch (IOException e) {
            if (!closing) System.err.println("jmon: reading " + fifo + " failed: " + e);
        } finally {
            sink.close();
        }
    }

    /** Bytes waiting in the pipe (FIONREAD). */
    private int pending() {
        try {
            return availability.available();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Waits (bounded) until the pipe is empty, then stops the thread. Call after the writer has exited.
     */
    @Override
    public void close() { stop(true); }

    /**
     * @param drain read what is buffered first (the writer has exited); false leaves it in the pipe for the
     *              next daemon to read (the daemon is going away, the process lives on)
     */
    public void stop(boolean drain) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (drain && pending() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        closing = true;
        try {
            channel.close(); // wakes the blocked read (FileChannel signals the reader thread)
        } catch (IOException ignored) {
            // nothing left to release
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            file.close();
        } catch (IOException ignored) {
            // already closed with the channel
        }
    }
}
