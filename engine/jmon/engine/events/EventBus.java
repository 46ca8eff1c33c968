package jmon.engine.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jmon.api.EngineEvent;

/** Fan-out of engine events to listeners. Listeners run on the engine thread: they must be quick. */
public final class EventBus {
    private final List<Consumer<EngineEvent>> listeners = new CopyOnWriteArrayList<>();

    public AutoCloseable subscribe(Consumer<EngineEvent> l) {
        listeners.add(l);
        return () -> listeners.remove(l);
    }

    public void publish(EngineEvent e) {
        for (Consumer<EngineEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                System.err.println("jmon: event listener failed: " + ex);
            }
        }
    }
}
