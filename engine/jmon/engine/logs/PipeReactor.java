package jmon.engine.logs;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import jmon.engine.exec.Epoll;

/**
 * Reads every process pipe of the daemon on one thread with epoll(7): a process adds no thread, and an idle
 * pipe costs nothing. Each pipe is opened read-write and non-blocking (it never sees end-of-file, and the
 * process never gets SIGPIPE from a dead daemon); a readable pipe is drained into its sink, which therefore
 * always runs on this thread, one read at a time and in order. libc comes through JNA, on the class path already.
 */
public final class PipeReactor implements AutoCloseable {
    interface C extends Library {
        int open(String path, int flags);

        long read(int fd, Pointer buf, long count);

        long write(int fd, Pointer buf, long count);

        int close(int fd);

        int eventfd(int initval, int flags);
    }

    private static final int O_RDWR = 2, O_NONBLOCK = 04000, O_CLOEXEC = 02000000;
    private static final int EAGAIN = 11, EINTR = 4;
    private static final int CHUNK = 64 * 1024, MAX_EVENTS = 64;

    /** One registered pipe. */
    public final class Pipe {
        private final Path path;
        private final int fd;
        private final ChunkSink sink;

        private Pipe(Path path, int fd, ChunkSink sink) {
            this.path = path;
            this.fd = fd;
            this.sink = sink;
        }

        public Path path() { return path; }

        /**
         * Stops reading this pipe, after draining what it holds when {@code drain} (the writer has exited); without
         * draining the bytes stay in the pipe for the next daemon.
         */
        public void close(boolean drain) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            ops.add(() -> {
                if (pipes.remove(fd) != null) {
                    if (drain) drain(this, Integer.MAX_VALUE);
                    epoll.remove(fd);
                    c.close(fd);
                    sink.close();
                }
                done.complete(null);
            });
            wake();
            try {
                done.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("jmon: closing " + path + ": " + e);
            }
        }
    }

    private final C c = Native.load("c", C.class);
    private final Epoll epoll;
    private final int wakeFd;
    private final Map<Integer, Pipe> pipes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> ops = new ConcurrentLinkedQueue<>();
    private final Memory buf = new Memory(CHUNK);
    private final byte[] heap = new byte[CHUNK];
    private final Memory wakeBuf = new Memory(8);
    private final Thread thread;
    private volatile boolean running = true;

    public PipeReactor() throws IOException {
        epoll = new Epoll(MAX_EVENTS);
        wakeFd = c.eventfd(0, O_NONBLOCK | O_CLOEXEC);
        if (wakeFd < 0) {
            epoll.close();
            throw new IOException("eventfd failed: errno " + Native.getLastError());
        }
        epoll.add(wakeFd);
        thread = new Thread(null, this::run, "jmon-pipes", 256 * 1024);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens a FIFO read-write and non-blocking and starts delivering what it carries to the sink. Registration
     * happens right here (epoll_ctl is thread-safe), so a start does not wait for the reactor thread; bytes
     * already in the pipe (written while no daemon listened) make it readable at once and are read there.
     */
    public Pipe open(Path fifo, ChunkSink sink) throws IOException {
        int fd = c.open(fifo.toString(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) throw new IOException("open " + fifo + " failed: errno " + Native.getLastError());
        Pipe p = new Pipe(fifo, fd, sink);
        pipes.put(fd, p);
        try {
            epoll.add(fd);
        } catch (IOException e) {
            pipes.remove(fd);
            c.close(fd);
            throw new IOException("registering " + fifo + ": " + e.getMessage(), e);
        }
        return p;
    }

    private void wake() {
        wakeBuf.setLong(0, 1);
        c.write(wakeFd, wakeBuf, 8);
    }

    private void run() {
        while (running) {
            int n;
            try {
                n = epoll.await();
            } catch (IOException e) {
                System.err.println("jmon: waiting for process output: " + e.getMessage());
                break;
            }
            for (int i = 0; i < n; i++) {
                int fd = epoll.fd(i);
                if (fd == wakeFd) {
                    c.read(wakeFd, wakeBuf, 8);
                } else {
                    Pipe p = pipes.get(fd);
                    if (p != null) drain(p, FAIR_READS);
                }
            }
            Runnable op;
            while ((op = ops.poll()) != null) op.run();
        }
    }

    /**
     * Reads until the pipe is empty or {@code maxReads} reads were made (a process writing flat out must not
     * starve the others: epoll reports it again on the next round), handing each read to the sink.
     */
    private void drain(Pipe p, int maxReads) {
        for (int reads = 0; reads < maxReads; reads++) {
            long r = c.read(p.fd, buf, CHUNK);
            if (r > 0) {
                buf.read(0, heap, 0, (int) r);
                try {
                    p.sink.accept(ByteBuffer.wrap(heap, 0, (int) r));
                } catch (RuntimeException e) {
                    System.err.println("jmon: output of " + p.path + ": " + e);
                }
                continue;
            }
            if (r < 0 && Native.getLastError() == EINTR) continue;
            if (r < 0 && Native.getLastError() != EAGAIN) {
                System.err.println("jmon: reading " + p.path + " failed: errno " + Native.getLastError());
            }
            return;
        }
    }

    private static final int FAIR_READS = 16;

    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ops.add(() -> {
            running = false;
            done.complete(null);
        });
        wake();
        try {
            done.get(5, TimeUnit.SECONDS);
            thread.join(5000);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
        for (Pipe p : pipes.values()) c.close(p.fd);
        pipes.clear();
        c.close(wakeFd);
        epoll.close();
    }
}
