package jmon.engine.supervise;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jmon.engine.exec.LaunchPlan;
import jmon.engine.exec.Launcher;
import jmon.engine.exec.Spawned;

/** Hands out FakeSpawned with increasing pids, or throws what the test asks for. */
final class FakeLauncher implements Launcher {
    final List<FakeSpawned> spawned = new ArrayList<>();
    final List<LaunchPlan> plans = new ArrayList<>();
    long nextPid = 1000;
    /** Thrown by the next spawn (then cleared). */
    IOException failNext;

    @Override
    public Spawned spawn(LaunchPlan plan) throws IOException {
        plans.add(plan);
        if (failNext != null) {
            IOException e = failNext;
            failNext = null;
            throw e;
        }
        FakeSpawned s = new FakeSpawned(nextPid++);
        spawned.add(s);
        return s;
    }

    @Override
    public Spawned adopt(long pid, long startTicks) { return null; }

    FakeSpawned last() { return spawned.get(spawned.size() - 1); }

    int count() { return spawned.size(); }
}
