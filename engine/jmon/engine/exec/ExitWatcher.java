package jmon.engine.exec;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Learns of every process exit on one thread: each watched process has a pidfd (pidfd_open(2), Linux 5.3+) in
 * one epoll set, readable the moment the process ends. That replaces the JDK's thread per child (and its
 * up-to-5-second polling for processes it did not start, such as apps re-adopted after a daemon restart).
 * For our own children the exit status is read and the child reaped with waitpid(2) on that pid only, so
 * other children of the daemon (probes run through ProcessBuilder) keep their own reaping.
 */
final class ExitWatcher {
    interface C extends Library {
        int syscall(int number, int pid, int flags);

        int waitpid(int pid, IntByReference status, int options);

        int close(int fd);

        int epoll_create1(int flags);

        int epoll_ctl(int epfd, int op, int fd, Pointer event);

        int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);
    }

    /** pidfd_open has the same number on every Linux architecture (new system calls share one table). */
    private static final int SYS_PIDFD_OPEN = 434;
    private static final int O_CLOEXEC = 02000000, WNOHANG = 1, EINTR = 4;
    private static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLLIN = 0x001, MAX_EVENTS = 32;
    /** struct epoll_event is packed on x86_64 (12 bytes), naturally aligned elsewhere (16). */
    private static final boolean PACKED = Platform.isIntel() && Platform.is64Bit();
    private static final int EVENT_SIZE = PACKED ? 12 : 16, DATA_OFFSET = PACKED ? 4 : 8;

    private record Watch(int pid, boolean child, CompletableFuture<Integer> exit) {}

    private final C c;
    private final int epfd;
    private final ConcurrentHashMap<Integer, Watch> byFd = new ConcurrentHashMap<>();
    /** The event struct of {@link #watch}, reused (guarded by this). */
    private final Memory addEvent = new Memory(EVENT_SIZE);

    private ExitWatcher(C c, int epfd) {
        this.c = c;
        this.epfd = epfd;
        daemonThread(this::run, "jmon-exits").start();
    }

    /** The watcher, or an exception saying why this system cannot have one (no pidfd, no epoll). */
    static ExitWatcher create() throws IOException {
        C c = Native.load("c", C.class);
        int self = c.syscall(SYS_PIDFD_OPEN, (int) ProcessHandle.current().pid(), 0);
        if (self < 0) throw new IOException("pidfd_open is not available: errno " + Native.getLastError());
        c.close(self);
        int epfd = c.epoll_create1(O_CLOEXEC);
        if (epfd < 0) throw new IOException("epoll_create1 failed: errno " + Native.getLastError());
        return new ExitWatcher(c, epfd);
    }

    /** A pidfd for {@code pid}, or -1 when the process no longer exists. */
    int open(long pid) {
        return c.syscall(SYS_PIDFD_OPEN, (int) pid, 0);
    }

    void closeFd(int pidfd) {
        c.close(pidfd);
    }

    /**
     * Watches the process behind {@code pidfd} (taken over: closed once the process ended). The future completes
     * with the exit code (a signal death as 128 + signal, as the JDK reports it) for our own child, which is then
     * reaped, or with null for a process that is not our child.
     */
    synchronized CompletableFuture<Integer> watch(long pid, int pidfd, boolean child) {
        Watch w = new Watch((int) pid, child, new CompletableFuture<>());
        byFd.put(pidfd, w);
        Memory ev = addEvent;
        ev.clear();
        ev.setInt(0, EPOLLIN);
        ev.setInt(DATA_OFFSET, pidfd);
        if (c.epoll_ctl(epfd, EPOLL_CTL_ADD, pidfd, ev) != 0) {
            int errno = Native.getLastError();
            byFd.remove(pidfd);
            c.close(pidfd);
            w.exit.completeExceptionally(new IOException("epoll_ctl ADD pidfd failed: errno " + errno));
        }
        return w.exit;
    }

    private void run() {
        Memory events = new Memory((long) EVENT_SIZE * MAX_EVENTS);
        IntByReference status = new IntByReference();
        while (true) {
            int n = c.epoll_wait(epfd, events, MAX_EVENTS, -1);
            if (n < 0) {
                if (Native.getLastError() == EINTR) continue;
                System.err.println("jmon: epoll_wait on process exits failed: errno " + Native.getLastError());
                return;
            }
            for (int i = 0; i < n; i++) {
                int fd = events.getInt((long) i * EVENT_SIZE + DATA_OFFSET);
                Watch w = byFd.remove(fd);
                if (w == null) continue;
                c.epoll_ctl(epfd, EPOLL_CTL_DEL, fd, null);
                c.close(fd);
                Integer code = w.child ? reap(w.pid, status) : null;
                // listeners only hand the exit to the engine thread, so completing here delays no other exit
                w.exit.complete(code);
            }
        }
    }

    /** The exit code of an ended child, which is reaped; null if it was reaped elsewhere. */
    private Integer reap(int pid, IntByReference status) {
        int r;
        do {
            r = c.waitpid(pid, status, WNOHANG);
        } while (r < 0 && Native.getLastError() == EINTR);
        if (r != pid) return null;
        int s = status.getValue();
        int signal = s & 0x7f;
        return signal == 0 ? (s >> 8) & 0xff : 0x80 + signal;
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(null, r, name, 128 * 1024);
        t.setDaemon(true);
        return t;
    }
}
