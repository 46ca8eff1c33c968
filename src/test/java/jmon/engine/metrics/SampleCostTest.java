package jmon.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cost of sample() for 50 apps, printed (not asserted: machines differ); correctness asserted. */
@Timeout(120)
class SampleCostTest {
    private static final int GROUPS = 50;
    private static final int CALLS = 20;
    private final Kids kids = new Kids();
    @TempDir Path dir;

    @AfterEach
    void killChildren() throws Exception {
        kids.killAll();
    }

    @Test
    void costOfSamplingFiftyGroups() throws Exception {
        Map<Integer, Long> leaders = new HashMap<>();
        for (int i = 0; i < GROUPS; i++) leaders.put(i, kids.start("sleep", "1000").pid());
        ProcSampler s = new ProcSampler(dir);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();

        long[] nanos = new long[CALLS];
        long[] bytes = new long[CALLS];
        for (int call = 0; call < CALLS; call++) {
            long a0 = mx.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            Map<Integer, ProcessSample> out = s.sample(leaders, System.currentTimeMillis());
            nanos[call] = System.nanoTime() - t0;
            bytes[call] = mx.getThreadAllocatedBytes(tid) - a0;
            assertEquals(leaders.keySet(), out.keySet());
            for (ProcessSample x : out.values()) {
                assertEquals(1, x.processes());
                assertTrue(x.cpu() >= 0 && x.cpu() < 50, "an idle sleep: " + x.cpu());
                assertTrue(x.rss() > 0);
            }
        }
        // calls 1, 6, 11, 16 walk each app's tree through the children files (the first also sees 50 new leaders);
        // the others read 50 stat files
        long scanNs = 0;
        long knownNs = 0;
        long scanBytes = 0;
        long knownBytes = 0;
        int scans = 0;
        for (int call = 0; call < CALLS; call++) {
            if (call % ProcSampler.DEFAULT_RESCAN_EVERY == 0) {
                scanNs += nanos[call];
                scanBytes += bytes[call];
                scans++;
            } else {
                knownNs += nanos[call];
                knownBytes += bytes[call];
            }
        }
        long total = 0;
        for (long n : nanos) total += n;
        int known = CALLS - scans;
        System.out.printf("ProcSampler.sample() for %d groups over %d calls: mean %.0f us/call "
                        + "(walking the trees %.0f us, %d KiB allocated; known members only %.0f us, %d KiB allocated; "
                        + "%d processes on the machine)%n",
                GROUPS, CALLS, total / 1000.0 / CALLS, scanNs / 1000.0 / scans, scanBytes / 1024 / scans,
                knownNs / 1000.0 / known, knownBytes / 1024 / known, jmon.engine.exec.ProcFs.table().size());
    }
}
