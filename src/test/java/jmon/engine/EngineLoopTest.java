package jmon.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jmon.api.ErrorCode;
import jmon.api.JmonException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What escapes an engine task reaches the uncaught handler (the daemon's is fatal) instead of vanishing in the
 * executor; what a caller's task throws through {@link EngineLoop#call} is the caller's error answer.
 */
@Timeout(30)
class EngineLoopTest {
    final LinkedBlockingQueue<String> uncaught = new LinkedBlockingQueue<>();
    Thread.UncaughtExceptionHandler before;
    EngineLoop loop;

    @BeforeEach
    void up() {
        before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(t.getName() + ": " + e));
        loop = new EngineLoop();
    }

    @AfterEach
    void down() {
        loop.close();
        Thread.setDefaultUncaughtExceptionHandler(before);
    }

    @Test
    void aRuntimeExceptionOrErrorEscapingATaskReachesTheUncaughtHandler() throws Exception {
        loop.execute(() -> { throw new IllegalStateException("from execute"); });
        assertEquals("jmon-engine: java.lang.IllegalStateException: from execute", uncaught.poll(5, TimeUnit.SECONDS));
        loop.schedule(() -> { throw new InternalError("from schedule"); }, 10);
        assertEquals("jmon-engine: java.lang.InternalError: from schedule", uncaught.poll(5, TimeUnit.SECONDS));
        // an Error inside a caller's task is fatal too, reported by the engine thread itself
        assertEquals(ErrorCode.FAILED, assertThrows(JmonException.class, () -> loop.call(() -> { throw new InternalError("from call"); })).code());
        assertEquals("jmon-engine: java.lang.InternalError: from call", uncaught.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void aJmonExceptionThroughCallIsTheCallersAnswerNotFatal() throws Exception {
        JmonException e = assertThrows(JmonException.class,
                () -> loop.call(() -> { throw new JmonException(ErrorCode.NOT_FOUND, "no app x"); }));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertThrows(IllegalArgumentException.class, () -> loop.call(() -> { throw new IllegalArgumentException("bad"); }));
        assertEquals(42, (int) loop.call(() -> 42), "the loop still runs");
        assertNull(uncaught.poll(300, TimeUnit.MILLISECONDS), "nothing reached the uncaught handler");
    }
}
