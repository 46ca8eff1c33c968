package jmon.daemon;

import java.util.ArrayList;
import java.util.List;
import jmon.api.EngineEvent;
import jmon.api.ProcessStatus;
import jmon.engine.Engine;

/**
 * Fault injection for the fail-fast tests, off unless the daemon JVM runs with {@code -Djmon.test.fatal=MODE}
 * (through {@code JMON_DAEMON_JAVA_OPTS}): nothing a user does by accident turns it on. Armed, it fires when an
 * app named {@value #TRIGGER} leaves {@code online} (its exit is handled in an engine task):
 * {@code engine-error} throws an Error there, {@code engine-oom} fills the heap there for real,
 * {@code thread-error} throws from a new thread of its own. (A RuntimeException would not do: the event bus
 * reports a listener's exceptions and goes on; EngineLoopTest covers a RuntimeException escaping a task.)
 */
final class TestFaults {
    static final String PROPERTY = "jmon.test.fatal", TRIGGER = "jmon-test-fatal";

    private TestFaults() {}

    static void arm(Engine engine) {
        String mode = System.getProperty(PROPERTY);
        if (mode == null || mode.isBlank()) return;
        Daemon.log("test fault '" + mode + "' armed: fires when an app named " + TRIGGER + " leaves online");
        engine.events().subscribe(e -> {
            if (!(e instanceof EngineEvent.StatusChanged s) || !TRIGGER.equals(s.name()) || s.from() != ProcessStatus.ONLINE) return;
            switch (mode) {
                case "engine-error" -> throw new InternalError("injected by -D" + PROPERTY + "=" + mode);
                case "engine-oom" -> fillHeap();
                case "thread-error" -> new Thread(() -> {
                    throw new InternalError("injected by -D" + PROPERTY + "=" + mode);
                }, "jmon-test-fault").start();
                default -> Daemon.log("test fault '" + mode + "' unknown: nothing injected");
            }
        });
    }

    /** Allocates until the heap is full: a real OutOfMemoryError, not a thrown one. */
    private static void fillHeap() {
        List<long[]> hog = new ArrayList<>();
        while (true) hog.add(new long[1 << 16]);
    }
}
