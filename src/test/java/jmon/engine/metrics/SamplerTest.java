package jmon.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
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
        assertTrue(snap.complete());
        assertThrows(UnsupportedOperationException.class, () -> snap.processes().clear());
    }

    @Test
    void theHostAndTheDaemonAreReadOnDemandAtMostIntervalOld() {
        FakeNanos clock = new FakeNanos();
        AtomicInteger rounds = new AtomicInteger();
        Sampler s = new Sampler(new ProcSampler(dir), 1000, HOUR_MS, Map::of, Set::of, x -> rounds.incrementAndGet(), clock);
        Sampler.Machine m = s.machine();
        assertTrue(m.host().memTotal() > 0);
        assertTrue(m.daemon().heapUsed() > 0);
        clock.advanceMs(999);
        assertSame(m, s.machine(), "fresh enough");
        clock.advanceMs(1);
        Sampler.Machine again = s.machine();
        assertNotSame(m, again, "an interval old: read again");
        assertTrue(again.host().time() >= m.host().time());
        assertEquals(0, rounds.get(), "no round of the apps for it");
        s.close();
        clock.advanceMs(HOUR_MS);
        assertSame(again, s.machine(), "closed: the last figures");
    }

    @Test
    void newLeadersGetARoundOfTheirOwnSoonAfterTheChange() throws Exception {
        Kids kids = new Kids();
        try {
            long first = kids.start("sleep", "100").pid();
            java.util.concurrent.atomic.AtomicReference<Map<Integer, Long>> leaders = new java.util.concurrent.atomic.AtomicReference<>(Map.of(1, first));
            LinkedBlockingQueue<Sampler.Snapshot> got = new LinkedBlockingQueue<>();
            try (Sampler s = new Sampler(new ProcSampler(dir), 20, HOUR_MS, leaders::get, Set::of, got::add)) {
                s.start();
                Kids.poll("the first round, then the idle park", Duration.ofSeconds(10),
                        () -> got.size() == 1 && s.parkedForNs() > TimeUnit.MINUTES.toNanos(59));
                long second = kids.start("sleep", "100").pid();
                leaders.set(Map.of(1, first, 2, second));
                s.leadersChanged();
                Kids.poll("a round of the new app", Duration.ofSeconds(10), () -> got.size() == 2);
                Sampler.Snapshot x = new ArrayList<>(got).get(1);
                assertFalse(x.complete());
                assertEquals(Set.of(2), x.processes().keySet(), "only the new app");
                Kids.poll("idle again", Duration.ofSeconds(10), () -> s.parkedForNs() > TimeUnit.MINUTES.toNanos(59));
                long rounds = s.rounds();
                s.leadersChanged(); // nothing new: a round that samples nothing
                Kids.poll("the round for nothing new, then idle again", Duration.ofSeconds(10),
                        () -> s.rounds() > rounds && s.parkedForNs() > TimeUnit.MINUTES.toNanos(59));
                assertEquals(2, got.size());
            }
        } finally {
            kids.killAll();
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
        assertThrows(IllegalArgumentException.class,
                () -> new Sampler(new ProcSampler(dir), 1000, 999, Map::of, Set::of, x -> { }), "idle faster than watched");
    }

    private static final long HOUR_MS = 3_600_000;

    /** A clock the test moves by hand (nanoseconds). */
    private static final class FakeNanos implements LongSupplier {
        private final AtomicLong now = new AtomicLong(1_000_000_000L);

        @Override public long getAsLong() { return now.get(); }

        void advanceMs(long ms) { now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms)); }
    }

    @Test
    void idleUntilWatchedThenTheWatchedRateAtOnceAndIdleAgainWhenTheWatcherLeaves() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        long self = ProcessHandle.current().pid();
        try (Sampler s = new Sampler(new ProcSampler(dir), 20, HOUR_MS, () -> Map.of(1, self), Set::of,
                snap -> rounds.incrementAndGet())) {
            s.start();
            // the first round runs at once, then the thread parks for the idle interval
            Kids.poll("the first round, then a park of about an hour", Duration.ofSeconds(10),
                    () -> rounds.get() >= 1 && s.parkedForNs() > TimeUnit.MINUTES.toNanos(59));
            assertEquals(TimeUnit.MILLISECONDS.toNanos(HOUR_MS), s.periodNs());
            int before = rounds.get();
            AutoCloseable watcher = s.watch();
            assertEquals(TimeUnit.MILLISECONDS.toNanos(20), s.periodNs());
            // woken at once: rounds at 20 ms (waiting out the park would take an hour)
            Kids.poll("rounds at the watched rate", Duration.ofSeconds(10), () -> rounds.get() >= before + 3);
            watcher.close();
            watcher.close(); // idempotent: one watcher counted once
            Kids.poll("back to the idle park", Duration.ofSeconds(10), () -> s.parkedForNs() > TimeUnit.MINUTES.toNanos(59));
            assertEquals(TimeUnit.MILLISECONDS.toNanos(HOUR_MS), s.periodNs());
        }
    }

    @Test
    void twoWatchersKeepTheWatchedRateUntilBothLeave() throws Exception {
        FakeNanos clock = new FakeNanos();
        Sampler s = new Sampler(new ProcSampler(dir), 1000, 10_000, Map::of, Set::of, x -> { }, clock);
        AutoCloseable a = s.watch();
        AutoCloseable b = s.watch();
        a.close();
        assertTrue(s.watched(clock.getAsLong()));
        b.close();
        assertFalse(s.watched(clock.getAsLong()));
    }

    @Test
    void aScrapeCountsAsWatchingForOneIdleInterval() {
        FakeNanos clock = new FakeNanos();
        Sampler s = new Sampler(new ProcSampler(dir), 1000, 10_000, Map::of, Set::of, x -> { }, clock);
        assertFalse(s.watched(clock.getAsLong()));
        assertEquals(TimeUnit.SECONDS.toNanos(10), s.periodNs());
        s.scraped();
        assertTrue(s.watched(clock.getAsLong()));
        assertEquals(TimeUnit.SECONDS.toNanos(1), s.periodNs());
        clock.advanceMs(9_999);
        assertTrue(s.watched(clock.getAsLong()));
        clock.advanceMs(1);
        assertFalse(s.watched(clock.getAsLong()), "an idle interval after the scrape");
        s.scraped();
        assertTrue(s.watched(clock.getAsLong()));
    }

    @Test
    void ensureFreshRunsARoundOnlyWhenTheNewestIsOlderThanTheInterval() {
        FakeNanos clock = new FakeNanos();
        List<Sampler.Snapshot> got = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        // never started: every round here is an on-demand one, on this thread
        Sampler s = new Sampler(new ProcSampler(dir), 1000, HOUR_MS, () -> Map.of(3, self), Set::of, got::add, clock);
        s.ensureFresh();
        assertEquals(1, got.size(), "no round yet: one now");
        assertTrue(got.get(0).complete());
        assertEquals(Set.of(3), got.get(0).processes().keySet());
        s.ensureFresh();
        clock.advanceMs(999);
        s.ensureFresh();
        assertEquals(1, got.size(), "fresh enough");
        clock.advanceMs(1);
        s.ensureFresh();
        assertEquals(2, got.size(), "an interval old: another round");
        s.close();
        clock.advanceMs(HOUR_MS);
        s.ensureFresh();
        assertEquals(2, got.size(), "closed: no more rounds");
    }

    @Test
    void callersArrivingDuringARoundWaitForItAndShareIt() throws Exception {
        CountDownLatch inRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger rounds = new AtomicInteger();
        AtomicBoolean released = new AtomicBoolean();
        Sampler s = new Sampler(new ProcSampler(dir), HOUR_MS, HOUR_MS, Map::of, Set::of, snap -> {
            rounds.incrementAndGet();
            inRound.countDown();
            try {
                assertTrue(release.await(20, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> first = pool.submit(s::ensureFresh);
            assertTrue(inRound.await(10, TimeUnit.SECONDS));
            List<Future<Boolean>> others = new ArrayList<>();
            for (int i = 0; i < 2; i++) others.add(pool.submit(() -> {
                s.ensureFresh();
                return released.get(); // true: it returned after the round, not before
            }));
            Kids.poll("two callers waiting for the round", Duration.ofSeconds(10), () -> s.waitingForRound() == 2);
            released.set(true);
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (Future<Boolean> f : others) assertTrue(f.get(10, TimeUnit.SECONDS), "waited for the round");
            assertEquals(1, rounds.get(), "one round served all three");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void appsWithAMemoryLimitAreSampledAtTheWatchedRateWhileIdle() throws Exception {
        Kids kids = new Kids();
        try {
            long limitedPid = kids.start("sleep", "100").pid();
            long otherPid = kids.start("sleep", "100").pid();
            LinkedBlockingQueue<Sampler.Snapshot> got = new LinkedBlockingQueue<>();
            try (Sampler s = new Sampler(new ProcSampler(dir), 20, HOUR_MS, () -> Map.of(1, limitedPid, 2, otherPid),
                    () -> Set.of(1), got::add)) {
                s.start();
                Kids.poll("limited rounds at 20 ms while the complete ones idle", Duration.ofSeconds(10),
                        () -> got.stream().filter(x -> !x.complete()).count() >= 3);
            }
            List<Sampler.Snapshot> all = new ArrayList<>(got);
            Sampler.Snapshot first = all.get(0);
            assertTrue(first.complete(), "a complete round first");
            assertEquals(Set.of(1, 2), first.processes().keySet());
            for (Sampler.Snapshot x : all.subList(1, all.size())) {
                assertFalse(x.complete(), "idle: no second complete round within the hour");
                assertEquals(Set.of(1), x.processes().keySet(), "only the limited app");
            }
        } finally {
            kids.killAll();
        }
    }

    @Test
    void anAppGainingALimitWakesTheIdleThread() throws Exception {
        long self = ProcessHandle.current().pid();
        java.util.concurrent.atomic.AtomicReference<Set<Integer>> limited = new java.util.concurrent.atomic.AtomicReference<>(Set.of());
        LinkedBlockingQueue<Sampler.Snapshot> got = new LinkedBlockingQueue<>();
        try (Sampler s = new Sampler(new ProcSampler(dir), 20, HOUR_MS, () -> Map.of(1, self), limited::get, got::add)) {
            s.start();
            Kids.poll("the first round, then the idle park", Duration.ofSeconds(10),
                    () -> got.size() == 1 && s.parkedForNs() > TimeUnit.MINUTES.toNanos(59));
            limited.set(Set.of(1));
            s.limitedChanged();
            Kids.poll("rounds of the limited app at 20 ms", Duration.ofSeconds(10),
                    () -> got.stream().filter(x -> !x.complete()).count() >= 3);
        }
    }

    @Test
    void nextDueKeepsThePhaseAndSkipsMissedRounds() {
        assertEquals(10, Sampler.nextDue(0, 5, 10));
        assertEquals(20, Sampler.nextDue(0, 10, 10), "a round that took a whole period: the next one is skipped");
        assertEquals(30, Sampler.nextDue(0, 25, 10));
        assertEquals(1_010, Sampler.nextDue(1_000, 1_000, 10));
    }
}
