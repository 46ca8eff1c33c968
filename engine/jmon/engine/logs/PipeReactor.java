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

        long tee(int fdIn, int fdOut, long len, int flags);

        int pipe2(int[] fds, int flags);
    }

    private static final int O_RDWR = 2, O_NONBLOCK = 04000, O_CLOEXEC = 02000000;
    private static final int EAGAIN = 11, EINTR = 4, EINVAL = 22, SPLICE_F_NONBLOCK = 2;
    private static final int CHUNK = 64 * 1024, MAX_EVENTS = 64;

    /** One registered pipe. */
    public final class Pipe {
        private final Path path;
        private final int fd;
        private final ChunkSink sink;
        /** tee(2) works on this pipe (it does on every Linux FIFO; a plain read is the fallback). */
        private boolean tees;
        /** One complaint per stream about its sink failing, not one per read. */
        private boolean complained;
        /** A socket (a Node IPC channel), not a FIFO: its end of file comes when the peer's last copy closes. */
        private final boolean socket;
        /** Guarded by this: the descriptor is closed, nothing more is written to it. */
        private boolean closed;

        private Pipe(Path path, int fd, ChunkSink sink, boolean socket) {
            this.path = path;
            this.fd = fd;
            this.sink = sink;
            this.socket = socket;
            this.tees = sink.durable() && !socket;
        }

        public Path path() { return path; }

        /**
         * Writes a few bytes to a socket's peer, from any thread, without blocking: false when it is closed or its
         * buffer is full (a peer that reads nothing).
         */
        public synchronized boolean write(byte[] bytes) {
            if (closed || !socket) return false;
            Memory m = new Memory(bytes.length);
            m.write(0, bytes, 0, bytes.length);
            long w = c.write(fd, m, bytes.length);
            return w == bytes.length;
        }

        /** The peer went away (end of file), or the pipe was closed. */
        public synchronized boolean isClosed() { return closed; }

        private synchronized void closeFd() {
            if (closed) return;
            closed = true;
            c.close(fd);
        }

        /**
         * Stops reading this pipe, after draining what it holds when {@code drain} (the writer has exited); without
         * draining the bytes stay in the pipe for the next daemon.
         */
        public void close(boolean drain) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            ops.add(() -> {
                try {
                    if (pipes.remove(fd) != null) {
                        if (drain) drainSafely(this, Integer.MAX_VALUE);
                        epoll.remove(fd);
                        closeFd();
                        sink.close();
                    }
                } finally {
                    done.complete(null);
                }
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
    /** Where handled bytes are read out of a FIFO to: never looked at. */
    private final Memory discard = new Memory(CHUNK);
    private final Memory wakeBuf = new Memory(8);
    /** A private pipe a durable stream's chunk is tee'd into, to be read while the original stays in its FIFO. */
    private final int scratchRead, scratchWrite;
    private final Thread thread;
    private volatile boolean running = true;

    public PipeReactor() throws IOException {
        epoll = new Epoll(MAX_EVENTS);
        wakeFd = c.eventfd(0, O_NONBLOCK | O_CLOEXEC);
        if (wakeFd < 0) {
            epoll.close();
            throw new IOException("eventfd failed: errno " + Native.getLastError());
        }
        int[] scratch = new int[2];
        if (c.pipe2(scratch, O_NONBLOCK | O_CLOEXEC) != 0) {
            c.close(wakeFd);
            epoll.close();
            throw new IOException("pipe2 failed: errno " + Native.getLastError());
        }
        scratchRead = scratch[0];
        scratchWrite = scratch[1];
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
        return register(new Pipe(fifo, fd, sink, false));
    }

    /**
     * Starts delivering what a connected socket carries (the daemon's end of a Node IPC channel, non-blocking) to
     * the sink; the reactor owns the descriptor from here and closes it at the peer's end of file.
     */
    public Pipe openSocket(int fd, Path label, ChunkSink sink) throws IOException {
        return register(new Pipe(label, fd, sink, true));
    }

    private Pipe register(Pipe p) throws IOException {
        int fd = p.fd;
        Path fifo = p.path;
        pipes.put(fd, p);
        try {
            epoll.add(fd);
        } catch (IOException e) {
            pipes.remove(fd);
            p.closeFd();
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
                    if (p != null) drainSafely(p, FAIR_READS);
                }
            }
            Runnable op;
            while ((op = ops.poll()) != null) {
                try {
                    op.run();
                } catch (RuntimeException e) { // one failed close must not end the reading of every other pipe
                    System.err.println("jmon: pipe operation failed: " + e);
                }
            }
        }
    }

    /**
     * Reads until the pipe is empty or {@code maxReads} reads were made (a process writing flat out must not
     * starve the others: epoll reports it again on the next round), handing each read to the sink.
     *
     * <p>A durable stream's bytes leave its FIFO only once they are where they go: each chunk is copied with
     * tee(2) (the FIFO keeps it), handed to the sink (ring, formatted or shared files), then moved into its exact
     * copy with splice(2), which takes from the pipe only what enters the file, and whatever is left is read out.
     * A daemon killed with SIGKILL at any instant therefore loses no byte: what is not yet in the file is still in
     * the FIFO, which outlives the daemon (the app holds it open) and is read again by the next daemon.
     */
    private void drain(Pipe p, int maxReads) {
        for (int reads = 0; reads < maxReads; reads++) {
            long r = p.tees ? c.tee(p.fd, scratchWrite, CHUNK, SPLICE_F_NONBLOCK) : c.read(p.fd, buf, CHUNK);
            if (r > 0) {
                if (p.tees) readScratch((int) r);
                buf.read(0, heap, 0, (int) r);
                deliver(p, (int) r);
                continue;
            }
            if (r == 0 && p.socket) { // the peer's last copy is closed: nothing more will come
                if (pipes.remove(p.fd) != null) {
                    epoll.remove(p.fd);
                    p.closeFd();
                    p.sink.close();
                }
                return;
            }
            int errno = r < 0 ? Native.getLastError() : 0;
            if (r < 0 && errno == EINTR) continue;
            if (r < 0 && errno == EINVAL && p.tees) {
                p.tees = false; // no tee on this pipe: plain reads (a kill -9 may then lose the chunk in flight)
                System.err.println("jmon: " + p.path + " cannot be tee'd; reading it plainly");
                continue;
            }
            if (r < 0 && errno != EAGAIN) {
                System.err.println("jmon: reading " + p.path + " failed: errno " + errno);
            }
            return;
        }
    }

    /** {@link #drain}, where nothing one stream does can end the thread that reads every stream. */
    private void drainSafely(Pipe p, int maxReads) {
        try {
            drain(p, maxReads);
        } catch (RuntimeException e) {
            complain(p, e);
            emptyScratch(); // a chunk half read from it would shift every later one
        }
    }

    private void emptyScratch() {
        while (c.read(scratchRead, discard, CHUNK) > 0) {
            // until EAGAIN
        }
    }

    /** The chunk's bytes are in {@code heap}: to the sink, then (durable) into the file and out of the FIFO. */
    private void deliver(Pipe p, int n) {
        RotatingFile exact = null;
        try {
            if (p.tees) exact = p.sink.exactCopy();
            p.sink.accept(ByteBuffer.wrap(heap, 0, n));
        } catch (RuntimeException e) {
            complain(p, e); // this stream's lines may be missing from the ring; the bytes still reach the file
        }
        if (!p.tees) return;
        long moved = 0;
        if (exact != null) {
            try {
                moved = exact.splice(p.fd, heap, 0, n);
            } catch (RuntimeException e) {
                complain(p, e);
            }
        }
        consume(p, n - moved);
    }

    private void complain(Pipe p, RuntimeException e) {
        if (p.complained) return;
        p.complained = true;
        System.err.println("jmon: handling the output of " + p.path + " failed (reported once, reading goes on): " + e);
        e.printStackTrace();
    }

    /** Reads exactly {@code n} tee'd bytes out of the scratch pipe into {@code buf}. */
    private void readScratch(int n) {
        int got = 0;
        while (got < n) {
            long r = c.read(scratchRead, got == 0 ? buf : buf.share(got), n - got); // one read in practice
            if (r > 0) got += (int) r;
            else if (r < 0 && Native.getLastError() == EINTR) continue;
            else throw new IllegalStateException("scratch pipe gave " + got + " of " + n + " bytes");
        }
    }

    /** Takes {@code n} bytes (already handled) out of the head of the pipe. */
    private void consume(Pipe p, long n) {
        while (n > 0) {
            long r = c.read(p.fd, discard, Math.min(n, CHUNK));
            if (r > 0) n -= r;
            else if (r < 0 && Native.getLastError() == EINTR) continue;
            else {
                System.err.println("jmon: taking handled bytes out of " + p.path + " failed: errno " + Native.getLastError());
                return;
            }
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
        for (Pipe p : pipes.values()) p.closeFd();
        pipes.clear();
        c.close(wakeFd);
        c.close(scratchRead);
        c.close(scratchWrite);
        epoll.close();
    }
}
