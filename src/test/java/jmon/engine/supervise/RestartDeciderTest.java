package jmon.engine.supervise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import jmon.api.RestartPolicy;
import jmon.engine.supervise.RestartDecider.Decision;
import jmon.engine.supervise.RestartDecider.Errored;
import jmon.engine.supervise.RestartDecider.Exit;
import jmon.engine.supervise.RestartDecider.Restart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartDeciderTest {
    private static final long MIN_UPTIME = 1000;
    private static final long UNSTABLE_UPTIME = 10;
    private static final long STABLE_UPTIME = 5000;

    static RestartPolicy policy(boolean autorestart, int maxRestarts, long restartDelay, long expBackoff,
                                List<Integer> stopCodes) {
        return new RestartPolicy(autorestart, maxRestarts, MIN_UPTIME, restartDelay, expBackoff, stopCodes, 1600,
                "SIGINT");
    }

    static RestartPolicy plain() { return policy(true, 3, 0, 0, List.of()); }

    private static <T extends Decision> T as(Class<T> type, Decision d) {
        return assertInstanceOf(type, d);
    }

    // ---- exit without restart ------------------------------------------------------------------------------

    @Test
    void autorestartOffExitsWhateverTheCode() {
        RestartPolicy p = policy(false, 3, 0, 0, List.of());
        Exit e = as(Exit.class, RestartDecider.decide(p, 1, null, UNSTABLE_UPTIME, 0, 0));
        assertEquals("exited with code 1; autorestart is off", e.reason());
        Exit k = as(Exit.class, RestartDecider.decide(p, 137, "SIGKILL", STABLE_UPTIME, 3, 0));
        assertEquals("killed by SIGKILL; autorestart is off", k.reason());
    }

    @Test
    void autorestartOffWinsEvenOverTheUnstableLimit() {
        // 99 unstable restarts so far would otherwise be errored
        assertInstanceOf(Exit.class, RestartDecider.decide(policy(false, 3, 0, 0, List.of()), 1, null, 1, 99, 0));
    }

    @Test
    void stopExitCodeExits() {
        RestartPolicy p = policy(true, 3, 0, 0, List.of(0, 42));
        Exit e = as(Exit.class, RestartDecider.decide(p, 42, null, UNSTABLE_UPTIME, 0, 0));
        assertEquals("exited with code 42 (a stop_exit_code)", e.reason());
        assertInstanceOf(Exit.class, RestartDecider.decide(p, 0, null, STABLE_UPTIME, 0, 0));
    }

    @Test
    void codeNotInStopExitCodesRestarts() {
        RestartPolicy p = policy(true, 3, 0, 0, List.of(0, 42));
        assertInstanceOf(Restart.class, RestartDecider.decide(p, 1, null, STABLE_UPTIME, 0, 0));
    }

    @Test
    void aSignalIsNeverAStopExitCode() {
        // 130 = 128 + SIGINT: the code is in the list but the process died by a signal
        RestartPolicy p = policy(true, 3, 0, 0, List.of(130));
        assertInstanceOf(Restart.class, RestartDecider.decide(p, 130, "SIGINT", STABLE_UPTIME, 0, 0));
    }

    @Test
    void unknownCodeIsNeverAStopExitCode() {
        RestartPolicy p = policy(true, 3, 0, 0, List.of(0));
        Restart r = as(Restart.class, RestartDecider.decide(p, null, null, STABLE_UPTIME, 0, 0));
        assertEquals("exited (code unknown: re-adopted process)", r.reason());
    }

    // ---- unstable counting ---------------------------------------------------------------------------------

    @Test
    void exitBeforeMinUptimeIsUnstableAndCounted() {
        Restart r = as(Restart.class, RestartDecider.decide(plain(), 1, null, 999, 1, 0));
        assertEquals(2, r.unstable());
        assertEquals("exited with code 1 after 999 ms (unstable)", r.reason());
    }

    @Test
    void exitAtExactlyMinUptimeIsStableAndResetsTheCount() {
        Restart r = as(Restart.class, RestartDecider.decide(plain(), 1, null, MIN_UPTIME, 2, 0));
        assertEquals(0, r.unstable());
        assertEquals("exited with code 1", r.reason());
    }

    @Test
    void stableExitResetsEvenAtTheLimit() {
        Restart r = as(Restart.class, RestartDecider.decide(plain(), 1, null, STABLE_UPTIME, 3, 0));
        assertEquals(0, r.unstable());
    }

    @Test
    void maxRestartsThreeAllowsThreeUnstableRestartsAndTheFourthErrors() {
        RestartPolicy p = plain();
        int unstable = 0;
        long prev = 0;
        for (int i = 1; i <= 3; i++) {
            Restart r = as(Restart.class, RestartDecider.decide(p, 1, null, UNSTABLE_UPTIME, unstable, prev));
            assertEquals(i, r.unstable(), "restart " + i);
            unstable = r.unstable();
            prev = r.delayMs();
        }
        Errored e = as(Errored.class, RestartDecider.decide(p, 1, null, UNSTABLE_UPTIME, unstable, prev));
        assertEquals("exited with code 1 after 10 ms; too many unstable restarts (3, max_restarts 3)", e.reason());
    }

    @Test
    void maxRestartsZeroErrorsOnTheFirstUnstableExitButNotOnAStableOne() {
        RestartPolicy p = policy(true, 0, 0, 0, List.of());
        Errored e = as(Errored.class, RestartDecider.decide(p, 2, null, UNSTABLE_UPTIME, 0, 0));
        assertTrue(e.reason().contains("too many unstable restarts"), e.reason());
        assertInstanceOf(Restart.class, RestartDecider.decide(p, 2, null, STABLE_UPTIME, 0, 0));
    }

    @Test
    void erroredDescribesASignal() {
        Errored e = as(Errored.class, RestartDecider.decide(plain(), 139, "SIGSEGV", 5, 3, 0));
        assertTrue(e.reason().startsWith("killed by SIGSEGV after 5 ms;"), e.reason());
    }

    // ---- delays --------------------------------------------------------------------------------------------

    @Test
    void restartDelayIsFixedForStableAndUnstableExits() {
        RestartPolicy p = policy(true, 10, 700, 0, List.of());
        assertEquals(700, as(Restart.class, RestartDecider.decide(p, 1, null, STABLE_UPTIME, 0, 0)).delayMs());
        long prev = 0;
        int unstable = 0;
        for (int i = 0; i < 5; i++) {
            Restart r = as(Restart.class, RestartDecider.decide(p, 1, null, UNSTABLE_UPTIME, unstable, prev));
            assertEquals(700, r.delayMs(), "unstable restart " + (i + 1));
            prev = r.delayMs();
            unstable = r.unstable();
        }
    }

    @Test
    void expBackoffGrowsByOneAndAHalfAndIsCappedAtFifteenSeconds() {
        RestartPolicy p = policy(true, 100, 0, 1000, List.of());
        long[] expected = {1000, 1500, 2250, 3375, 5063, 7595, 11393, 15000, 15000};
        long prev = 0;
        int unstable = 0;
        for (int i = 0; i < expected.length; i++) {
            Restart r = as(Restart.class, RestartDecider.decide(p, 1, null, UNSTABLE_UPTIME, unstable, prev));
            assertEquals(expected[i], r.delayMs(), "unstable restart " + (i + 1));
            prev = r.delayMs();
            unstable = r.unstable();
        }
        assertEquals(RestartDecider.BACKOFF_CAP_MS, prev);
    }

    @Test
    void expBackoffWinsOverRestartDelay() {
        RestartPolicy p = policy(true, 10, 700, 300, List.of());
        assertEquals(300, as(Restart.class, RestartDecider.decide(p, 1, null, UNSTABLE_UPTIME, 0, 0)).delayMs());
        assertEquals(450, as(Restart.class, RestartDecider.decide(p, 1, null, UNSTABLE_UPTIME, 1, 300)).delayMs());
    }

    @Test
    void expBackoffStableExitUsesTheBaseDelay() {
        RestartPolicy p = policy(true, 10, 0, 300, List.of());
        assertEquals(300, as(Restart.class, RestartDecider.decide(p, 1, null, STABLE_UPTIME, 0, 9000)).delayMs());
    }

    @Test
    void defaultBackoffIsZeroThenHundredGrowingAndCapped() {
        RestartPolicy p = policy(true, 100, 0, 0, List.of());
        long[] expected = {0, 100, 150, 225, 338, 507, 761, 1142, 1713, 2570, 3855, 5783, 8675, 13013, 15000, 15000};
        long prev = 0;
        int unstable = 0;
        for (int i = 0; i < expected.length; i++) {
            Restart r = as(Restart.class, RestartDecider.decide(p, 1, null, UNSTABLE_UPTIME, unstable, prev));
            assertEquals(expected[i], r.delayMs(), "unstable restart " + (i + 1));
            assertEquals(i + 1, r.unstable());
            prev = r.delayMs();
            unstable = r.unstable();
        }
    }

    @Test
    void defaultBackoffConstantsAreTheDocumentedOnes() {
        assertEquals(100, RestartDecider.DEFAULT_BACKOFF_START_MS);
        assertEquals(15_000, RestartDecider.BACKOFF_CAP_MS);
    }

    @Test
    void stableExitsHaveNoDelayByDefaultWhateverCameBefore() {
        RestartPolicy p = policy(true, 100, 0, 0, List.of());
        Restart r = as(Restart.class, RestartDecider.decide(p, 1, null, STABLE_UPTIME, 7, 8675));
        assertEquals(0, r.delayMs());
        assertEquals(0, r.unstable());
        // and the next unstable exit starts the backoff over: first unstable restart is immediate
        Restart next = as(Restart.class, RestartDecider.decide(p, 1, null, UNSTABLE_UPTIME, 0, r.delayMs()));
        assertEquals(0, next.delayMs());
        assertEquals(1, next.unstable());
    }

    @Test
    void defaultPolicyIsPm2s() {
        RestartPolicy d = RestartPolicy.defaults();
        assertTrue(d.autorestart());
        assertEquals(16, d.maxRestarts());
        assertEquals(1000, d.minUptimeMs());
        assertEquals(1600, d.killTimeoutMs());
        assertEquals("SIGINT", d.stopSignal());
        // 16 unstable restarts allowed, the 17th errors
        assertInstanceOf(Restart.class, RestartDecider.decide(d, 1, null, 1, 15, 0));
        assertInstanceOf(Errored.class, RestartDecider.decide(d, 1, null, 1, 16, 0));
    }

    // ---- descriptions --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "code={0} signal={1}")
    @CsvSource(nullValues = "null", value = {
            "0,    null,    exited with code 0",
            "1,    null,    exited with code 1",
            "143,  null,    exited with code 143",
            "130,  SIGINT,  killed by SIGINT",
            "null, SIGKILL, killed by SIGKILL",
            "null, null,    exited (code unknown: re-adopted process)",
    })
    void describeExit(Integer code, String signal, String expected) {
        assertEquals(expected, RestartDecider.describeExit(code, signal));
    }

    @Test
    void decideIsPure() {
        RestartPolicy p = policy(true, 5, 0, 200, List.of());
        assertEquals(RestartDecider.decide(p, 1, null, 3, 2, 450), RestartDecider.decide(p, 1, null, 3, 2, 450));
    }
}
