package jmon.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SamplerTest {
    @TempDir Path dir;

    private static Thread samplerThread() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(Sampler.THREAD_NAME))
                .findFirst().orElse(null);
    }

    @Test
    void samplesAtAFixedRateOnADaemonThreadAndStopsOnClose() {
        LinkedBlockingQueue<Sampler.Snapshot> got = new LinkedBlockingQueue<>();
        long self = ProcessHandle.current().pid();
        try (Sampler s = new Sampler(new ProcSampler(dir), 50, () -> Map.of(9, self), got::add)) {
            s.start();
            Kids.poll("four rounds", Duration.ofSeconds(10), () -> got.size() >= 4);
            Thread t = samplerThread();
            assertNotNull(t);
            assertTrue(t.isDaemon());
            assertThrows(IllegalStateException.class, s::start);
        }
        assertNull(samplerThread(), "the thread ended");
        Sampler.Snapshot snap = got.stream().skip(1).findFirst().orElseThrow();
        assertEquals(1, snap.processes().size());
        assertTrue(snap.processes().get(9).processes() >= 1);
        assertTrue(snap.host().memTotal() > 0);
        assertTrue(snap.daemon().heapUsed() > 0);
        assertThrows(UnsupportedOperationException.class, () -> snap.processes().clear());
        for (var a = got.iterator(); a.hasNext(); ) {
            Sampler.Snapshot x = a.next();
            assertTrue(x.host().time() > 0);
        }
    }

    @Test
    void aFailingRoundIsLoggedAndTheNextRoundRuns() {
        AtomicInteger calls = new AtomicInteger();
        LinkedBlockingQueue<Sampler.Snapshot> got = new LinkedBlockingQueue<>();
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try (Sampler s = new Sampler(new ProcSampler(dir), 20, () -> {
            if (calls.incrementAndGet() <= 3) throw new IllegalStateException("leaders unavailable");
            return Map.of();
        }, snap -> {
            if (calls.get() == 4) throw new RuntimeException("sink refused");
            got.add(snap);
        })) {
            s.start();
            Kids.poll("a round after the failures", Duration.ofSeconds(10), () -> !got.isEmpty());
        } finally {
            System.setErr(err);
        }
        String log = buf.toString();
        assertTrue(log.contains("jmon-sampler: sampling round failed: java.lang.IllegalStateException: leaders unavailable"), log);
        assertTrue(log.contains("sink refused"), log);
    }

    @Test
    void closeWithoutStartAndBadInterval() {
        new Sampler(new ProcSampler(dir), 1000, Map::of, x -> { }).close();
        assertThrows(IllegalArgumentException.class, () -> new Sampler(new ProcSampler(dir), 0, Map::of, x -> { }));
    }
}
