package jmon.engine.exec;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The launcher the daemon uses on Linux with glibc 2.34+ and kernel 5.3+: one posix_spawn(3) per app, straight
 * to its program. The file actions do in the child what the shell shim of {@link ProcessLauncher} did with
 * four execs (jspawnhelper, setsid, sh, the program): open stdin/stdout/stderr FIFOs read-write (so a dead
 * daemon never means SIGPIPE, and a new daemon re-adopts without losing a line), enter the working directory,
 * close every other descriptor the daemon holds, start a new session (the app's process group, signalled as
 * one), and reset the signal mask and dispositions the JVM's threads carry. Exits arrive through one
 * {@link ExitWatcher} thread instead of a JDK reaper thread per child.
 */
public final class SpawnLauncher implements Launcher {
    interface C extends Library {
        int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attr, String[] argv, String[] envp);

        int posix_spawn_file_actions_init(Pointer fa);

        int posix_spawn_file_actions_destroy(Pointer fa);

        int posix_spawn_file_actions_addopen(Pointer fa, int fd, String path, int oflag, int mode);

        int posix_spawn_file_actions_addchdir_np(Pointer fa, String path);

        int posix_spawn_file_actions_adddup2(Pointer fa, int fd, int newfd);

        int posix_spawn_file_actions_addclosefrom_np(Pointer fa, int from);

        int posix_spawnattr_init(Pointer attr);

        int posix_spawnattr_destroy(Pointer attr);

        int posix_spawnattr_setflags(Pointer attr, short flags);

        int posix_spawnattr_setsigmask(Pointer attr, Pointer set);

        int posix_spawnattr_setsigdefault(Pointer attr, Pointer set);

        int sigemptyset(Pointer set);

        int sigfillset(Pointer set);

        String strerror(int errnum);
    }

    private static final int O_RDONLY = 0, O_RDWR = 2, ENOEXEC = 8;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;
    /** Room for glibc's posix_spawn_file_actions_t (80 bytes), posix_spawnattr_t (336) and sigset_t (128). */
    private static final int FA_SIZE = 256, ATTR_SIZE = 1024, SIGSET_SIZE = 256;
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final C c;
    private final ExitWatcher exits;
    /** Empty (the mask) and full (the dispositions reset to default) signal sets, built once. */
    private final Memory noSignals = new Memory(SIGSET_SIZE), allSignals = new Memory(SIGSET_SIZE);
    /** File actions and attributes, initialised and destroyed around each spawn (guarded by this). */
    private final Memory fa = new Memory(FA_SIZE), attr = new Memory(ATTR_SIZE);

    private SpawnLauncher(C c, ExitWatcher exits) {
        this.c = c;
        this.exits = exits;
        noSignals.clear();
        allSignals.clear();
        c.sigemptyset(noSignals);
        c.sigfillset(allSignals);
    }

    /**
     * This launcher, or {@link ProcessLauncher} (the portable shell shim, JDK reaping) where the C library or the
     * kernel lacks what it needs; {@code why} receives the reason for the fallback.
     */
    public static Launcher best(java.util.function.Consumer<String> why) {
        try {
            C c = Native.load("c", C.class);
            // resolve every entry point now: a missing one (older glibc) means the fallback, not a failed spawn
            for (String f : List.of("posix_spawn_file_actions_addchdir_np", "posix_spawn_file_actions_addclosefrom_np")) {
                com.sun.jna.NativeLibrary.getInstance("c").getFunction(f);
            }
            return new SpawnLauncher(c, ExitWatcher.create());
        } catch (IOException | LinkageError e) {
            why.accept(e.getMessage());
            return new ProcessLauncher();
        }
    }

    @Override
    public synchronized Spawned spawn(LaunchPlan plan) throws IOException {
        try {
            return spawnNow(plan);
        } finally {
            Posix.close(plan.channelFd()); // the child has its copy (or none ran): the daemon keeps only its own end
        }
    }

    private Spawned spawnNow(LaunchPlan plan) throws IOException {
        List<String> cmd = plan.command();
        String program = executable(cmd.get(0), plan.cwd(), plan.env().get("PATH"));
        String[] argv = cmd.toArray(String[]::new);
        List<String> wrapper = plan.wrapper();
        if (!wrapper.isEmpty()) {
            // the wrapper execs the app's program (found here, with the app's PATH) once it changed ids or limits
            String[] wrapped = new String[wrapper.size() + argv.length];
            for (int w = 0; w < wrapper.size(); w++) wrapped[w] = wrapper.get(w);
            wrapped[wrapper.size()] = program;
            System.arraycopy(argv, 1, wrapped, wrapper.size() + 1, argv.length - 1);
            argv = wrapped;
            program = wrapper.get(0);
        }
        String[] envp = new String[plan.env().size()];
        int i = 0;
        for (Map.Entry<String, String> e : plan.env().entrySet()) envp[i++] = e.getKey() + "=" + e.getValue();

        fa.clear();
        attr.clear();
        check(c.posix_spawn_file_actions_init(fa), "file actions");
        check(c.posix_spawnattr_init(attr), "attributes");
        try {
            if (plan.stdinFifo() == null) {
                check(c.posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0), "stdin");
            } else {
                check(c.posix_spawn_file_actions_addopen(fa, 0, plan.stdinFifo().toString(), O_RDWR, 0), "stdin");
            }
            check(c.posix_spawn_file_actions_addopen(fa, 1, plan.stdoutFifo().toString(), O_RDWR, 0), "stdout");
            check(c.posix_spawn_file_actions_addopen(fa, 2, plan.stderrFifo().toString(), O_RDWR, 0), "stderr");
            check(c.posix_spawn_file_actions_addchdir_np(fa, plan.cwd().toString()), "cwd");
            int keep = 3;
            if (plan.channelFd() >= 0) {
                // Node's IPC channel on fd 3 (dup2 clears close-on-exec on the copy); everything above is closed
                check(c.posix_spawn_file_actions_adddup2(fa, plan.channelFd(), LaunchPlan.CHANNEL_FD), "channel");
                keep = LaunchPlan.CHANNEL_FD + 1;
            }
            check(c.posix_spawn_file_actions_addclosefrom_np(fa, keep), "closefrom");
            if (plan.notifyFifo() != null) {
                // opened as root, before the wrapper changes the user: the FIFO's folder is private to the daemon
                check(c.posix_spawn_file_actions_addopen(fa, LaunchPlan.NOTIFY_FD, plan.notifyFifo().toString(), O_RDWR, 0),
                        "notify");
            }
            check(c.posix_spawnattr_setflags(attr,
                    (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)), "flags");
            check(c.posix_spawnattr_setsigmask(attr, noSignals), "signal mask");
            check(c.posix_spawnattr_setsigdefault(attr, allSignals), "signal defaults");

            IntByReference pid = new IntByReference();
            int rc = c.posix_spawn(pid, program, fa, attr, argv, envp);
            if (rc == ENOEXEC && wrapper.isEmpty()) {
                // no #! line: run it with sh, as execvp(3) and a shell would
                String[] viaSh = new String[argv.length + 1];
                viaSh[0] = "sh";
                viaSh[1] = program;
                System.arraycopy(argv, 1, viaSh, 2, argv.length - 1);
                rc = c.posix_spawn(pid, "/bin/sh", fa, attr, viaSh, envp);
            }
            if (rc != 0) throw new IOException("cannot run " + program + ": " + c.strerror(rc));
            return watched(pid.getValue(), true);
        } finally {
            c.posix_spawn_file_actions_destroy(fa);
            c.posix_spawnattr_destroy(attr);
        }
    }

    @Override
    public boolean passesDescriptors() { return true; }

    @Override
    public Spawned adopt(long pid, long startTicks) {
        if (!ProcFs.isSameLiveProcess(pid, startTicks)) return null;
        int pidfd = exits.open(pid);
        if (pidfd < 0) return null;
        // the pidfd pins this process; check again that the pid was not reused before it was taken
        if (!ProcFs.isSameLiveProcess(pid, startTicks)) {
            exits.closeFd(pidfd);
            return null;
        }
        return new Live(pid, startTicks, exits.watch(pid, pidfd, false));
    }

    private Spawned watched(long pid, boolean child) throws IOException {
        int pidfd = exits.open(pid);
        if (pidfd < 0) throw new IOException("pidfd_open(" + pid + ") failed: errno " + Native.getLastError());
        return new Child(pid, exits.watch(pid, pidfd, child));
    }

    private void check(int rc, String what) throws IOException {
        if (rc != 0) throw new IOException("posix_spawn " + what + ": " + c.strerror(rc));
    }

    /** The program to execute, found as the shell would: relative to cwd when it has a '/', else on PATH. */
    static String executable(String command, Path cwd, String path) throws IOException {
        if (command.isEmpty()) throw new IOException("empty command");
        if (command.indexOf('/') >= 0) return cwd.resolve(command).toString();
        for (String dir : (path == null ? DEFAULT_PATH : path).split(":", -1)) {
            Path p = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p.toString();
        }
        throw new IOException("cannot run " + command + ": not found on PATH ("
                + (path == null ? DEFAULT_PATH + ", the default" : path) + ")");
    }

    private record Live(long pid, long startTicks, CompletableFuture<Integer> exit) implements Spawned {}

    /**
     * A child we spawned. Its start time is read from /proc when first asked (when the state file is written,
     * after the spawn), not on the way from a crash to its restart; until the watcher reaps it, even a child
     * that already ended keeps its /proc entry, so the pid cannot name another process meanwhile.
     */
    private static final class Child implements Spawned {
        private final long pid;
        private final CompletableFuture<Integer> exit;
        private volatile long startTicks = -1;

        Child(long pid, CompletableFuture<Integer> exit) {
            this.pid = pid;
            this.exit = exit;
        }

        @Override public long pid() { return pid; }

        @Override public CompletableFuture<Integer> exit() { return exit; }

        @Override
        public long startTicks() {
            long t = startTicks;
            if (t < 0) startTicks = t = ProcFs.stat(pid).map(ProcFs.Stat::startTicks).orElse(0L);
            return t;
        }
    }
}
