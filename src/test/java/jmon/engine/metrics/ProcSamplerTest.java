package jmon.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jmon.engine.exec.ProcFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ProcSampler against real process groups. */
@Timeout(60)
class ProcSamplerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final Kids kids = new Kids();
    @TempDir Path dir;

    @AfterEach
    void killChildren() throws Exception {
        kids.killAll();
    }

    private static long now() { return System.currentTimeMillis(); }

    @Test
    void cpuOfABusyLoopIsAboutOneCore() throws IOException {
        Process p = kids.sh("while :; do :; done");
        ProcSampler s = new ProcSampler(dir);
        Map<Integer, Long> leaders = Map.of(7, p.pid());
        ProcessSample first = s.sample(leaders, now()).get(7);
        assertNotNull(first);
        assertEquals(0.0, first.cpu(), "the first sample of a leader has no CPU figure yet");
        // each sample covers the time since the previous one; on a loaded machine a window can come out low,
        // so sample over one-second windows until one shows the loop (bounded)
        ProcessSample[] second = new ProcessSample[1];
        Kids.poll("a one-second window showing the busy loop near one core", java.time.Duration.ofSeconds(30), () -> {
            Kids.pause(1000);
            second[0] = s.sample(leaders, now()).get(7);
            return second[0].cpu() >= 70;
        });
        assertEquals(1, second[0].processes());
        assertTrue(second[0].cpu() <= 110, "cpu of a busy loop: " + second[0].cpu());
        assertEquals(second[0].cpu(), Math.round(second[0].cpu() * 10) / 10.0, "one decimal");
    }

    @Test
    void rssOfAGroupHoldingAHundredMegabytes() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, "python3"))), "python3 needed");
        Process p = kids.start("python3", "-c",
                "b=bytearray(100*1024*1024)\nimport time\ntime.sleep(60)");
        long pid = p.pid();
        ProcSampler s = new ProcSampler(dir, 1);
        Map<Integer, Long> leaders = Map.of(1, pid);
        // python may still be touching its pages: compare once the figure has settled (two equal readings)
        long[] last = {-1};
        ProcessSample[] got = new ProcessSample[1];
        Kids.poll("the python child holds 100 MiB, steadily", WAIT, () -> {
            ProcessSample x = s.sample(leaders, now()).get(1);
            boolean steady = x != null && x.rss() >= 95L << 20 && Math.abs(x.rss() - last[0]) < (1L << 20);
            if (x != null) last[0] = x.rss();
            got[0] = x;
            if (!steady) Kids.pause(100);
            return steady;
        });
        ProcessSample x = got[0];
        List<Long> group = new ArrayList<>(List.of(pid));
        Kids.descendants(pid).forEach(st -> group.add(st.pid()));
        long vmRss = Kids.vmRss(group);
        assertTrue(x.rss() >= 95L << 20, "rss " + x.rss());
        assertTrue(Math.abs(x.rss() - vmRss) <= vmRss / 10, "sampled " + x.rss() + " vs VmRSS " + vmRss);
        assertEquals(group.size(), x.processes());
    }

    @Test
    void aGroupWithTwoChildrenCountsThree() throws IOException {
        Process p = kids.sh("sleep 100 & sleep 100 & wait");
        ProcSampler s = new ProcSampler(dir, 1);
        Map<Integer, Long> leaders = Map.of(3, p.pid());
        Kids.poll("three processes counted", WAIT, () -> s.sample(leaders, now()).get(3).processes() == 3);
        ProcessSample x = s.sample(leaders, now()).get(3);
        assertEquals(3, x.processes());
        assertTrue(x.rss() > 0);
        assertTrue(x.cpu() >= 0);
    }

    @Test
    void aMemberThatExitsDropsOutWithoutNegativeCpu() throws IOException {
        Process p = kids.sh("sh -c 'while :; do :; done' & sleep 100 & wait");
        long pid = p.pid();
        Kids.poll("both children started", WAIT, () -> Kids.descendants(pid).size() == 2);
        // a huge rescan period: after the first call only the known members' stat files are read
        ProcSampler s = new ProcSampler(dir, 1_000);
        Map<Integer, Long> leaders = Map.of(2, pid);
        assertEquals(3, s.sample(leaders, now()).get(2).processes());
        Kids.poll("the busy member counts", java.time.Duration.ofSeconds(30), () -> {
            Kids.pause(300);
            return s.sample(leaders, now()).get(2).cpu() > 20;
        });

        // the busy member: a child of the leader that is not sleep (sh, or busybox-like)
        long burner = busiest(Kids.descendants(pid));
        ProcessHandle.of(burner).ifPresent(ProcessHandle::destroyForcibly);
        Kids.poll("the busy member is gone", WAIT, () -> !ProcFs.isAlive(burner));

        ProcessSample after = s.sample(leaders, now()).get(2);
        assertEquals(2, after.processes());
        assertTrue(after.cpu() >= 0, "never negative: " + after.cpu());
        Kids.pause(300);
        ProcessSample idle = s.sample(leaders, now()).get(2);
        assertEquals(2, idle.processes());
        assertTrue(idle.cpu() >= 0 && idle.cpu() < 20, "only idle members left: " + idle.cpu());
    }

    private static long busiest(List<ProcFs.Stat> stats) {
        return stats.stream().max((a, b) -> Long.compare(a.utime() + a.stime(), b.utime() + b.stime()))
                .orElseThrow().pid();
    }

    @Test
    void aDescendantThatLeftTheGroupIsStillCounted() throws IOException {
        Process p = kids.sh("setsid sleep 100 & sleep 100 & wait");
        long pid = p.pid();
        Kids.poll("one child runs in a session of its own", WAIT, () -> Kids.descendants(pid).stream()
                .anyMatch(st -> st.pgrp() == st.pid() && st.session() == st.pid()));
        Kids.poll("two children", WAIT, () -> Kids.descendants(pid).size() == 2);
        ProcessSample x = new ProcSampler(dir).sample(Map.of(4, pid), now()).get(4);
        assertEquals(3, x.processes());
    }

    @Test
    void newMembersAreFoundAtTheNextRescanOnly() throws IOException {
        Process p = new ProcessBuilder("setsid", "sh", "-c", "read x; sleep 100 & wait")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        kids.adopt(p);
        long pid = p.pid();
        Kids.poll("leader", WAIT, () -> ProcFs.stat(pid).map(st -> st.pgrp() == pid).orElse(false));
        ProcSampler s = new ProcSampler(dir, 5);
        Map<Integer, Long> leaders = Map.of(5, pid);
        assertEquals(1, s.sample(leaders, now()).get(5).processes()); // call 1: a new leader, a full scan
        OutputStream in = p.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        Kids.poll("the child started", WAIT, () -> Kids.descendants(pid).size() == 1);
        assertEquals(1, s.sample(leaders, now()).get(5).processes(), "call 2 reads known members only");
        int found = -1;
        for (int call = 3; call <= 6 && found < 0; call++) {
            if (s.sample(leaders, now()).get(5).processes() == 2) found = call;
        }
        assertEquals(6, found, "the 5th call after a scan rescans");
    }

    @Test
    void theChildrenWalkFindsTheSameTreeAsAFullScan() throws IOException {
        Process p = kids.sh("sleep 100 & sh -c 'sleep 100 & wait' & wait");
        long pid = p.pid();
        Kids.poll("a child, a grandchild", WAIT, () -> Kids.descendants(pid).size() == 3);
        Map<Integer, Long> leaders = Map.of(1, pid);
        ProcSampler walk = new ProcSampler(Path.of("/proc"), dir, 1, ProcSampler.Discovery.AUTO);
        ProcSampler scan = new ProcSampler(Path.of("/proc"), dir, 1, ProcSampler.Discovery.SCAN);
        ProcessSample w = walk.sample(leaders, now()).get(1);
        ProcessSample f = scan.sample(leaders, now()).get(1);
        assertEquals(4, w.processes(), "the leader, two children, a grandchild");
        assertEquals(f.processes(), w.processes());
        assertTrue(Math.abs(w.rss() - f.rss()) <= w.rss() / 10, "walk " + w.rss() + " scan " + f.rss());
    }

    @Test
    void aChildForkedByAnotherThreadIsFound() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, "python3"))), "python3 needed");
        // the child is listed in the children file of the thread that forked it, which stays alive
        Process p = kids.start("python3", "-c", "import subprocess, threading, time\n"
                + "def fork():\n    subprocess.Popen(['sleep', '100'])\n    time.sleep(100)\n"
                + "threading.Thread(target=fork).start()\ntime.sleep(100)");
        long pid = p.pid();
        // python3 may be a wrapper (pyenv) that runs helpers before it execs python: wait for the settled tree
        Kids.poll("python runs, its one child was forked by a thread other than the main one", WAIT, () -> {
            List<ProcFs.Stat> d = Kids.descendants(pid);
            return comm(pid).startsWith("python") && d.size() == 1 && !childrenOf(pid, pid).contains(d.get(0).pid())
                    && childrenOfAnyThread(pid).contains(d.get(0).pid());
        });
        ProcessSample x = new ProcSampler(Path.of("/proc"), dir, 1, ProcSampler.Discovery.AUTO)
                .sample(Map.of(1, pid), now()).get(1);
        assertEquals(2, x.processes());
    }

    private static String comm(long pid) {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The pids in /proc/PID/task/TID/children. */
    private static List<Long> childrenOf(long pid, long tid) {
        try {
            String s = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/children")).trim();
            return s.isEmpty() ? List.of() : java.util.Arrays.stream(s.split(" ")).map(Long::parseLong).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Long> childrenOfAnyThread(long pid) {
        List<Long> out = new ArrayList<>();
        try (var tasks = java.nio.file.Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(t -> out.addAll(childrenOf(pid, Long.parseLong(t.getFileName().toString()))));
        } catch (IOException | java.io.UncheckedIOException e) {
            // gone
        }
        return out;
    }

    @Test
    void aMemberReparentedAwayThatStaysInTheGroupIsStillCounted() throws IOException {
        // leader sh -> middle sh -> sleep; the middle exits on a line of input, the sleep is reparented (to init
        // or a subreaper) but stays in the leader's process group, as today's full scan counts it
        Process p = kids.sh("sh -c 'sleep 100 & read x'; exec sleep 100");
        long pid = p.pid();
        Kids.poll("middle and grandchild", WAIT, () -> Kids.descendants(pid).size() == 2);
        ProcSampler walk = new ProcSampler(Path.of("/proc"), dir, 1, ProcSampler.Discovery.AUTO);
        Map<Integer, Long> leaders = Map.of(1, pid);
        assertEquals(3, walk.sample(leaders, now()).get(1).processes());
        long grandchild = Kids.descendants(pid).stream().filter(st -> st.ppid() != pid).findFirst().orElseThrow().pid();
        OutputStream in = p.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        Kids.poll("the middle gone, the grandchild reparented", WAIT,
                () -> Kids.descendants(pid).isEmpty() && ProcFs.isAlive(grandchild));
        assertEquals(pid, ProcFs.stat(grandchild).orElseThrow().pgrp(), "still in the app's group");
        assertEquals(2, walk.sample(leaders, now()).get(1).processes(), "the leader and the reparented member");
        ProcSampler scan = new ProcSampler(Path.of("/proc"), dir, 1, ProcSampler.Discovery.SCAN);
        assertEquals(2, scan.sample(leaders, now()).get(1).processes(), "the same as a full scan");
    }

    @Test
    void aGroupMemberTheWalkNeverSawIsFoundByTheSweep() throws IOException {
        // a subshell forks a sleep and exits at once: the sleep is reparented before any walk can see it, in the
        // leader's group, not its descendant
        Process p = kids.sh("(sleep 100 &); exec sleep 100");
        long pid = p.pid();
        Kids.poll("the orphan in the group, nothing under the leader", WAIT, () -> Kids.descendants(pid).isEmpty()
                && ProcFs.table().values().stream().filter(st -> st.pgrp() == pid && st.pid() != pid).count() == 1);
        ProcSampler s = new ProcSampler(Path.of("/proc"), dir, 1_000, ProcSampler.Discovery.AUTO, 60_000);
        Map<Integer, Long> leaders = Map.of(1, pid);
        assertEquals(1, s.sample(leaders, 1_000).get(1).processes(), "the walk: the leader only");
        assertEquals(1, s.sample(leaders, 60_999).get(1).processes(), "no sweep yet");
        assertEquals(2, s.sample(leaders, 61_000).get(1).processes(), "a minute on: the sweep finds it");
        assertEquals(2, s.sample(leaders, 62_000).get(1).processes(), "and it stays a member");
    }

    /** How many of this JVM's descriptors are open on /proc/PID/stat of these pids. */
    private static long keptStatFiles(List<Long> pids) throws IOException {
        List<String> targets = pids.stream().map(x -> "/proc/" + x + "/stat").toList();
        long n = 0;
        try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (targets.contains(java.nio.file.Files.readSymbolicLink(fd).toString())) n++;
                } catch (IOException e) {
                    // closed meanwhile (the listing's own descriptor)
                }
            }
        }
        return n;
    }

    @Test
    void statFilesStayOpenForKnownMembersAndAreClosedWhenTheyGo() throws Exception {
        Process p = kids.sh("sleep 100 & sleep 100 & wait");
        long pid = p.pid();
        Kids.poll("two children", WAIT, () -> Kids.descendants(pid).size() == 2);
        List<Long> tree = new ArrayList<>(List.of(pid));
        Kids.descendants(pid).forEach(st -> tree.add(st.pid()));
        ProcSampler s = new ProcSampler(dir, 1_000);
        Map<Integer, Long> leaders = Map.of(1, pid);
        assertEquals(3, s.sample(leaders, now()).get(1).processes());
        assertEquals(3, s.sample(leaders, now()).get(1).processes()); // between walks: through the kept files
        assertEquals(3, keptStatFiles(tree), "one kept stat file per member");

        long child = tree.get(1);
        ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        Kids.poll("the child reaped", WAIT, () -> !java.nio.file.Files.exists(Path.of("/proc/" + child)));
        assertEquals(2, s.sample(leaders, now()).get(1).processes(), "a read through a gone process's file fails");
        assertEquals(2, keptStatFiles(tree), "its file closed");

        assertEquals(Map.of(), s.sample(Map.of(), now()), "the app no longer asked about");
        assertEquals(0, keptStatFiles(tree), "its files closed");
        s.sample(leaders, now());
        s.host(now());
        s.daemon(now());
        s.close();
        assertEquals(0, keptStatFiles(tree), "closed");
    }

    @Test
    void deadOrUnknownLeadersAreLeftOut() throws Exception {
        Process a = kids.start("sleep", "100");
        Process b = kids.start("sleep", "100");
        ProcSampler s = new ProcSampler(dir);
        Map<Integer, Long> leaders = new HashMap<>(Map.of(1, a.pid(), 2, b.pid()));
        assertEquals(Map.of(1, 1, 2, 1), counts(s.sample(leaders, now())));
        b.destroyForcibly();
        b.waitFor();
        Map<Integer, ProcessSample> out = s.sample(leaders, now()); // not a rescan: the known leader is read
        assertEquals(Map.of(1, 1), counts(out));
        leaders.put(3, b.pid()); // a pid that no longer exists
        assertEquals(Map.of(1, 1), counts(s.sample(leaders, now())));
        leaders.remove(1);
        assertEquals(Map.of(), counts(s.sample(leaders, now())), "only the apps asked about");
    }

    private static Map<Integer, Integer> counts(Map<Integer, ProcessSample> m) {
        Map<Integer, Integer> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.processes()));
        return out;
    }

    @Test
    void hostSampleIsPlausible() throws IOException {
        ProcSampler s = new ProcSampler(dir);
        HostSample first = s.host(now());
        assertEquals(0.0, first.cpu());
        Kids.pause(200);
        HostSample h = s.host(now());
        assertTrue(h.cpu() >= 0 && h.cpu() <= 100, "cpu " + h.cpu());
        assertTrue(h.cores() >= 1);
        assertTrue(h.memTotal() > 0);
        assertTrue(h.memAvailable() > 0 && h.memAvailable() <= h.memTotal());
        assertTrue(h.load1() >= 0 && h.load5() >= 0 && h.load15() >= 0);
        assertTrue(h.diskTotal() > 0 && h.diskFree() >= 0 && h.diskFree() <= h.diskTotal());
        assertEquals(java.nio.file.Files.getFileStore(dir).getTotalSpace(), h.diskTotal());
        HostSample missing = new ProcSampler(dir.resolve("not/yet/there")).host(now());
        assertEquals(h.diskTotal(), missing.diskTotal(), "a path not created yet: its file system");
    }

    @Test
    void daemonSampleIsPlausible() {
        ProcSampler s = new ProcSampler(dir);
        long t0 = now();
        DaemonSample first = s.daemon(t0);
        assertEquals(0.0, first.cpu());
        long x = 0;
        while (now() - t0 < 300) x += System.nanoTime() % 7; // burn a little CPU in this process
        DaemonSample d = s.daemon(now());
        assertTrue(x >= 0);
        assertTrue(d.cpu() > 0, "this JVM used CPU: " + d.cpu());
        assertTrue(d.rss() > 10L << 20, "rss " + d.rss());
        assertTrue(d.heapUsed() > 0 && d.heapUsed() <= d.heapCommitted());
        assertTrue(d.heapMax() >= d.heapCommitted());
        assertTrue(d.threads() >= Thread.activeCount(), "native threads " + d.threads());
    }
}
