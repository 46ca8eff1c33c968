package jmon.engine.exec;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;
import java.util.Map;

/**
 * The few libc calls Java 17 lacks: kill(2) with any signal (microseconds, instead of forking /bin/kill) and
 * mkfifo(3). JNA arrives with oshi-core, so this adds no dependency.
 */
public final class Posix {
    interface CLib extends Library {
        int kill(int pid, int sig);
        int mkfifo(String path, int mode);
    }

    private static final int ESRCH = 3;

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

    public static void mkfifo(Path path) {
        if (lib().mkfifo(path.toString(), 0600) != 0) {
            int errno = Native.getLastError();
            if (errno != 17 /* EEXIST */) throw new IllegalStateException("mkfifo " + path + " failed: errno " + errno);
        }
    }

}
