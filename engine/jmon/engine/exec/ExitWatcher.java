package jmon.engine.exec;

import com.sun.jna.Library;
import com.sun.jna.Native;
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
    }

    /** pidfd_open has the same number on every Linux architecture (new system calls share one table). */
    private static final int SYS_PIDFD_OPEN = 434;
    private static final int WNOHANG = 1, EINTR = 4, MAX_EVENTS = 32;

    private record Watch(int pid, boolean child, CompletableFuture<Integer> exit) {}

    private final C c;
    private final Epoll epoll;
    private final ConcurrentHashMap<Integer, Watch> byFd = new ConcurrentHashMap<>();

    private ExitWatcher(C c, Epoll epoll) {
        this.c = c;
        this.epoll = epoll;
        daemonThread(this::run, "jmon-exits").start();
    }

    /** The watcher, or an exception saying why this system cannot have one (no pidfd, no epoll). */
    static ExitWatcher create() throws IOException {
        C c = Native.load("c", C.class);
        int self = c.syscall(SYS_PIDFD_OPEN, (int) ProcessHandle.current().pid(), 0);
        if (self < 0) throw new IOException("pidfd_open is not available: errno " + Native.getLastError());
        c.close(self);
        return new ExitWatcher(c, new Epoll(MAX_EVENTS));
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
    CompletableFuture<Integer> watch(long pid, int pidfd, boolean child) {
        Watch w = new Watch((int) pid, child, new CompletableFuture<>());
        byFd.put(pidfd, w);
        try {
            epoll.add(pidfd);
        } catch (IOException e) {
            byFd.remove(pidfd);
            c.close(pidfd);
            w.exit.completeExceptionally(e);
        }
        return w.exit;
    }

    private void run() {
        IntByReference status = new IntByReference();
        while (true) {
            int n;
            try {
                n = epoll.await();
            } catch (IOException e) {
                System.err.println("jmon: waiting for process exits: " + e.getMessage());
                return;
            }
            for (int i = 0; i < n; i++) {
                int fd = epoll.fd(i);
                Watch w = byFd.remove(fd);
                if (w == null) continue;
                epoll.remove(fd);
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
