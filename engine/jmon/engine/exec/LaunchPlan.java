package jmon.engine.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to spawn one process: the full command line, where, with what, writing where.
 * {@code stdinFifo} null means stdin is /dev/null; {@code channelFd} -1 means no IPC channel; {@code wrapper}
 * is what runs before the command to change the user or limits ({@link LaunchWrapper}), empty for most apps.
 */
public record LaunchPlan(List<String> command, Path cwd, Map<String, String> env, Path stdoutFifo, Path stderrFifo,
                         Path stdinFifo, int channelFd, List<String> wrapper, Path notifyFifo) {
    /**
     * The descriptor an app that runs as another user finds its notify FIFO on: the run folder is private to the
     * daemon's user, so the child opens the FIFO as root before the wrapper drops it, and {@code JMON_NOTIFY}
     * names the descriptor ({@code /proc/self/fd/4}) instead of the path.
     */
    public static final int NOTIFY_FD = 4;

    public LaunchPlan {
        wrapper = wrapper == null ? List.of() : List.copyOf(wrapper);
    }

    public LaunchPlan(List<String> command, Path cwd, Map<String, String> env, Path stdoutFifo, Path stderrFifo,
                      Path stdinFifo, int channelFd) {
        this(command, cwd, env, stdoutFifo, stderrFifo, stdinFifo, channelFd, List.of(), null);
    }

    /** The descriptor a Node app finds its IPC channel on ({@code NODE_CHANNEL_FD}). */
    public static final int CHANNEL_FD = 3;

    public LaunchPlan(List<String> command, Path cwd, Map<String, String> env, Path stdoutFifo, Path stderrFifo,
                      Path stdinFifo) {
        this(command, cwd, env, stdoutFifo, stderrFifo, stdinFifo, -1);
    }

    public LaunchPlan(List<String> command, Path cwd, Map<String, String> env, Path stdoutFifo, Path stderrFifo) {
        this(command, cwd, env, stdoutFifo, stderrFifo, null, -1);
    }

    /** This plan with {@code prefix} run before the command. */
    public LaunchPlan withWrapper(List<String> prefix) {
        return new LaunchPlan(command, cwd, env, stdoutFifo, stderrFifo, stdinFifo, channelFd, prefix, notifyFifo);
    }

    /** This plan with the notify FIFO opened by the child on {@link #NOTIFY_FD}, and announced there. */
    public LaunchPlan withInheritedNotify(Path fifo) {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("JMON_NOTIFY", "/proc/self/fd/" + NOTIFY_FD);
        return new LaunchPlan(command, cwd, e, stdoutFifo, stderrFifo, stdinFifo, channelFd, wrapper, fifo);
    }

    /**
     * This plan with a Node IPC channel: the child's end of a socket pair (the launcher moves it to fd 3 and
     * closes the daemon's copy once the child runs), announced the way Node expects it.
     */
    public LaunchPlan withChannel(int childEnd) {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("NODE_CHANNEL_FD", Integer.toString(CHANNEL_FD));
        e.put("NODE_CHANNEL_SERIALIZATION_MODE", "json");
        return new LaunchPlan(command, cwd, e, stdoutFifo, stderrFifo, stdinFifo, childEnd, wrapper, notifyFifo);
    }
}
