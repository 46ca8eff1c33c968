package jmon.engine.supervise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import jmon.engine.time.Scheduler;
import org.junit.jupiter.api.Test;

/** The fakes the supervisor tests lean on behave as documented. */
class FakeSchedulerTest {
    final FakeClock clock = new FakeClock(100);
    final FakeScheduler sched = new FakeScheduler(clock);
    final List<String> ran = new ArrayList<>();

    @Test
    void timersRunInDueOrderAtTheirDueTime() {
        sched.schedule(() -> ran.add("b@" + clock.nowMs()), 50);
        sched.schedule(() -> ran.add("a@" + clock.nowMs()), 10);
        sched.schedule(() -> ran.add("c@" + clock.nowMs()), 50);
        sched.advance(49);
        assertEquals(List.of("a@110"), ran);
        assertEquals(149, clock.nowMs());
        sched.advance(1);
        assertEquals(List.of("a@110", "b@150", "c@150"), ran);
    }

    @Test
    void executeQueuesUntilRunPendingOrAdvance() {
        sched.execute(() -> ran.add("x"));
        assertEquals(List.of(), ran);
        assertEquals(1, sched.queued());
        sched.runPending();
        assertEquals(List.of("x"), ran);
        sched.execute(() -> ran.add("y"));
        sched.advance(0);
        assertEquals(List.of("x", "y"), ran);
    }

    @Test
    void cancelledTimersNeverRun() {
        Scheduler.Cancellable c = sched.schedule(() -> ran.add("no"), 5);
        c.cancel();
        sched.advance(100);
        assertEquals(List.of(), ran);
        assertEquals(List.of(), sched.pendingTimers());
    }

    @Test
    void timersScheduledByTimersRunWithinTheSameAdvance() {
        sched.schedule(() -> sched.schedule(() -> ran.add("inner@" + clock.nowMs()), 20), 10);
        sched.advance(30);
        assertEquals(List.of("inner@130"), ran);
        sched.schedule(() -> sched.schedule(() -> ran.add("late"), 20), 10);
        sched.advance(29);
        assertEquals(List.of("inner@130"), ran);
        assertEquals(List.of(160L), sched.pendingDueTimes());
    }

    @Test
    void clockOnlyMovesForward() {
        assertThrows(IllegalArgumentException.class, () -> clock.set(99));
    }

    @Test
    void launcherHandsOutIncreasingPidsAndFailsOnce() throws Exception {
        FakeLauncher l = new FakeLauncher();
        assertEquals(1000, l.spawn(null).pid());
        l.failNext = new java.io.IOException("boom");
        assertThrows(java.io.IOException.class, () -> l.spawn(null));
        assertEquals(1001, l.spawn(null).pid());
        assertEquals(2, l.count());
    }
}
