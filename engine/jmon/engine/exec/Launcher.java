package jmon.engine.exec;

import java.io.IOException;

/** Spawns processes. The engine depends on this seam so state-machine tests can use a fake. */
public interface Launcher {
    Spawned spawn(LaunchPlan plan) throws IOException;

    /** Re-attaches to a process recorded by an earlier daemon, or returns null when it is gone or reused. */
    Spawned adopt(long pid, long startTicks);

    /** Can hand a descriptor to the child ({@link LaunchPlan#channelFd}); a launcher that cannot never gets one. */
    default boolean passesDescriptors() { return false; }
}
