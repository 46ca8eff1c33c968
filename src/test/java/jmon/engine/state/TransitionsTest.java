package jmon.engine.state;

import static jmon.api.ProcessStatus.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import jmon.api.ProcessStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every one of the 7×7 status pairs, checked against the table of aesthetics §7 written out here by hand. */
class TransitionsTest {
    /** The expected table: from → the only statuses it may move to. Written independently of Transitions. */
    private static final Map<ProcessStatus, Set<ProcessStatus>> EXPECTED = new EnumMap<>(ProcessStatus.class);

    static {
        EXPECTED.put(STOPPED, EnumSet.of(LAUNCHING));
        EXPECTED.put(EXITED, EnumSet.of(LAUNCHING));
        EXPECTED.put(ERRORED, EnumSet.of(LAUNCHING));
        EXPECTED.put(LAUNCHING, EnumSet.of(ONLINE, ERRORED, EXITED, WAITING_RESTART, STOPPING));
        EXPECTED.put(ONLINE, EnumSet.of(WAITING_RESTART, EXITED, ERRORED, STOPPING));
        EXPECTED.put(WAITING_RESTART, EnumSet.of(LAUNCHING, STOPPED));
        EXPECTED.put(STOPPING, EnumSet.of(STOPPED, LAUNCHING, ERRORED));
    }

    static Stream<Arguments> allPairs() {
        List<Arguments> out = new ArrayList<>();
        for (ProcessStatus from : ProcessStatus.values()) {
            for (ProcessStatus to : ProcessStatus.values()) {
                out.add(Arguments.of(from, to, EXPECTED.get(from).contains(to)));
            }
        }
        return out.stream();
    }

    @Test
    void theTableCoversSevenStatusesAndSeventeenEdges() {
        assertEquals(7, ProcessStatus.values().length);
        assertEquals(7, EXPECTED.size());
        assertEquals(49, allPairs().count());
        assertEquals(17, EXPECTED.values().stream().mapToInt(Set::size).sum());
    }

    @ParameterizedTest(name = "{0} -> {1} allowed={2}")
    @MethodSource("allPairs")
    void allowedMatchesTheTable(ProcessStatus from, ProcessStatus to, boolean expected) {
        assertEquals(expected, Transitions.allowed(from, to), from + " -> " + to);
    }

    @ParameterizedTest(name = "check {0} -> {1} allowed={2}")
    @MethodSource("allPairs")
    void checkThrowsExactlyOnRefusedEdges(ProcessStatus from, ProcessStatus to, boolean expected) {
        if (expected) {
            assertDoesNotThrow(() -> Transitions.check(from, to));
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Transitions.check(from, to));
            assertEquals("illegal transition " + from + " -> " + to, e.getMessage());
        }
    }

    @ParameterizedTest(name = "from({0})")
    @org.junit.jupiter.params.provider.EnumSource(ProcessStatus.class)
    void fromListsExactlyTheAllowedTargets(ProcessStatus from) {
        assertEquals(EXPECTED.get(from), Transitions.from(from));
    }

    @Test
    void fromReturnsACopyThatCannotAlterTheTable() {
        Set<ProcessStatus> s = Transitions.from(STOPPED);
        s.add(ONLINE);
        assertFalse(Transitions.allowed(STOPPED, ONLINE));
        assertEquals(EnumSet.of(LAUNCHING), Transitions.from(STOPPED));
    }

    @ParameterizedTest(name = "no self edge on {0}")
    @org.junit.jupiter.params.provider.EnumSource(ProcessStatus.class)
    void noStatusMayTransitionToItself(ProcessStatus s) {
        assertFalse(Transitions.allowed(s, s));
    }

    @Test
    void haltedStatusesOnlyLeaveThroughLaunching() {
        for (ProcessStatus s : ProcessStatus.values()) {
            if (s.isHalted()) assertEquals(EnumSet.of(LAUNCHING), Transitions.from(s), s.name());
        }
    }
}
