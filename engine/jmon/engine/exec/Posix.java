package jmon.engine.exec;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;
import java.util.Map;

/**
 * The few libc calls Java 17 lacks: kill(2) with any signal (microseconds, instead of forking /bin/kill),
 * mkfifo(3), and for the subreaper prctl(2) and waitpid(2). JNA arrives with oshi-core, so this adds no dependency.
 */
public final class Posix {
    interface CLib extends Library {
        int kill(int pid, int sig);
        int mkfifo(String path, int mode);

        int prctl(int option, long arg2, long arg3, long arg4, long arg5);

        int waitpid(int pid, com.sun.jna.ptr.IntByReference status, int options);

        int socketpair(int domain, int type, int protocol, int[] sv);

        int fcntl(int fd, int cmd, int arg);

        int close(int fd);
    }

    private static final int ESRCH = 3, EINTR = 4, WNOHANG = 1, PR_SET_CHILD_SUBREAPER = 36;
    private static final int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 02000000, O_NONBLOCK = 04000;
    private static final int F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030;

    /** Linux signal numbers (identical on x86_64 and aarch64 for these). */
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(
            Map.entry("SIGHUP", 1), Map.entry("SIGINT", 2), Map.entry("SIGQUIT", 3), Map.entry("SIGABRT", 6),
            Map.entry("SIGBUS", 7), Map.entry("SIGFPE", 8), Map.entry("SIGKILL", 9), Map.entry("SIGUSR1", 10),
            Map.entry("SIGSEGV", 11), Map.entry("SIGUSR2", 12), Map.entry("SIGPIPE", 13), Map.entry("SIGALRM", 14),
            Map.entry("SIGTERM", 15), Map.entry("SIGCONT", 18), Map.entry("SIGSTOP", 19));

    private static volatile CLib lib;

    private Posix() {}

    private static CLib lib() {
        CLib l = lib;
        if (l == null) {
            synchronized (Posix.class) {
                if (lib == null) lib = Native.load("c", CLib.class);
                l = lib;
            }
        }
        return l;
    }

    public static int signalNumber(String name) {
        Integer n = SIGNALS.get(name.startsWith("SIG") ? name : "SIG" + name);
        if (n == null) throw new IllegalArgumentException("unknown signal " + name);
        return n;
    }

    /** Name of a signal number, or null when it is not one jmon knows. */
    public static String signalName(int number) {
        for (var e : SIGNALS.entrySet()) if (e.getValue() == number) return e.getKey();
        return null;
    }

    /** Sends a signal; returns false when the target no longer exists. */
    public static boolean kill(long pid, String signal) {
        int rc = lib().kill((int) pid, signalNumber(signal));
        if (rc == 0) return true;
        int errno = Native.getLastError();
        if (errno == ESRCH) return false;
        throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed: errno " + errno);
    }

    /** Signals a whole process group. */
    public static boolean killGroup(long pgid, String signal) {
        return kill(-pgid, signal);
    }

    /**
     * prctl(PR_SET_CHILD_SUBREAPER, 1): orphans of our descendants come to us instead of init, so what an app
     * double-forks stays findable (and must be reaped by us). Returns false when the kernel refuses.
     */
    public static boolean becomeSubreaper() {
        return lib().prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
    }

    /**
     * waitpid(pid, WNOHANG): reaps {@code pid} (or any child for -1) if it has ended. Returns the pid reaped, 0
     * when none has ended, -1 when there is no such child.
     */
    public static int reap(long pid) {
        com.sun.jna.ptr.IntByReference status = new com.sun.jna.ptr.IntByReference();
        int r;
        do {
            r = lib().waitpid((int) pid, status, WNOHANG);
        } while (r < 0 && Native.getLastError() == EINTR);
        return r;
    }

    public static void mkfifo(Path path) {
        if (lib().mkfifo(path.toString(), 0600) != 0) {
            int errno = Native.getLastError();
            if (errno != 17 /* EEXIST */) throw new IllegalStateException("mkfifo " + path + " failed: errno " + errno);
        }
    }


    /**
     * A connected pair of Unix stream sockets, both close-on-exec: [0] the daemon's end (non-blocking), [1] the
     * child's end, at 10 or above so it can be moved to a low descriptor in the child without clashing.
     */
    public static int[] socketPair() throws java.io.IOException {
        int[] sv = new int[2];
        if (lib().socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
            throw new java.io.IOException("socketpair failed: errno " + Native.getLastError());
        }
        int flags = lib().fcntl(sv[0], F_GETFL, 0);
        if (flags < 0 || lib().fcntl(sv[0], F_SETFL, flags | O_NONBLOCK) < 0) {
            int errno = Native.getLastError();
            close(sv[0]);
            close(sv[1]);
            throw new java.io.IOException("fcntl(O_NONBLOCK) failed: errno " + errno);
        }
        if (sv[1] < 10) {
            int high = lib().fcntl(sv[1], F_DUPFD_CLOEXEC, 10);
            close(sv[1]);
            if (high < 0) {
                close(sv[0]);
                throw new java.io.IOException("fcntl(F_DUPFD_CLOEXEC) failed: errno " + Native.getLastError());
            }
            sv[1] = high;
        }
        return sv;
    }

    public static void close(int fd) {
        if (fd >= 0) lib().close(fd);
    }
}
