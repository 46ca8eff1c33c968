package jmon.engine.supervise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import jmon.engine.exec.MarkedProcess;
import jmon.engine.supervise.Reconciler.Known;
import jmon.engine.supervise.Reconciler.Leader;
import jmon.engine.supervise.Reconciler.Plan;
import org.junit.jupiter.api.Test;

/** The recovery decision on plain data: journal records against marked processes found in /proc. */
class ReconcilerTest {
    private static final BiPredicate<Long, Long> NOTHING_ELSE_ALIVE = (pid, t) -> false;

    /** A session leader (pid == session == pgrp). */
    private static MarkedProcess leader(long pid, long ticks, int pmId, long gen) {
        return new MarkedProcess(pid, ticks, 1, pid, pid, pmId, gen, "app");
    }

    /** A process inside session {@code session}. */
    private static MarkedProcess inside(long pid, long ticks, long session, int pmId, long gen) {
        return new MarkedProcess(pid, ticks, session, session, session, pmId, gen, "child");
    }

    @Test
    void recordedLeaderAliveIsAdoptedAndTheRestAreMembers() {
        Plan p = Reconciler.reconcile(List.of(new Known(1, 100, 5000, 3, false)),
                List.of(leader(100, 5000, 1, 3), inside(101, 5001, 100, 1, 3), leader(102, 5002, 1, 3)),
                NOTHING_ELSE_ALIVE);
        assertEquals(new Leader(100, 5000, 3, false), p.leaders().get(1));
        assertEquals(List.of(101L, 102L), p.members().get(1).stream().map(MarkedProcess::pid).toList());
        assertEquals(List.of(), p.orphans());
    }

    @Test
    void recordedLeaderWithAnotherStartTimeIsAReusedPidNotTheLeader() {
        // pid 100 now names a different process of the same app (reused pid): not the recorded one
        Plan p = Reconciler.reconcile(List.of(new Known(1, 100, 5000, 3, false)),
                List.of(inside(100, 9000, 50, 1, 3)), NOTHING_ELSE_ALIVE);
        assertNull(p.leaders().get(1));
        assertEquals(1, p.members().get(1).size());
    }

    @Test
    void recordedLeaderWithoutMarkerIsAdoptedWhenItStillRuns() {
        // spawned by a daemon from before the marker: not in the scan, alive by pid + start time
        BiPredicate<Long, Long> alive = (pid, t) -> pid == 100 && t == 5000;
        Plan p = Reconciler.reconcile(List.of(new Known(1, 100, 5000, 0, false)), List.of(), alive);
        assertEquals(new Leader(100, 5000, 0, false), p.leaders().get(1));
        assertEquals(List.of(), p.members().get(1));
    }

    @Test
    void recordedLeaderGoneNewerSessionLeaderIsAdoptedByItsMarker() {
        // the journal recorded generation 3, the crash lost generation 4's spawn record
        Plan p = Reconciler.reconcile(List.of(new Known(1, 100, 5000, 3, false)),
                List.of(leader(200, 6000, 1, 4), inside(201, 6001, 200, 1, 4)), NOTHING_ELSE_ALIVE);
        assertEquals(new Leader(200, 6000, 4, true), p.leaders().get(1));
        assertEquals(List.of(201L), p.members().get(1).stream().map(MarkedProcess::pid).toList());
    }

    @Test
    void notRecordedAtAllTheSessionLeaderIsAdopted() {
        Plan p = Reconciler.reconcile(List.of(new Known(1, 0, 0, 0, false)), List.of(leader(200, 6000, 1, 1)),
                NOTHING_ELSE_ALIVE);
        assertEquals(new Leader(200, 6000, 1, true), p.leaders().get(1));
    }

    @Test
    void newestGenerationWinsThenEarliestStarted() {
        Plan p = Reconciler.reconcile(List.of(new Known(1, 0, 0, 2, false)),
                List.of(leader(300, 7000, 1, 5), leader(301, 6900, 1, 5), leader(302, 6000, 1, 4),
                        leader(303, 6500, 1, 5)),
                NOTHING_ELSE_ALIVE);
        assertEquals(new Leader(303, 6500, 5, true), p.leaders().get(1));
        assertEquals(Set.of(300L, 301L, 302L), Set.copyOf(p.members().get(1).stream().map(MarkedProcess::pid).toList()));
    }

    @Test
    void olderGenerationThanRecordedIsNeverTheLeader() {
        // a leftover of generation 2 while the journal says generation 3 ran: a member, not the app
        Plan p = Reconciler.reconcile(List.of(new Known(1, 100, 5000, 3, false)), List.of(leader(150, 4000, 1, 2)),
                NOTHING_ELSE_ALIVE);
        assertNull(p.leaders().get(1));
        assertEquals(List.of(150L), p.members().get(1).stream().map(MarkedProcess::pid).toList());
    }

    @Test
    void escapedNonLeaderIsNeverTheLeader() {
        // a double-forked daemon that joined another process's session: a member only
        Plan p = Reconciler.reconcile(List.of(new Known(1, 0, 0, 0, false)), List.of(inside(400, 8000, 7, 1, 1)),
                NOTHING_ELSE_ALIVE);
        assertNull(p.leaders().get(1));
        assertEquals(1, p.members().get(1).size());
    }

    @Test
    void unknownAndRemovedPmIdsAreOrphans() {
        Plan p = Reconciler.reconcile(
                List.of(new Known(1, 100, 5000, 1, false), new Known(2, 200, 6000, 1, true)),
                List.of(leader(100, 5000, 1, 1), leader(200, 6000, 2, 1), inside(201, 6001, 200, 2, 1),
                        leader(900, 9000, 9, 4)),
                NOTHING_ELSE_ALIVE);
        assertEquals(Set.of(1), p.leaders().keySet());
        assertFalse(p.members().containsKey(2), "a removed app has no members");
        assertEquals(List.of(200L, 201L, 900L), p.orphans().stream().map(MarkedProcess::pid).toList());
    }

    @Test
    void knownAppWithNothingAliveHasNoLeaderAndNoMembers() {
        Plan p = Reconciler.reconcile(List.of(new Known(1, 100, 5000, 2, false)), List.of(), NOTHING_ELSE_ALIVE);
        assertTrue(p.leaders().isEmpty());
        assertEquals(List.of(), p.members().get(1));
        assertEquals(List.of(), p.orphans());
    }

    @Test
    void recordedLeaderAliveKeepsTheNewerGenerationItCarries() {
        // the journal lost a generation bump but the recorded pid is that spawn: the marker knows better
        Plan p = Reconciler.reconcile(List.of(new Known(1, 100, 5000, 3, false)), List.of(leader(100, 5000, 1, 4)),
                NOTHING_ELSE_ALIVE);
        assertEquals(new Leader(100, 5000, 4, false), p.leaders().get(1));
    }
}
