package jmon.engine.supervise;

import java.util.concurrent.CompletableFuture;
import jmon.engine.exec.Spawned;

/** A process that exits when the test says so. */
final class FakeSpawned implements Spawned {
    private final long pid;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    FakeSpawned(long pid) { this.pid = pid; }

    @Override public long pid() { return pid; }

    @Override public long startTicks() { return pid * 10; }

    @Override public CompletableFuture<Integer> exit() { return exit; }

    @Override public String toString() { return "FakeSpawned[" + pid + "]"; }
}
