package jmon.engine.supervise;

import static jmon.api.ProcessStatus.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmon.api.Desired;
import jmon.api.ProcessStatus;
import jmon.engine.exec.LaunchPlan;
import jmon.engine.exec.MarkedProcess;
import org.junit.jupiter.api.Test;

/**
 * Members in the state machine (fake clock, signals, launcher): generation per spawn, marked orphans killed on
 * a crash, members outside the group stopped with the app, leftovers and recovery orphans ended.
 */
class SupervisorMembersTest {
    final FakeClock clock = new FakeClock(SupervisorTest.T0);
    final FakeScheduler sched = new FakeScheduler(clock);
    final FakeLauncher launcher = new FakeLauncher();
    final FakeSignaller sig = new FakeSignaller();
    final List<Long> generations = new ArrayList<>();
    /** How many signals had been sent when each plan was built. */
    final List<Integer> signalsAtSpawn = new ArrayList<>();
    final List<MarkedProcess> orphans = new ArrayList<>();
    final List<MarkedProcess> everywhere = new ArrayList<>();
    int orphanLooks;

    final Supervisor sup = new Supervisor(launcher, sched, clock, sig, e -> {},
            p -> {
                generations.add(p.generation());
                signalsAtSpawn.add(sig.sent.size());
                return new LaunchPlan(List.of("x"), Path.of("/"), Map.of(), Path.of("/o"), Path.of("/e"));
            }, p -> {}, () -> {});

    {
        sup.setMemberFinder(new Supervisor.MemberFinder() {
            @Override public List<MarkedProcess> everywhere() { return List.copyOf(everywhere); }
            @Override public List<MarkedProcess> orphans() {
                orphanLooks++;
                return List.copyOf(orphans);
            }
        });
    }

    ManagedProcess online() {
        ManagedProcess p = sup.create(7, 0, SupervisorTest.spec(SupervisorTest.withDelay(0)), ProcessStatus.STOPPED, Desired.RUN);
        sup.start(p, "start");
        assertEquals(ONLINE, p.status());
        sig.sent.clear();
        return p;
    }

    static MarkedProcess marked(long pid, int pmId, long gen, long session) {
        return new MarkedProcess(pid, pid * 10, 1, session, session, pmId, gen, "sleep");
    }

    @Test
    void eachSpawnIsANewGenerationSeenByThePlanAndRecorded() {
        ManagedProcess p = online();
        FakeSpawned first = launcher.last();
        first.exit().complete(1);
        sched.runPending();
        assertEquals(ONLINE, p.status());
        assertEquals(List.of(1L, 2L), generations);
        assertEquals(2, sup.record(p).generation());
        sup.restoreGeneration(p, 9);
        sup.restoreGeneration(p, 4); // never backwards
        assertEquals(9, p.generation());
    }

    @Test
    void aCrashKillsTheGroupAndTheMarkedOrphansOfThatAppOnly() {
        ManagedProcess p = online();
        long leader = p.pid();
        orphans.add(marked(5001, 7, 1, 5001)); // its double-forked daemon
        orphans.add(marked(5002, 8, 1, 5002)); // another app's
        launcher.last().exit().complete(1);
        sched.runPending();
        assertEquals(1, orphanLooks, "one cheap look on the crash path");
        assertTrue(sig.sent.indexOf("group " + leader + " SIGKILL") >= 0, sig.sent.toString());
        assertTrue(sig.sent.contains("pid 5001 SIGKILL"), sig.sent.toString());
        assertFalse(sig.sent.contains("pid 5002 SIGKILL"), sig.sent.toString());
        assertEquals(2, launcher.spawned.size());
        assertTrue(sig.sent.indexOf("pid 5001 SIGKILL") < signalsAtSpawn.get(1), "killed before the restart");
    }

    @Test
    void aReadoptedLeadersCrashLooksEverywhereForItsMembers() {
        ManagedProcess p = sup.create(7, 0, SupervisorTest.spec(SupervisorTest.withDelay(0)), ProcessStatus.ONLINE, Desired.RUN);
        FakeSpawned old = new FakeSpawned(4000);
        sup.adopt(p, old, SupervisorTest.T0);
        everywhere.add(marked(4001, 7, 1, 4001)); // its double-forked daemon, re-parented to init long ago
        old.exit().complete(null);
        sched.runPending();
        assertEquals(0, orphanLooks, "its orphans are not the daemon's children");
        assertTrue(sig.sent.contains("pid 4001 SIGKILL"), sig.sent.toString());
        // the respawn is the daemon's own child again: back to the cheap look
        everywhere.clear();
        launcher.last().exit().complete(1);
        sched.runPending();
        assertEquals(1, orphanLooks);
    }

    @Test
    void aStopSendsSigtermToMembersOutsideTheGroupAndSigkillAtTheDeadline() {
        ManagedProcess p = online();
        long leader = p.pid();
        sig.addLive(leader, 1, leader);
        sig.addLive(6001, leader, leader);           // a child in the group: the group signal covers it
        everywhere.add(marked(6002, 7, 1, 6002));     // double-forked, re-parented: found by its marker
        sig.live.add(6002L);
        sup.stopAll(List.of(p), Intent.STOP, "stop");
        assertEquals(List.of("group " + leader + " SIGINT", "pid 6002 SIGTERM"), sig.sent);
        launcher.last().exit().complete(130);
        sched.runPending();
        assertEquals(STOPPING, p.status(), "waits for the member until kill_timeout");
        sig.sent.clear();
        sched.advance(SupervisorTest.KILL_TIMEOUT);
        assertTrue(sig.sent.contains("pid 6002 SIGKILL"), sig.sent.toString());
        assertEquals(STOPPED, p.status());
    }

    @Test
    void leftoversAreKilledWhenNoRunningAppOwnsThem() {
        ManagedProcess p = online(); // generation 1, online
        assertFalse(sup.killLeftover(p, marked(7001, 7, 1, 7001)), "the current run's member stays");
        assertTrue(sup.killLeftover(null, marked(7002, 9, 1, 7002)), "unknown pm_id");
        launcher.last().exit().complete(1);
        sched.runPending(); // generation 2 now
        assertTrue(sup.killLeftover(p, marked(7003, 7, 1, 7003)), "a member of the run before");
        sup.stopAll(List.of(p), Intent.STOP, "stop");
        launcher.last().exit().complete(0);
        sched.runPending();
        assertEquals(STOPPED, p.status());
        assertTrue(sup.killLeftover(p, marked(7004, 7, 2, 7004)), "the app is stopped");
        assertEquals(List.of("pid 7002 SIGKILL", "pid 7003 SIGKILL", "pid 7004 SIGKILL"),
                sig.sent.stream().filter(s -> s.startsWith("pid 70")).toList());
    }

    @Test
    void recoveryOrphansGetSigtermThenSigkillIfStillThere() {
        sig.live.add(8001L);
        sig.live.add(8002L);
        sup.terminateOrphans(List.of(marked(8001, 3, 1, 8001), marked(8002, 3, 1, 8001), marked(8003, 3, 1, 8003)));
        assertEquals(List.of("pid 8001 SIGTERM", "pid 8002 SIGTERM"), sig.sent, "8003 is already gone");
        sig.live.remove(8001L); // it obeyed
        sig.sent.clear();
        sched.advance(Supervisor.ORPHAN_GRACE_MS);
        assertEquals(List.of("pid 8002 SIGKILL"), sig.sent);
    }
}
