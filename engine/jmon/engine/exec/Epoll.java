package jmon.engine.exec;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;

/**
 * One epoll(7) set through JNA, for the daemon's two readiness loops (process pipes, process exits). Any thread
 * may add or remove a descriptor; one thread waits.
 */
public final class Epoll implements AutoCloseable {
    interface C extends Library {
        int epoll_create1(int flags);

        int epoll_ctl(int epfd, int op, int fd, Pointer event);

        int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

        int close(int fd);
    }

    private static final int O_CLOEXEC = 02000000, EINTR = 4;
    private static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLLIN = 0x001;
    /** struct epoll_event is packed on x86_64 (12 bytes), naturally aligned elsewhere (16). */
    private static final boolean PACKED = Platform.isIntel() && Platform.is64Bit();
    private static final int EVENT_SIZE = PACKED ? 12 : 16, DATA_OFFSET = PACKED ? 4 : 8;

    private final C c;
    private final int epfd;
    private final int maxEvents;
    /** What the waiting thread received. */
    private final Memory events;
    /** The struct {@link #add} fills, reused (a Memory each would cost a cleaner each; guarded by this). */
    private final Memory addEvent = new Memory(EVENT_SIZE);

    public Epoll(int maxEvents) throws IOException {
        this.c = Native.load("c", C.class);
        this.epfd = c.epoll_create1(O_CLOEXEC);
        if (epfd < 0) throw new IOException("epoll_create1 failed: errno " + Native.getLastError());
        this.maxEvents = maxEvents;
        this.events = new Memory((long) EVENT_SIZE * maxEvents);
    }

    /** Watches {@code fd} for reading. */
    public synchronized void add(int fd) throws IOException {
        addEvent.clear();
        addEvent.setInt(0, EPOLLIN);
        addEvent.setInt(DATA_OFFSET, fd);
        if (c.epoll_ctl(epfd, EPOLL_CTL_ADD, fd, addEvent) != 0) {
            throw new IOException("epoll_ctl ADD " + fd + " failed: errno " + Native.getLastError());
        }
    }

    public void remove(int fd) {
        c.epoll_ctl(epfd, EPOLL_CTL_DEL, fd, null);
    }

    /** Blocks until a descriptor is readable; returns how many are ({@link #fd} names them), 0 when interrupted. */
    public int await() throws IOException {
        int n = c.epoll_wait(epfd, events, maxEvents, -1);
        if (n >= 0) return n;
        int errno = Native.getLastError();
        if (errno == EINTR) return 0;
        throw new IOException("epoll_wait failed: errno " + errno);
    }

    /** The descriptor of the i-th event of the last {@link #await}. */
    public int fd(int i) {
        return events.getInt((long) i * EVENT_SIZE + DATA_OFFSET);
    }

    @Override
    public void close() {
        c.close(epfd);
    }
}
