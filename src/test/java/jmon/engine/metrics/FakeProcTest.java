package jmon.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ProcSampler over a hand-written /proc: exact figures, reused pids, odd command names. */
@Timeout(30)
class FakeProcTest {
    @TempDir Path proc;
    private final long page = ProcSampler.pageSizeForTests();

    /** A /proc/PID/stat line; fields after comm as the kernel writes them. */
    private void stat(int pid, String comm, char state, int ppid, int pgrp, long utime, long stime, long start,
                      long rssPages) throws IOException {
        String line = pid + " (" + comm + ") " + state + " " + ppid + " " + pgrp + " " + pgrp + " 0 -1 4194560 "
                + "100 0 0 0 " + utime + " " + stime + " 7 3 20 0 1 0 " + start + " 123456 " + rssPages
                + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(proc.resolve(pid + "/stat"), line);
    }

    private void gone(int pid) throws IOException {
        Files.delete(proc.resolve(pid + "/stat"));
        Files.delete(proc.resolve(Integer.toString(pid)));
    }

    @BeforeEach
    void unrelated() throws IOException {
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("sys")); // not a pid: skipped
        stat(1, "init", 'S', 0, 1, 500, 500, 1, 100);
    }

    @Test
    void groupMembersDescendantsAndStrangers() throws IOException {
        stat(100, "node) (x", 'S', 1, 100, 10, 0, 1000, 10);   // leader; comm with ") (" inside
        stat(101, "worker one", 'R', 100, 100, 5, 0, 1001, 20); // in the group
        stat(102, "daemonised", 'S', 101, 102, 1, 0, 1002, 30); // left the group, a grandchild
        stat(103, "zombie", 'Z', 100, 100, 99, 0, 1003, 0);    // a zombie: not counted
        stat(200, "stranger", 'S', 1, 200, 50, 0, 1004, 40);   // another app
        stat(300, "other", 'S', 1, 300, 0, 0, 1005, 50);       // nobody's
        ProcSampler s = new ProcSampler(proc, proc, 5);
        Map<Integer, ProcessSample> out = s.sample(Map.of(0, 100L, 1, 200L), 10_000);
        assertEquals(new ProcessSample(10_000, 0.0, 60 * page, 3), out.get(0));
        assertEquals(new ProcessSample(10_000, 0.0, 40 * page, 1), out.get(1));

        // one second later: 50 ticks (0.5 s) more in the group, 150 in the stranger's app
        stat(100, "node) (x", 'S', 1, 100, 30, 10, 1000, 10);
        stat(101, "worker one", 'R', 100, 100, 15, 0, 1001, 20);
        stat(102, "daemonised", 'S', 101, 102, 11, 0, 1002, 30);
        stat(200, "stranger", 'S', 1, 200, 150, 50, 1004, 40);
        out = s.sample(Map.of(0, 100L, 1, 200L), 11_000);
        assertEquals(new ProcessSample(11_000, 50.0, 60 * page, 3), out.get(0));
        assertEquals(150.0, out.get(1).cpu(), "more than one core");
    }

    @Test
    void aReusedPidIsAnotherProcessAndNeverNegativeCpu() throws IOException {
        stat(100, "app", 'S', 1, 100, 0, 0, 1000, 10);
        stat(101, "child", 'S', 100, 100, 500, 0, 1001, 10);
        ProcSampler s = new ProcSampler(proc, proc, 3);
        Map<Integer, Long> leaders = Map.of(0, 100L);
        assertEquals(2, s.sample(leaders, 1_000).get(0).processes()); // call 1: scan

        // 101 exits and its pid goes to a new process of the group with fewer ticks
        stat(100, "app", 'S', 1, 100, 10, 0, 1000, 10);
        stat(101, "child", 'S', 100, 100, 3, 0, 2000, 10);
        ProcessSample x = s.sample(leaders, 2_000).get(0); // call 2: known members only
        assertEquals(new ProcessSample(2_000, 10.0, 10 * page, 1), x, "the old 101 stopped counting");

        stat(100, "app", 'S', 1, 100, 20, 0, 1000, 10);
        stat(101, "child", 'S', 100, 100, 8, 0, 2000, 10);
        x = s.sample(leaders, 3_000).get(0); // call 3: still no scan
        assertEquals(1, x.processes());
        x = s.sample(leaders, 4_000).get(0); // call 4: the rescan finds the new 101, baseline only
        assertEquals(new ProcessSample(4_000, 0.0, 20 * page, 2), x);
        stat(101, "child", 'S', 100, 100, 28, 0, 2000, 10);
        x = s.sample(leaders, 5_000).get(0);
        assertEquals(20.0, x.cpu());

        gone(101);
        x = s.sample(leaders, 6_000).get(0);
        assertEquals(new ProcessSample(6_000, 0.0, 10 * page, 1), x);
    }

    @Test
    void aNewLeaderPidStartsFromZeroAndTimeGoingBackIsHarmless() throws IOException {
        stat(100, "app", 'S', 1, 100, 0, 0, 1000, 10);
        ProcSampler s = new ProcSampler(proc, proc, 5);
        s.sample(Map.of(0, 100L), 1_000);
        stat(100, "app", 'S', 1, 100, 100, 0, 1000, 10);
        assertEquals(0.0, s.sample(Map.of(0, 100L), 500).get(0).cpu(), "clock went back: no figure");
        stat(150, "app", 'S', 1, 150, 900, 0, 1500, 10); // restarted: a new leader
        assertEquals(0.0, s.sample(Map.of(0, 150L), 2_000).get(0).cpu());
        stat(150, "app", 'S', 1, 150, 950, 0, 1500, 10);
        assertEquals(50.0, s.sample(Map.of(0, 150L), 3_000).get(0).cpu());
        // the leader's pid reused while jmon still names it: a new leader, not a CPU spike or drop
        stat(150, "impostor", 'S', 1, 150, 5, 0, 9000, 10);
        assertNull(s.sample(Map.of(0, 150L), 4_000).get(0));
        assertEquals(0.0, s.sample(Map.of(0, 150L), 5_000).get(0).cpu());
    }

    @Test
    void hostFromStatMeminfoLoadavg() throws IOException {
        Files.writeString(proc.resolve("stat"), """
                cpu  100 0 100 700 100 0 0 0 0 0
                cpu0 50 0 50 350 50 0 0 0 0 0
                cpu1 50 0 50 350 50 0 0 0 0 0
                intr 12345 0 0
                ctxt 999
                """);
        Files.writeString(proc.resolve("meminfo"), """
                MemTotal:        8000000 kB
                MemFree:         1000000 kB
                MemAvailable:    5000000 kB
                """);
        Files.writeString(proc.resolve("loadavg"), "0.50 1.25 12.00 2/166 24189\n");
        ProcSampler s = new ProcSampler(proc, proc, 5);
        HostSample h = s.host(1_000);
        assertEquals(0.0, h.cpu());
        assertEquals(2, h.cores());
        assertEquals(8_000_000L * 1024, h.memTotal());
        assertEquals(5_000_000L * 1024, h.memAvailable());
        assertEquals(0.5, h.load1());
        assertEquals(1.25, h.load5());
        assertEquals(12.0, h.load15());
        assertTrue(h.diskTotal() > 0);
        // 200 more jiffies: 50 busy (user 30, system 20), 150 idle (idle 140, iowait 10)
        Files.writeString(proc.resolve("stat"), "cpu  130 0 120 840 110 0 0 0 0 0\ncpu0 1\ncpu1 1\nintr 1\n");
        assertEquals(25.0, s.host(2_000).cpu());
    }

    @Test
    void daemonFromSelfStat() throws IOException {
        Files.writeString(proc.resolve("self/stat"), "77 (java) S 1 77 77 0 -1 0 0 0 0 0 100 50 0 0 20 0 "
                + "31 0 555 999 2000 18446744073709551615\n");
        ProcSampler s = new ProcSampler(proc, proc, 5);
        DaemonSample d = s.daemon(10_000);
        assertEquals(0.0, d.cpu());
        assertEquals(2000 * page, d.rss());
        assertEquals(31, d.threads());
        Files.writeString(proc.resolve("self/stat"), "77 (java) S 1 77 77 0 -1 0 0 0 0 0 101 50 0 0 20 0 "
                + "31 0 555 999 2000 18446744073709551615\n");
        assertEquals(0.5, s.daemon(12_000).cpu(), "1 tick in 2 s");
    }

    @Test
    void numberParsing() {
        byte[] b = "-42 7 0.05 3.5".getBytes();
        assertEquals(-42, ProcSampler.num(b, 0, b.length));
        assertEquals(7, ProcSampler.num(b, 4, b.length));
        assertEquals(0.05, ProcSampler.decimal(b, 6, b.length));
        assertEquals(3.5, ProcSampler.decimal(b, 11, b.length));
        assertEquals(33.3, ProcSampler.percent(1, 30));
        assertEquals(0.0, ProcSampler.percent(-5, 1000));
    }
}
