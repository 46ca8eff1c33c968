package jmon.engine.supervise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import jmon.api.RestartKind;
import jmon.api.RestartPolicy;
import org.junit.jupiter.api.Test;

/** autorestart's kinds in the pure policy: which exits restart. */
class RestartKindsTest {
    private static RestartPolicy kind(RestartKind k) {
        return new RestartPolicy(true, 3, 1000, 0, 0, List.of(3), 1600, "SIGINT", 0, null, null, null, 0, k);
    }

    private static RestartDecider.Decision decide(RestartKind k, Integer code, String signal, boolean probeFailed) {
        return RestartDecider.decide(kind(k), code, signal, 5000, 0, 0, probeFailed);
    }

    @Test
    void onFailureRestartsFailuresOnly() {
        RestartDecider.Exit clean = assertInstanceOf(RestartDecider.Exit.class, decide(RestartKind.ON_FAILURE, 0, null, false));
        assertEquals("exited with code 0; autorestart is on-failure", clean.reason());
        assertInstanceOf(RestartDecider.Restart.class, decide(RestartKind.ON_FAILURE, 1, null, false));
        assertInstanceOf(RestartDecider.Restart.class, decide(RestartKind.ON_FAILURE, 137, "SIGKILL", false));
        assertInstanceOf(RestartDecider.Restart.class, decide(RestartKind.ON_FAILURE, 0, null, true),
                "killed for failing a check is a failure whatever the code");
        assertInstanceOf(RestartDecider.Restart.class, decide(RestartKind.ON_FAILURE, null, null, false),
                "an unknown code (re-adopted) keeps it running");
        assertInstanceOf(RestartDecider.Exit.class, decide(RestartKind.ON_FAILURE, 3, null, false), "a stop_exit_code still stops");
    }

    @Test
    void alwaysAndUnlessStoppedRestartEveryExitButAStopCode() {
        for (RestartKind k : List.of(RestartKind.ALWAYS, RestartKind.UNLESS_STOPPED)) {
            assertInstanceOf(RestartDecider.Restart.class, decide(k, 0, null, false), k.wire());
            assertInstanceOf(RestartDecider.Restart.class, decide(k, 1, null, false), k.wire());
            assertInstanceOf(RestartDecider.Exit.class, decide(k, 3, null, false), k.wire());
        }
    }

    @Test
    void neverRestartsNothingAndTheBooleanFollowsTheKind() {
        assertInstanceOf(RestartDecider.Exit.class, decide(RestartKind.NEVER, 1, null, false));
        assertFalse(kind(RestartKind.NEVER).autorestart());
        assertTrue(kind(RestartKind.ON_FAILURE).autorestart());
        assertEquals(RestartKind.UNLESS_STOPPED, new RestartPolicy(true, 3, 1000, 0, 0, List.of(), 1600, "SIGINT").kind(),
                "PM2's true, and every policy saved before kinds existed");
        assertEquals(RestartKind.NEVER, new RestartPolicy(false, 3, 1000, 0, 0, List.of(), 1600, "SIGINT").kind());
    }
}
