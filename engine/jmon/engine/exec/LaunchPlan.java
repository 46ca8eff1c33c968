package jmon.engine.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to spawn one process: the full command line, where, with what, writing where.
 * {@code stdinFifo} null means stdin is /dev/null.
 */
public record LaunchPlan(List<String> command, Path cwd, Map<String, String> env, Path stdoutFifo, Path stderrFifo,
                         Path stdinFifo) {
    public LaunchPlan(List<String> command, Path cwd, Map<String, String> env, Path stdoutFifo, Path stderrFifo) {
        this(command, cwd, env, stdoutFifo, stderrFifo, null);
    }
}
