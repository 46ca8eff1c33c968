package jmon.engine.exec;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Real launcher. Each app runs in its own session and process group ({@code setsid}), so a stop signal reaches
 * the whole group. The child opens its stdout/stderr FIFOs read-write itself: it then never gets SIGPIPE when
 * the daemon dies, and a new daemon can reopen the same FIFOs and re-adopt it without losing a line.
 */
public final class ProcessLauncher implements Launcher {
    /**
     * $1 = stdin (a FIFO or /dev/null), $2 = stdout FIFO, $3 = stderr FIFO, then the command; the shell execs
     * it so the pid stays the app's.
     */
    private static final String SHIM = "exec 0<>\"$1\" 1<>\"$2\" 2<>\"$3\" || exit 127; shift 3; exec \"$@\"";
    /** The same, with $4 the notify FIFO opened on fd 4 ({@link LaunchPlan#NOTIFY_FD}) before the wrapper runs. */
    private static final String SHIM_NOTIFY =
            "exec 0<>\"$1\" 1<>\"$2\" 2<>\"$3\" 4<>\"$4\" || exit 127; shift 4; exec \"$@\"";

    @Override
    public Spawned spawn(LaunchPlan plan) throws IOException {
        Posix.close(plan.channelFd()); // never given one (passesDescriptors is false); closed if it were
        List<String> cmd = new ArrayList<>(List.of("setsid", "sh", "-c", plan.notifyFifo() == null ? SHIM : SHIM_NOTIFY,
                "jmon-launch", plan.stdinFifo() == null ? "/dev/null" : plan.stdinFifo().toString(),
                plan.stdoutFifo().toString(), plan.stderrFifo().toString()));
        if (plan.notifyFifo() != null) cmd.add(plan.notifyFifo().toString());
        cmd.addAll(plan.wrapper());
        cmd.addAll(plan.command());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(plan.cwd().toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(plan.env());
        Process p = pb.start();
        long pid = p.pid();
        long ticks = ProcFs.stat(pid).map(ProcFs.Stat::startTicks).orElse(0L);
        CompletableFuture<Integer> exit = p.onExit().thenApply(Process::exitValue);
        return new Live(pid, ticks, exit);
    }

    @Override
    public Spawned adopt(long pid, long startTicks) {
        if (!ProcFs.isSameLiveProcess(pid, startTicks)) return null;
        var handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) return null;
        // Not our child: the JDK polls for its end; the exit code cannot be known.
        CompletableFuture<Integer> exit = handle.get().onExit().thenApply(h -> null);
        return new Live(pid, startTicks, exit);
    }

    private record Live(long pid, long startTicks, CompletableFuture<Integer> exit) implements Spawned {}
}
