package jmon.engine.supervise;

import static jmon.api.ProcessStatus.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.api.EngineEvent;
import jmon.api.EngineEvent.StatusChanged;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.RestartPolicy;
import jmon.engine.exec.LaunchPlan;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The supervisor's state machine driven by hand: fake clock, timers, processes and signals; nothing real runs. */
class SupervisorTest {
    static final long T0 = 1_000_000;
    static final long KILL_TIMEOUT = 1600;

    final FakeClock clock = new FakeClock(T0);
    final FakeScheduler sched = new FakeScheduler(clock);
    final FakeLauncher launcher = new FakeLauncher();
    final FakeSignaller sig = new FakeSignaller();
    final List<EngineEvent> events = new ArrayList<>();
    final List<ManagedProcess> removed = new ArrayList<>();
    int changes;

    final Supervisor sup = new Supervisor(launcher, sched, clock, sig, events::add,
            p -> new LaunchPlan(List.of("x"), Path.of("/"), Map.of(), Path.of("/o"), Path.of("/e")),
            removed::add, () -> changes++);

    // ---- helpers -------------------------------------------------------------------------------------------

    static RestartPolicy policy(boolean autorestart, int maxRestarts, long restartDelay, List<Integer> stopCodes,
                                String stopSignal) {
        return new RestartPolicy(autorestart, maxRestarts, 1000, restartDelay, 0, stopCodes, KILL_TIMEOUT,
                stopSignal);
    }

    static RestartPolicy withDelay(long restartDelay) { return policy(true, 5, restartDelay, List.of(), "SIGINT"); }

    static AppSpec spec(RestartPolicy rp) {
        return new AppSpec("ns", "app", "/bin/app", List.of(), null, List.of(), "/", Map.of(), 1, null, rp, null,
                0, false, null, true, null);
    }

    ManagedProcess stopped(RestartPolicy rp) {
        return sup.create(7, 0, spec(rp), ProcessStatus.STOPPED, Desired.RUN);
    }

    /** A process started and online, with the history of getting there cleared. */
    ManagedProcess online(RestartPolicy rp) {
        ManagedProcess p = stopped(rp);
        sup.start(p, "start");
        assertEquals(ONLINE, p.status());
        clearHistory();
        return p;
    }

    void clearHistory() {
        events.clear();
        sig.sent.clear();
        changes = 0;
    }

    /** The process exits with code (null = unknown); the engine thread then handles the notification. */
    void exit(FakeSpawned s, Integer code) {
        assertTrue(s.exit().complete(code), "exit completed twice");
        sched.runPending();
    }

    List<String> moves() {
        return events.stream().filter(e -> e instanceof StatusChanged).map(e -> (StatusChanged) e)
                .map(e -> e.from() + ">" + e.to()).toList();
    }

    StatusChanged lastChange() {
        for (int i = events.size() - 1; i >= 0; i--) if (events.get(i) instanceof StatusChanged c) return c;
        throw new AssertionError("no status change");
    }

    FakeSpawned spawned(int i) { return launcher.spawned.get(i); }

    ProcessInfo info(ManagedProcess p) { return p.info(clock.nowMs(), 0, 0); }

    // ---- start ---------------------------------------------------------------------------------------------

    @Nested
    class Start {
        @Test
        void startGoesLaunchingThenOnlineWithEventsInOrder() {
            ManagedProcess p = stopped(RestartPolicy.defaults());
            sup.start(p, "start requested");
            assertEquals(List.of("STOPPED>LAUNCHING", "LAUNCHING>ONLINE"), moves());
            for (EngineEvent e : events) {
                StatusChanged c = (StatusChanged) e;
                assertEquals(7, c.pmId());
                assertEquals("ns", c.namespace());
                assertEquals("app", c.name());
                assertEquals("start requested", c.reason());
                assertEquals(T0, c.at());
                assertNull(c.exitCode());
                assertNull(c.signal());
            }
            assertEquals(ONLINE, p.status());
            assertEquals(Desired.RUN, p.desired());
            assertEquals(1000, p.pid());
            assertEquals(10_000, p.startTicks());
            assertEquals(1, launcher.count());
            assertEquals(List.of("x"), launcher.plans.get(0).command());
            assertEquals(T0, p.startedAt);
            assertEquals(0, p.restarts);
            assertEquals(2, changes, "onChange once per transition");
            assertEquals(List.of(), sig.sent);
            assertEquals(List.of(), sched.pendingTimers());
            assertTrue(info(p).ready());
        }

        @Test
        void startOfARunningProcessDoesNothing() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.start(p, "again");
            assertEquals(List.of(), events);
            assertEquals(1, launcher.count());
            assertEquals(ONLINE, p.status());
        }

        @Test
        void manualStartResetsTheUnstableCount() {
            ManagedProcess p = online(policy(true, 1, 0, List.of(), "SIGINT"));
            exit(spawned(0), 1); // unstable 1, immediate respawn
            assertEquals(1, p.unstable);
            exit(spawned(1), 1); // unstable 2 > 1: errored
            assertEquals(ERRORED, p.status());
            sup.start(p, "start");
            assertEquals(ONLINE, p.status());
            assertEquals(0, p.unstable);
            assertEquals(0, p.lastDelay);
            exit(spawned(2), 1); // counted from zero again: a restart, not errored
            assertEquals(ONLINE, p.status());
            assertEquals(1, p.unstable);
            assertEquals(4, launcher.count());
        }
    }

    // ---- crash and restart policy ------------------------------------------------------------------------

    @Nested
    class Crash {
        @Test
        void crashWaitsRestartDelayThenRelaunches() {
            ManagedProcess p = online(withDelay(500));
            clock.advance(2000); // stable
            exit(spawned(0), 1);
            assertEquals(List.of("ONLINE>WAITING_RESTART"), moves());
            StatusChanged c = lastChange();
            assertEquals("exited with code 1; restarting in 500 ms", c.reason());
            assertEquals(1, c.exitCode());
            assertNull(c.signal());
            assertEquals(WAITING_RESTART, p.status());
            assertEquals(1, p.restarts);
            assertEquals(0, p.unstable);
            assertEquals(0, p.pid());
            assertEquals(1000, info(p).pid(), "waiting restart shows the last pid");
            assertEquals(List.of(T0 + 2000 + 500), sched.pendingDueTimes());

            sched.advance(499);
            assertEquals(WAITING_RESTART, p.status());
            assertEquals(1, launcher.count());

            sched.advance(1);
            assertEquals(List.of("ONLINE>WAITING_RESTART", "WAITING_RESTART>LAUNCHING", "LAUNCHING>ONLINE"),
                    moves());
            assertEquals("restart after exited with code 1", lastChange().reason());
            assertEquals(ONLINE, p.status());
            assertEquals(2, launcher.count());
            assertEquals(1001, p.pid());
            assertEquals(T0 + 2500, p.startedAt);
            assertEquals(1, p.restarts);
            assertEquals(List.of(), sched.pendingTimers());
        }

        @Test
        void restartsAreCountedAcrossCrashes() {
            ManagedProcess p = online(withDelay(100));
            for (int i = 0; i < 3; i++) {
                clock.advance(5000);
                exit(launcher.last(), 2);
                sched.advance(100);
                assertEquals(ONLINE, p.status());
            }
            assertEquals(3, p.restarts);
            assertEquals(0, p.unstable);
            assertEquals(4, launcher.count());
            assertEquals(3, info(p).restarts());
        }

        @Test
        void unstableExitsAreCountedAgainstMinUptime() {
            ManagedProcess p = online(withDelay(100));
            clock.advance(999);
            exit(spawned(0), 1);
            assertEquals(1, p.unstable);
            assertEquals("exited with code 1 after 999 ms (unstable); restarting in 100 ms", lastChange().reason());
            sched.advance(100);
            clock.advance(1000); // exactly min_uptime: stable
            exit(spawned(1), 1);
            assertEquals(0, p.unstable);
            assertEquals(2, p.restarts);
        }

        @Test
        void erroredAfterMaxRestartsUnstableExits() {
            // max_restarts 2, jmon's default backoff: first unstable restart at once, the second after 100 ms
            ManagedProcess p = online(policy(true, 2, 0, List.of(), "SIGINT"));
            exit(spawned(0), 1);
            assertEquals(List.of("ONLINE>WAITING_RESTART", "WAITING_RESTART>LAUNCHING", "LAUNCHING>ONLINE"),
                    moves());
            assertEquals("exited with code 1 after 0 ms (unstable); restarting", events.get(0) instanceof
                    StatusChanged c ? c.reason() : null);
            assertEquals(1, p.unstable);
            assertEquals(2, launcher.count());

            exit(spawned(1), 1);
            assertEquals(WAITING_RESTART, p.status());
            assertEquals("exited with code 1 after 0 ms (unstable); restarting in 100 ms", lastChange().reason());
            assertEquals(List.of(T0 + 100), sched.pendingDueTimes());
            sched.advance(100);
            assertEquals(ONLINE, p.status());
            assertEquals(2, p.unstable);
            assertEquals(3, launcher.count());

            events.clear();
            exit(spawned(2), 1);
            assertEquals(List.of("ONLINE>ERRORED"), moves());
            assertEquals("exited with code 1 after 0 ms; too many unstable restarts (2, max_restarts 2)",
                    lastChange().reason());
            assertEquals(1, lastChange().exitCode());
            assertEquals(ERRORED, p.status());
            assertEquals(2, p.restarts);
            assertEquals(0, p.unstable);
            assertEquals(List.of(), sched.pendingTimers());
            sched.advance(60_000);
            assertEquals(3, launcher.count());
            assertEquals(ERRORED, p.status());
        }

        @Test
        void autorestartOffExits() {
            ManagedProcess p = online(policy(false, 5, 0, List.of(), "SIGINT"));
            exit(spawned(0), 0);
            assertEquals(List.of("ONLINE>EXITED"), moves());
            assertEquals("exited with code 0; autorestart is off", lastChange().reason());
            assertEquals(0, lastChange().exitCode());
            assertEquals(EXITED, p.status());
            assertEquals(0, p.restarts);
            assertEquals(1, launcher.count());
            sched.advance(60_000);
            assertEquals(1, launcher.count());
        }

        @Test
        void stopExitCodeExits() {
            ManagedProcess p = online(policy(true, 5, 0, List.of(3), "SIGINT"));
            exit(spawned(0), 3);
            assertEquals(List.of("ONLINE>EXITED"), moves());
            assertEquals("exited with code 3 (a stop_exit_code)", lastChange().reason());
            assertEquals(1, launcher.count());
        }

        @Test
        void deathBySignalIsNamedInTheEvent() {
            ManagedProcess p = online(withDelay(100));
            clock.advance(5000);
            exit(spawned(0), 128 + 15);
            StatusChanged c = lastChange();
            assertEquals(143, c.exitCode());
            assertEquals("SIGTERM", c.signal());
            assertEquals("killed by SIGTERM; restarting in 100 ms", c.reason());
            assertEquals("SIGTERM", info(p).lastSignal());
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "code {0} is {1}")
        @org.junit.jupiter.params.provider.CsvSource({"129, SIGHUP", "130, SIGINT", "131, SIGQUIT", "137, SIGKILL",
                "143, SIGTERM"})
        void knownSignalsAreNamed(int code, String signal) {
            online(withDelay(100));
            clock.advance(5000);
            exit(spawned(0), code);
            assertEquals(signal, lastChange().signal());
            assertEquals("killed by " + signal + "; restarting in 100 ms", lastChange().reason());
        }

        @Test
        void codesUpTo128AreNotSignals() {
            online(withDelay(100));
            clock.advance(5000);
            exit(spawned(0), 128);
            assertNull(lastChange().signal());
            assertEquals("exited with code 128; restarting in 100 ms", lastChange().reason());
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "code {0} is {1}")
        @org.junit.jupiter.params.provider.CsvSource({"134, SIGABRT", "135, SIGBUS", "136, SIGFPE", "139, SIGSEGV",
                "141, SIGPIPE"})
        void usualCrashSignalsAreNamed(int code, String signal) {
            online(withDelay(100));
            clock.advance(5000);
            exit(spawned(0), code);
            assertEquals(signal, lastChange().signal());
            assertEquals("killed by " + signal + "; restarting in 100 ms", lastChange().reason());
        }

        @Test
        void unknownExitCodeOfAnAdoptedProcess() {
            ManagedProcess p = online(withDelay(100));
            clock.advance(5000);
            exit(spawned(0), null);
            assertEquals("exited (code unknown: re-adopted process); restarting in 100 ms", lastChange().reason());
            assertNull(p.lastExitCode);
        }

        @Test
        void unexpectedExitSigkillsTheLeftoverGroup() {
            online(withDelay(100));
            exit(spawned(0), 1);
            assertEquals(List.of("group 1000 SIGKILL"), sig.sent);
        }

        @Test
        void unexpectedExitSigkillsTheGroupEvenWhenNotRestarting() {
            online(policy(false, 5, 0, List.of(), "SIGINT"));
            exit(spawned(0), 0);
            assertEquals(List.of("group 1000 SIGKILL"), sig.sent);
        }

        @Test
        void spawnIOExceptionIsErroredWithSpawnError() {
            ManagedProcess p = stopped(RestartPolicy.defaults());
            launcher.failNext = new IOException("Cannot run program \"x\": error=2, No such file or directory");
            sup.start(p, "start");
            assertEquals(List.of("STOPPED>LAUNCHING", "LAUNCHING>ERRORED"), moves());
            assertEquals("spawn error: Cannot run program \"x\": error=2, No such file or directory",
                    lastChange().reason());
            assertNull(lastChange().exitCode());
            assertEquals(ERRORED, p.status());
            assertEquals(0, p.pid());
            assertEquals(0, launcher.count());
            assertEquals(List.of(), sched.pendingTimers());
        }

        @Test
        void spawnErrorOnADelayedRestartIsErrored() {
            ManagedProcess p = online(withDelay(300));
            clock.advance(5000);
            exit(spawned(0), 1);
            launcher.failNext = new IOException("EACCES");
            sched.advance(300);
            assertEquals(List.of("ONLINE>WAITING_RESTART", "WAITING_RESTART>LAUNCHING", "LAUNCHING>ERRORED"),
                    moves());
            assertEquals("spawn error: EACCES", lastChange().reason());
            assertEquals(ERRORED, p.status());
            assertNull(p.lastExitCode, "the exit code of the earlier run is not shown with a spawn error");
        }

        @Test
        void desiredHaltExitsWithoutRestart() {
            ManagedProcess p = sup.create(1, 0, spec(withDelay(0)), STOPPED, Desired.HALT);
            sup.start(p, "start"); // start sets desired RUN
            assertEquals(Desired.RUN, p.desired());
            p.desired = Desired.HALT;
            clearHistory();
            exit(spawned(0), 1);
            assertEquals(List.of("ONLINE>EXITED"), moves());
            assertEquals("exited with code 1", lastChange().reason());
        }
    }

    // ---- stop ----------------------------------------------------------------------------------------------

    @Nested
    class Stop {
        @Test
        void stopSignalsTheGroupThenStopsOnExit() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.STOP, "stop requested");
            assertEquals(List.of("ONLINE>STOPPING"), moves());
            assertEquals("stop requested", lastChange().reason());
            assertEquals(STOPPING, p.status());
            assertEquals(Desired.HALT, p.desired());
            assertEquals(List.of("group 1000 SIGINT"), sig.sent);
            assertEquals(1, sig.tableReads);
            assertEquals(List.of(T0 + KILL_TIMEOUT), sched.pendingDueTimes());
            assertEquals(1000, p.pid(), "still signallable while stopping");

            clock.advance(100);
            exit(spawned(0), 128 + 2);
            assertEquals(List.of("ONLINE>STOPPING", "STOPPING>STOPPED"), moves());
            StatusChanged c = lastChange();
            assertEquals("stopped (killed by SIGINT)", c.reason());
            assertEquals(130, c.exitCode());
            assertEquals("SIGINT", c.signal());
            assertEquals(STOPPED, p.status());
            assertEquals(0, p.pid());
            // last sweep of the group only; no escalation afterwards
            assertEquals(List.of("group 1000 SIGINT", "group 1000 SIGKILL"), sig.sent);
            assertEquals(List.of(), sched.pendingTimers());
            sched.advance(60_000);
            assertEquals(2, sig.sent.size());
            assertEquals(1, launcher.count());
            assertEquals(0, p.restarts);
        }

        @Test
        void stopUsesTheConfiguredStopSignal() {
            ManagedProcess p = online(policy(true, 5, 0, List.of(), "SIGTERM"));
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            assertEquals(List.of("group 1000 SIGTERM"), sig.sent);
        }

        @Test
        void ignoredStopSignalIsEscalatedToSigkillAfterKillTimeout() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            sched.advance(KILL_TIMEOUT - 1);
            assertEquals(List.of("group 1000 SIGINT"), sig.sent);
            assertEquals(STOPPING, p.status());

            sched.advance(1);
            assertEquals(List.of("group 1000 SIGINT", "group 1000 SIGKILL"), sig.sent);
            assertEquals(STOPPING, p.status());
            assertEquals(List.of(T0 + KILL_TIMEOUT + Supervisor.UNKILLABLE_AFTER_MS), sched.pendingDueTimes());

            exit(spawned(0), 128 + 9);
            assertEquals(List.of("ONLINE>STOPPING", "STOPPING>STOPPED"), moves());
            assertEquals("stopped (killed by SIGKILL)", lastChange().reason());
            assertEquals("SIGKILL", lastChange().signal());
            assertEquals(List.of(), sched.pendingTimers());
            assertEquals(STOPPED, p.status());
        }

        @Test
        void sigkillThatNeverReapsIsErroredUnkillable() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            sched.advance(KILL_TIMEOUT);
            sched.advance(Supervisor.UNKILLABLE_AFTER_MS - 1);
            assertEquals(STOPPING, p.status());
            sched.advance(1);
            assertEquals(List.of("ONLINE>STOPPING", "STOPPING>ERRORED"), moves());
            assertEquals("unkillable: still alive 5000 ms after SIGKILL", lastChange().reason());
            assertEquals(ERRORED, p.status());
            assertEquals(1000, p.pid(), "the pid is kept for the user to see");
            assertEquals(List.of("group 1000 SIGINT", "group 1000 SIGKILL"), sig.sent);
            assertEquals(List.of(), sched.pendingTimers());
            assertEquals(1, launcher.count());
        }

        @Test
        void lateExitOfAnUnkillableProcessIsAbsorbed() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            sched.advance(KILL_TIMEOUT + Supervisor.UNKILLABLE_AFTER_MS);
            assertEquals(ERRORED, p.status());
            events.clear();
            // the kernel finally reaps it (e.g. it was in uninterruptible sleep on a dead NFS mount)
            assertDoesNotThrow(() -> exit(spawned(0), 137));
            assertEquals(ERRORED, p.status());
            assertEquals(0, p.pid(), "no live process any more");
            assertEquals(List.of(), moves());
            assertEquals(1, launcher.count());
        }

        @Test
        void lateExitOfAnUnkillableProcessBeingRestartedIsAbsorbed() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.RESTART, "restart");
            sched.advance(KILL_TIMEOUT + Supervisor.UNKILLABLE_AFTER_MS);
            assertEquals(ERRORED, p.status());
            assertDoesNotThrow(() -> exit(spawned(0), 137));
            assertEquals(ERRORED, p.status());
            assertEquals(0, p.pid());
        }

        @Test
        void aStaleExitAfterUnkillableAndARestartIsIgnored() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            sched.advance(KILL_TIMEOUT + Supervisor.UNKILLABLE_AFTER_MS);
            sup.start(p, "start");
            assertEquals(ONLINE, p.status());
            assertEquals(1001, p.pid());
            clearHistory();
            exit(spawned(0), 137);
            assertEquals(List.of(), events);
            assertEquals(List.of(), sig.sent);
            assertEquals(ONLINE, p.status());
            assertEquals(1001, p.pid());
        }

        @Test
        void stopKillsRecordedDescendantsThatLeftTheGroupOnEscalation() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sig.addLive(2000, 1000, 2000); // a child that made its own group
            sig.addLive(2001, 2000, 2000); // its child
            sig.addLive(3000, 1, 3000);    // unrelated
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            assertEquals(List.of(2000L, 2001L), p.stopSnapshot.stream().map(s -> s.pid()).sorted().toList());
            sig.live.remove(2001L); // died on its own meanwhile
            sched.advance(KILL_TIMEOUT);
            // members outside the group get SIGTERM with the stop signal (a background job ignores SIGINT)
            assertEquals(List.of("group 1000 SIGINT", "pid 2000 SIGTERM", "pid 2001 SIGTERM", "group 1000 SIGKILL",
                    "pid 2000 SIGKILL"), sig.sent);
        }

        @Test
        void leaderExitWaitsForDescendantsUntilTheyAreGone() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sig.addLive(2000, 1000, 2000);
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            clock.advance(100);
            exit(spawned(0), 130);
            assertEquals(STOPPING, p.status(), "a descendant is still alive");
            assertEquals(List.of(T0 + 100 + Supervisor.LEFTOVER_POLL_MS), sched.pendingDueTimes());
            sched.advance(Supervisor.LEFTOVER_POLL_MS);
            assertEquals(STOPPING, p.status());
            sig.live.remove(2000L);
            sched.advance(Supervisor.LEFTOVER_POLL_MS);
            assertEquals(STOPPED, p.status());
            assertEquals(List.of("group 1000 SIGINT", "pid 2000 SIGTERM", "group 1000 SIGKILL"), sig.sent);
            assertEquals(List.of(), sched.pendingTimers());
        }

        @Test
        void leftoverDescendantsAreKilledAtTheKillDeadline() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sig.addLive(2000, 1000, 2000);
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            clock.advance(100);
            exit(spawned(0), 130);
            sched.advance(KILL_TIMEOUT - 100 - 1);
            assertEquals(STOPPING, p.status());
            assertFalse(sig.sent.contains("pid 2000 SIGKILL"));
            sched.advance(1);
            assertEquals(STOPPED, p.status());
            assertEquals(T0 + KILL_TIMEOUT, lastChange().at());
            assertEquals(List.of("group 1000 SIGINT", "pid 2000 SIGTERM", "pid 2000 SIGKILL", "group 1000 SIGKILL"),
                    sig.sent);
        }

        @Test
        void oneTableReadServesABatch() {
            ManagedProcess a = online(RestartPolicy.defaults());
            ManagedProcess b = sup.create(8, 0, spec(RestartPolicy.defaults()), STOPPED, Desired.RUN);
            sup.start(b, "start");
            clearHistory();
            sup.stopAll(List.of(a, b), Intent.STOP, "stop all");
            assertEquals(1, sig.tableReads);
            assertEquals(List.of("group 1000 SIGINT", "group 1001 SIGINT"), sig.sent);
            assertEquals(List.of("ONLINE>STOPPING", "ONLINE>STOPPING"), moves());
        }

        @Test
        void stopOfAHaltedProcessDoesNothing() {
            ManagedProcess p = stopped(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            assertEquals(List.of(), events);
            assertEquals(0, sig.tableReads);
            assertEquals(STOPPED, p.status());
            assertEquals(Desired.HALT, p.desired());
        }

        @Test
        void stopWhileWaitingRestartCancelsTheTimer() {
            ManagedProcess p = online(withDelay(1000));
            clock.advance(5000);
            exit(spawned(0), 1);
            assertEquals(1, sched.pendingTimers().size());
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            assertEquals(List.of("ONLINE>WAITING_RESTART", "WAITING_RESTART>STOPPED"), moves());
            assertEquals("stop", lastChange().reason());
            assertEquals(STOPPED, p.status());
            assertEquals(List.of(), sched.pendingTimers());
            assertEquals(0, sig.tableReads, "nothing to signal");
            sched.advance(60_000);
            assertEquals(1, launcher.count(), "no spawn after the cancelled timer");
            assertEquals(STOPPED, p.status());
            assertEquals(List.of("group 1000 SIGKILL"), sig.sent, "only the crash cleanup");
        }

        @Test
        void startWhileStoppingBecomesARestart() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            sup.start(p, "start");
            assertEquals(Intent.RESTART, p.intent);
            exit(spawned(0), 130);
            assertEquals(List.of("ONLINE>STOPPING", "STOPPING>LAUNCHING", "LAUNCHING>ONLINE"), moves());
            assertEquals(ONLINE, p.status());
            assertEquals(Intent.NONE, p.intent);
        }
    }

    // ---- restart and delete --------------------------------------------------------------------------------

    @Nested
    class RestartAndDelete {
        @Test
        void restartOfAnOnlineProcess() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.RESTART, "restart requested");
            assertEquals(List.of("ONLINE>STOPPING"), moves());
            assertEquals(Desired.RUN, p.desired());
            assertEquals(List.of("group 1000 SIGINT"), sig.sent);
            clock.advance(50);
            exit(spawned(0), 130);
            assertEquals(List.of("ONLINE>STOPPING", "STOPPING>LAUNCHING", "LAUNCHING>ONLINE"), moves());
            assertEquals("restart requested", lastChange().reason());
            assertEquals(ONLINE, p.status());
            assertEquals(1001, p.pid());
            assertEquals(1, p.restarts);
            assertEquals(0, p.unstable);
            assertEquals(T0 + 50, p.startedAt);
            assertEquals(List.of(), sched.pendingTimers(), "the kill timer of the stop is gone");
            sched.advance(60_000);
            assertEquals(List.of("group 1000 SIGINT", "group 1000 SIGKILL"), sig.sent);
            assertEquals(ONLINE, p.status());
        }

        @Test
        void restartWhileWaitingRestartSpawnsNow() {
            ManagedProcess p = online(withDelay(1000));
            clock.advance(5000);
            exit(spawned(0), 1);
            sup.stopAll(List.of(p), Intent.RESTART, "restart");
            assertEquals(List.of("ONLINE>WAITING_RESTART", "WAITING_RESTART>LAUNCHING", "LAUNCHING>ONLINE"),
                    moves());
            assertEquals(List.of(), sched.pendingTimers());
            sched.advance(60_000);
            assertEquals(2, launcher.count(), "the cancelled timer spawns nothing");
        }

        @Test
        void restartOfAStoppedProcessSpawnsAndResetsCounters() {
            ManagedProcess p = stopped(RestartPolicy.defaults());
            p.unstable = 4;
            p.lastDelay = 338;
            sup.stopAll(List.of(p), Intent.RESTART, "restart");
            assertEquals(List.of("STOPPED>LAUNCHING", "LAUNCHING>ONLINE"), moves());
            assertEquals(0, p.unstable);
            assertEquals(0, p.lastDelay);
        }

        @Test
        void deleteOfAnOnlineProcessStopsThenRemovesAndSettlesWaiters() {
            ManagedProcess p = online(RestartPolicy.defaults());
            CompletableFuture<ProcessInfo> never = sup.when(p, m -> false, clock.nowMs());
            CompletableFuture<ProcessInfo> stopped = sup.when(p, m -> m.status() == STOPPED, clock.nowMs());
            sup.stopAll(List.of(p), Intent.DELETE, "delete");
            assertEquals(List.of("ONLINE>STOPPING"), moves());
            assertEquals(Desired.HALT, p.desired());
            assertFalse(never.isDone());
            assertFalse(stopped.isDone());
            assertEquals(List.of(), removed);

            exit(spawned(0), 130);
            assertEquals(List.of("ONLINE>STOPPING", "STOPPING>STOPPED"), moves());
            assertEquals("stopped for delete (killed by SIGINT)", lastChange().reason());
            EngineEvent last = events.get(events.size() - 1);
            EngineEvent.ProcessRemoved r = assertInstanceOf(EngineEvent.ProcessRemoved.class, last);
            assertEquals(7, r.pmId());
            assertEquals("ns", r.namespace());
            assertEquals("app", r.name());
            assertEquals(List.of(p), removed);
            assertTrue(p.isRemoved());
            assertTrue(never.isDone(), "removal settles every waiter");
            assertTrue(stopped.isDone());
            assertEquals(STOPPED, never.join().status());
            assertEquals(List.of(), sched.pendingTimers());
            assertEquals(1, launcher.count());
        }

        @Test
        void deleteOfAHaltedProcessRemovesAtOnce() {
            ManagedProcess p = stopped(RestartPolicy.defaults());
            CompletableFuture<ProcessInfo> w = sup.when(p, m -> false, clock.nowMs());
            sup.stopAll(List.of(p), Intent.DELETE, "delete");
            assertEquals(1, events.size());
            assertInstanceOf(EngineEvent.ProcessRemoved.class, events.get(0));
            assertEquals(List.of(p), removed);
            assertTrue(w.isDone());
            assertEquals(0, sig.tableReads);
            assertEquals(List.of(), sig.sent);
        }

        @Test
        void deleteWhileWaitingRestartStopsAndRemoves() {
            ManagedProcess p = online(withDelay(1000));
            clock.advance(5000);
            exit(spawned(0), 1);
            sup.stopAll(List.of(p), Intent.DELETE, "delete");
            assertEquals(List.of("ONLINE>WAITING_RESTART", "WAITING_RESTART>STOPPED"), moves());
            assertInstanceOf(EngineEvent.ProcessRemoved.class, events.get(events.size() - 1));
            assertEquals(List.of(p), removed);
            sched.advance(60_000);
            assertEquals(1, launcher.count());
        }

        @Test
        void deleteWinsOverALaterRestartWhileStopping() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.DELETE, "delete");
            sup.stopAll(List.of(p), Intent.RESTART, "restart");
            assertEquals(Intent.DELETE, p.intent);
            exit(spawned(0), 130);
            assertEquals(List.of(p), removed);
            assertEquals(1, launcher.count());
        }

        @Test
        void aLaterDeleteWinsOverARestartWhileStopping() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.RESTART, "restart");
            sup.stopAll(List.of(p), Intent.DELETE, "delete");
            exit(spawned(0), 130);
            assertEquals(List.of(p), removed);
            assertEquals(1, launcher.count());
            assertEquals(List.of("group 1000 SIGINT", "group 1000 SIGKILL"), sig.sent, "signalled once");
        }

        @Test
        void exitAfterRemovalIsIgnored() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.DELETE, "delete");
            exit(spawned(0), 130);
            clearHistory();
            sup.onExit(p, spawned(0), 130);
            assertEquals(List.of(), events);
            assertEquals(List.of(), sig.sent);
        }
    }

    // ---- stale exits, shutdown, waiters --------------------------------------------------------------------

    @Nested
    class Misc {
        @Test
        void staleExitOfAnEarlierSpawnIsIgnored() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.RESTART, "restart");
            exit(spawned(0), 130);
            assertEquals(1001, p.pid());
            clearHistory();
            int restarts = p.restarts;
            sup.onExit(p, spawned(0), 1); // a duplicate notification of the first process
            assertEquals(List.of(), events);
            assertEquals(List.of(), sig.sent);
            assertEquals(ONLINE, p.status());
            assertEquals(1001, p.pid());
            assertEquals(restarts, p.restarts);
            assertEquals(130, p.lastExitCode);
            assertEquals(2, launcher.count());
        }

        @Test
        void afterBeginShutdownACrashDoesNotRespawn() {
            ManagedProcess p = online(withDelay(0));
            sup.beginShutdown();
            assertTrue(sup.isShuttingDown());
            clock.advance(5000);
            exit(spawned(0), 1);
            assertEquals(List.of("ONLINE>EXITED"), moves());
            assertEquals("exited with code 1", lastChange().reason());
            assertEquals(EXITED, p.status());
            assertEquals(1, launcher.count());
            sched.advance(60_000);
            assertEquals(1, launcher.count());
        }

        @Test
        void shutdownDuringWaitingRestartStopsWhenTheTimerFires() {
            ManagedProcess p = online(withDelay(1000));
            clock.advance(5000);
            exit(spawned(0), 1);
            sup.beginShutdown();
            sched.advance(1000);
            assertEquals(List.of("ONLINE>WAITING_RESTART", "WAITING_RESTART>STOPPED"), moves());
            assertEquals("daemon shutting down", lastChange().reason());
            assertEquals(1, launcher.count());
        }

        @Test
        void restartDuringShutdownEndsStopped() {
            ManagedProcess p = online(RestartPolicy.defaults());
            sup.stopAll(List.of(p), Intent.RESTART, "restart");
            sup.beginShutdown();
            exit(spawned(0), 130);
            assertEquals(List.of("ONLINE>STOPPING", "STOPPING>STOPPED"), moves());
            assertEquals(STOPPED, p.status());
            assertEquals(1, launcher.count());
        }

        @Test
        void startDuringShutdownSpawnsNothing() {
            ManagedProcess p = stopped(RestartPolicy.defaults());
            sup.beginShutdown();
            sup.start(p, "start");
            assertEquals(List.of(), events);
            assertEquals(STOPPED, p.status());
            assertEquals(0, launcher.plans.size());
        }

        @Test
        void whenCompletesOnSettle() {
            ManagedProcess p = stopped(RestartPolicy.defaults());
            CompletableFuture<ProcessInfo> f = sup.when(p, m -> m.status() == ONLINE, clock.nowMs());
            assertFalse(f.isDone());
            sup.start(p, "start");
            assertTrue(f.isDone());
            ProcessInfo i = f.join();
            assertEquals(ONLINE, i.status());
            assertEquals(1000, i.pid());

            CompletableFuture<ProcessInfo> halted = sup.when(p, m -> m.status().isHalted(), clock.nowMs());
            sup.stopAll(List.of(p), Intent.STOP, "stop");
            assertFalse(halted.isDone(), "stopping is not halted");
            clock.advance(10);
            exit(spawned(0), 130);
            assertTrue(halted.isDone());
            assertEquals(STOPPED, halted.join().status());
        }

        @Test
        void whenAlreadyTrueCompletesAtOnce() {
            ManagedProcess p = online(RestartPolicy.defaults());
            CompletableFuture<ProcessInfo> f = sup.when(p, m -> m.status() == ONLINE, clock.nowMs());
            assertTrue(f.isDone());
            assertEquals(1000, f.join().pid());
        }

        @Test
        void whenSeesIntermediateStatusesOfARestart() {
            ManagedProcess p = online(withDelay(0));
            CompletableFuture<ProcessInfo> waiting =
                    sup.when(p, m -> m.status() == WAITING_RESTART, clock.nowMs());
            exit(spawned(0), 1);
            assertTrue(waiting.isDone());
            assertEquals(WAITING_RESTART, waiting.join().status());
            assertEquals(ONLINE, p.status(), "and then online again at once");
        }

        @Test
        void everyTransitionNotifiesOnChange() {
            ManagedProcess p = online(withDelay(100));
            exit(spawned(0), 1);
            sched.advance(100);
            assertEquals(3, changes);
        }
    }
}
