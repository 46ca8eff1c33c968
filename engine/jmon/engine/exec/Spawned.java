package jmon.engine.exec;

import java.util.concurrent.CompletableFuture;

/**
 * A live process jmon launched or re-adopted. {@code exit} completes with the exit code, or null when it is
 * unknown (a re-adopted process is not our child, so its status cannot be read).
 */
public interface Spawned {
    long pid();

    /** Start time in clock ticks since boot: with the pid, the identity that survives a daemon restart. */
    long startTicks();

    CompletableFuture<Integer> exit();
}
