package jmon.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jmon.api.EngineEvent;
import jmon.api.ErrorCode;
import jmon.api.EventSink;
import jmon.api.JmonException;
import jmon.engine.events.EventBus;

/**
 * The live stream of engine events for one reader (the console): a bounded queue per reader, so a stuck reader
 * never blocks the engine; one that falls too far behind is cut off and reconnects.
 */
final class EventStream {
    private static final long IDLE_MS = 5_000;
    private final EventBus bus;
    private final MetricsFeed metrics;

    EventStream(EventBus bus, MetricsFeed metrics) {
        this.bus = bus;
        this.metrics = metrics;
    }

    /** On the reader's thread, until the sink says stop. */
    void stream(EventSink sink) {
        LinkedBlockingQueue<EngineEvent> queue = new LinkedBlockingQueue<>(10_000);
        boolean[] overflow = {false};
        // a stream reader shows live figures: the sampler runs at interval_ms while it is open
        try (AutoCloseable watching = metrics.watch();
             AutoCloseable sub = bus.subscribe(e -> {
                 if (!queue.offer(e)) overflow[0] = true;
             })) {
            while (true) {
                EngineEvent e = queue.poll(IDLE_MS, TimeUnit.MILLISECONDS);
                if (overflow[0]) return; // the reader fell too far behind: it reconnects and re-reads the list
                if (e == null) {
                    if (!sink.idle()) return;
                } else if (!sink.event(e)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new JmonException(ErrorCode.FAILED, "event stream: " + e.getMessage());
        }
    }
}
