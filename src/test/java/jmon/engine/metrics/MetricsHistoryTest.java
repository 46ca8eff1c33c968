package jmon.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MetricsHistoryTest {
    private static ProcessSample at(long t) { return new ProcessSample(t, t / 10.0, t * 1024, 1); }

    @Test
    void keepsTheLastNOldestFirst() {
        MetricsHistory h = new MetricsHistory(3);
        assertNull(h.last(0));
        assertEquals(List.of(), h.history(0));
        for (long t = 1; t <= 5; t++) h.record(Map.of(0, at(t), 1, at(t * 100)));
        assertEquals(List.of(at(3), at(4), at(5)), h.history(0));
        assertEquals(at(5), h.last(0));
        assertEquals(List.of(at(300), at(400), at(500)), h.history(1));
    }

    @Test
    void historyIsACopyAndForgetDropsAnApp() {
        MetricsHistory h = new MetricsHistory(60);
        h.record(Map.of(0, at(1), 1, at(2)));
        List<ProcessSample> before = h.history(0);
        h.record(Map.of(0, at(3)));
        assertEquals(List.of(at(1)), before);
        assertEquals(List.of(at(1), at(3)), h.history(0));
        h.forget(0);
        assertNull(h.last(0));
        assertEquals(List.of(), h.history(0));
        assertEquals(at(2), h.last(1));
        assertThrows(IllegalArgumentException.class, () -> new MetricsHistory(0));
        assertThrows(UnsupportedOperationException.class, () -> h.history(1).add(at(9)));
    }

    @Test
    void recordAndReadFromSeveralThreads() throws Exception {
        MetricsHistory h = new MetricsHistory(60);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int w = 0; w < 4; w++) {
            int app = w;
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    for (long t = 1; t <= 2000; t++) {
                        h.record(Map.of(app, at(t)));
                        List<ProcessSample> l = h.history(app);
                        for (int i = 1; i < l.size(); i++) assertTrue(l.get(i - 1).time() < l.get(i).time());
                        h.last((app + 1) % 4);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) t.join(20_000);
        assertEquals(List.of(), errors);
        for (int app = 0; app < 4; app++) {
            assertEquals(60, h.history(app).size());
            assertEquals(at(2000), h.last(app));
        }
    }
}
