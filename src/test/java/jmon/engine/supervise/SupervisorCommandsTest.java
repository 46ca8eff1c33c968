package jmon.engine.supervise;

import static jmon.api.ProcessStatus.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.api.EngineEvent;
import jmon.api.LifecycleCommands;
import jmon.api.RestartPolicy;
import jmon.engine.exec.LaunchPlan;
import org.junit.jupiter.api.Test;

/** pre_start and stop_command in the supervisor's state machine, by hand: fake clock, timers and processes. */
class SupervisorCommandsTest {
    final FakeClock clock = new FakeClock(1_000_000);
    final FakeScheduler sched = new FakeScheduler(clock);
    final FakeLauncher launcher = new FakeLauncher();
    final FakeSignaller sig = new FakeSignaller();
    final List<EngineEvent> events = new ArrayList<>();

    final Supervisor sup = new Supervisor(launcher, sched, clock, sig, events::add,
            p -> new LaunchPlan(List.of("app"), Path.of("/"), Map.of(), Path.of("/o"), Path.of("/e")),
            p -> {}, () -> {});

    {
        sup.setCommandRunner(new CommandRunner(launcher, sched, sig,
                (p, which, cmd) -> new LaunchPlan(List.of("/bin/sh", "-c", cmd), Path.of("/"), Map.of("JMON_COMMAND", which),
                        Path.of("/o"), Path.of("/e"))));
    }

    ManagedProcess process(LifecycleCommands c) {
        AppSpec s = new AppSpec("ns", "app", "/bin/app", List.of(), null, List.of(), "/", Map.of(), 1, null,
                RestartPolicy.defaults(), null, 0, false, null, true, null, null, false, null, null, null, c);
        return sup.create(3, 0, s, STOPPED, Desired.RUN);
    }

    List<String> commands() {
        List<String> out = new ArrayList<>();
        for (LaunchPlan p : launcher.plans) out.add(String.join(" ", p.command()));
        return out;
    }

    void exit(int spawnIndex, int code) {
        launcher.spawned.get(spawnIndex).exit().complete(code);
        sched.runPending();
    }

    @Test
    void theAppIsSpawnedOnlyAfterItsPreStartSucceeded() {
        ManagedProcess p = process(new LifecycleCommands("prepare", null, null, 5000));
        sup.start(p, "start");
        assertEquals(LAUNCHING, p.status());
        assertEquals(List.of("/bin/sh -c prepare"), commands(), "the command runs, the app not yet");
        assertEquals(0, p.pid());
        exit(0, 0);
        assertEquals(ONLINE, p.status());
        assertEquals(List.of("/bin/sh -c prepare", "app"), commands());
    }

    @Test
    void aFailedOrTimedOutPreStartIsErroredWithItsReasonAndNoSpawn() {
        ManagedProcess p = process(new LifecycleCommands("prepare", null, null, 5000));
        sup.start(p, "start");
        exit(0, 3);
        assertEquals(ERRORED, p.status());
        assertEquals("start failed: pre_start exited with code 3", p.reason);
        assertEquals(1, launcher.spawned.size());

        sup.start(p, "again");
        sched.advance(5000);
        assertEquals(ERRORED, p.status());
        assertEquals("start failed: pre_start timed out after 5000 ms (command_timeout)", p.reason);
        assertTrue(sig.sent.contains("group " + launcher.spawned.get(1).pid() + " SIGKILL"), "the command's group is killed");
        exit(1, 137); // its end, after the timeout, changes nothing
        assertEquals(ERRORED, p.status());
        assertEquals(2, launcher.spawned.size());
    }

    @Test
    void aStopDuringPreStartKillsItAndARestartRunsItAgain() {
        ManagedProcess p = process(new LifecycleCommands("prepare", null, null, 5000));
        sup.start(p, "start");
        long cmd = launcher.spawned.get(0).pid();
        sup.stopAll(List.of(p), Intent.STOP, "stop");
        assertEquals(STOPPED, p.status());
        assertTrue(sig.sent.contains("group " + cmd + " SIGKILL"));
        exit(0, 137);
        assertEquals(STOPPED, p.status(), "the killed command's end spawns nothing");
        assertEquals(1, launcher.spawned.size());

        sup.start(p, "start");
        sup.stopAll(List.of(p), Intent.RESTART, "restart");
        assertEquals(LAUNCHING, p.status(), "a restart runs pre_start again");
        assertEquals(3, launcher.spawned.size());
    }

    @Test
    void theStopSignalFollowsTheStopCommandAndKillTimeoutCountsFromThen() {
        ManagedProcess p = process(new LifecycleCommands(null, null, "drain", 5000));
        sup.start(p, "start");
        long app = p.pid();
        sig.sent.clear();
        sup.stopAll(List.of(p), Intent.STOP, "stop");
        assertEquals(STOPPING, p.status());
        assertEquals(List.of("app", "/bin/sh -c drain"), commands());
        assertFalse(sig.sent.contains("group " + app + " SIGINT"), "no signal while the stop command runs");
        sched.advance(3000);
        exit(1, 0);
        assertTrue(sig.sent.contains("group " + app + " SIGINT"), sig.sent.toString());
        sched.advance(RestartPolicy.DEFAULT_KILL_TIMEOUT_MS - 1);
        assertFalse(sig.sent.contains("group " + app + " SIGKILL"), "kill_timeout counts from the signal");
        sched.advance(1);
        assertTrue(sig.sent.contains("group " + app + " SIGKILL"));
    }

    @Test
    void postStopRunsAfterAnExit() {
        ManagedProcess p = process(new LifecycleCommands(null, "cleanup", null, 5000));
        sup.start(p, "start");
        exit(0, 1);
        assertTrue(commands().contains("/bin/sh -c cleanup"), commands().toString());
    }
}
