package jmon.engine.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the processes that carry this home's instance marker by reading /proc/PID/environ.
 *
 * <p>{@link #scan} reads every process the daemon may read (its own uid's, or all when it runs as root): on
 * the 2-core VM, ~300 processes, it took 3.3 ms (median of 50 warm runs; 2.6 ms best, up to 8 ms while other
 * builds ran), about what {@link ProcFs#table} costs: fine for a recovery, a user's stop batch or describe, too
 * much for the crash path. {@link #orphans} reads only the daemon's own direct children (orphans re-parented to
 * it as subreaper): one small file plus one environ per orphan, ~5 µs with none and ~33 µs with one; that is
 * what the crash path uses.
 */
public final class MarkedProcesses {
    private static final Path PROC = Path.of("/proc");
    private static final byte[] KEY = ("\0" + InstanceMarker.VAR + "=").getBytes(StandardCharsets.US_ASCII);
    private static final int COMMAND_MAX = 200;

    private MarkedProcesses() {}

    /** Every live process in /proc marked by {@code homeId}. */
    public static List<MarkedProcess> scan(String homeId) {
        List<MarkedProcess> out = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        int uid = selfUid();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.isEmpty() || !Character.isDigit(n.charAt(0))) continue;
                long pid = Long.parseLong(n);
                if (pid == self) continue;
                // another user's environ cannot be read unless we are root: do not even try
                if (uid != 0 && !ownedBy(p, uid)) continue;
                of(pid, homeId).ifPresent(out::add);
            }
        } catch (IOException e) {
            // /proc unreadable: nothing found
        }
        return out;
    }

    /**
     * The marked processes among the daemon's own children: orphans of our apps re-parented to the daemon (the
     * subreaper). The kernel hands orphans to the main thread, so its children file lists them; the apps the
     * daemon spawned are children of the engine thread and are not in it.
     */
    public static List<MarkedProcess> orphans(String homeId) {
        List<MarkedProcess> out = new ArrayList<>();
        for (long pid : childrenOfMainThread()) of(pid, homeId).ifPresent(out::add);
        return out;
    }

    /** The pids listed in /proc/self/task/&lt;main thread&gt;/children. */
    public static long[] childrenOfMainThread() {
        long self = ProcessHandle.current().pid();
        String s;
        try {
            s = Files.readString(PROC.resolve("self/task/" + self + "/children"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return new long[0];
        }
        String[] parts = s.trim().split(" ");
        if (parts.length == 1 && parts[0].isEmpty()) return new long[0];
        long[] pids = new long[parts.length];
        for (int i = 0; i < parts.length; i++) pids[i] = Long.parseLong(parts[i]);
        return pids;
    }

    /** pid as a marked process of homeId, when it is one, alive. */
    public static Optional<MarkedProcess> of(long pid, String homeId) {
        InstanceMarker m = marker(pid);
        if (m == null || !m.homeId().equals(homeId)) return Optional.empty();
        Optional<ProcFs.Stat> st = ProcFs.stat(pid);
        if (st.isEmpty() || st.get().isZombie()) return Optional.empty();
        ProcFs.Stat s = st.get();
        return Optional.of(new MarkedProcess(pid, s.startTicks(), s.ppid(), s.pgrp(), s.session(), m.pmId(),
                m.generation(), command(pid)));
    }

    /** The marker in pid's environment, or null (none, unreadable, gone). */
    public static InstanceMarker marker(long pid) {
        byte[] env;
        try (InputStream in = Files.newInputStream(PROC.resolve(Long.toString(pid)).resolve("environ"))) {
            env = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        int at = find(env);
        if (at < 0) return null;
        int end = at;
        while (end < env.length && env[end] != 0) end++;
        return InstanceMarker.parse(new String(env, at, end - at, StandardCharsets.US_ASCII));
    }

    /** Offset of the value of JMON_INSTANCE in an environ block, or -1. */
    static int find(byte[] env) {
        // the first variable has no NUL before it: match it with the key minus its leading NUL
        if (startsWith(env, 0, KEY, 1)) return KEY.length - 1;
        outer:
        for (int i = 0; i + KEY.length <= env.length; i++) {
            if (env[i] != 0) continue;
            for (int k = 1; k < KEY.length; k++) if (env[i + k] != KEY[k]) continue outer;
            return i + KEY.length;
        }
        return -1;
    }

    private static boolean startsWith(byte[] a, int at, byte[] key, int from) {
        if (a.length - at < key.length - from) return false;
        for (int k = from; k < key.length; k++) if (a[at + k - from] != key[k]) return false;
        return true;
    }

    /** The command line of pid, NULs as spaces, shortened; empty when unreadable. */
    public static String command(long pid) {
        try {
            byte[] b = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            int n = b.length;
            while (n > 0 && b[n - 1] == 0) n--;
            for (int i = 0; i < n; i++) if (b[i] == 0) b[i] = ' ';
            String s = new String(b, 0, n, StandardCharsets.UTF_8);
            return s.length() > COMMAND_MAX ? s.substring(0, COMMAND_MAX - 1) + "…" : s;
        } catch (IOException e) {
            return "";
        }
    }

    private static int selfUid() {
        try {
            return (Integer) Files.getAttribute(PROC.resolve("self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean ownedBy(Path procDir, int uid) {
        try {
            return (Integer) Files.getAttribute(procDir, "unix:uid") == uid;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
