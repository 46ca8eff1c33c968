package jmon.engine.metrics;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads /proc for per-app, host and daemon metrics.
 *
 * <p>An app is its leader's process group plus every descendant of it, even one that left the group: a process
 * is the app's when it is the leader, is in the leader's group, or descends from one of the app's processes
 * (another app's leader, and what is in another app's group, stay that app's).
 *
 * <p>Cost model. A <em>walk</em> (every {@code rescanEvery} rounds of an app, or when its leader is new) finds
 * the app's processes from its leader down, through {@code /proc/PID/task/TID/children} (one file per thread;
 * a process with one thread needs no listing of its tasks), reading the stat file of each process found; members
 * seen before that the walk no longer reaches (reparented away) stay while they are alive and in the leader's
 * group. Between walks only the known members' stat files are read. So a round costs in proportion to the apps'
 * own processes, whatever else runs on the host. What a walk cannot see, a process born and reparented away
 * between two walks that stays in the leader's group, a <em>sweep</em> finds: once every {@code sweepMs} (five
 * minutes) a round of every app scans every process's stat file instead of walking. Where the children files do
 * not exist (a kernel without {@code CONFIG_PROC_CHILDREN}; checked once) every walk is such a scan.
 * <p>Reading. On the real /proc a known member's stat file, and the host's and the daemon's files, stay open:
 * each round seeks to 0 and reads again, and the kernel produces the file afresh; a round between walks opens
 * nothing. A read through a kept stat file fails once its process is gone (reaped), so a kept member never turns
 * into another process that got its pid. That costs one descriptor per sampled process (closed as soon as the
 * process leaves the app) plus four. Elsewhere (a directory laid out like /proc, for tests) each read opens the
 * file. Files are read into reused arrays and parsed from the bytes (no String, no regex), through
 * {@link RandomAccessFile} and {@link FileInputStream}, whose Java paths are a fraction of NIO's while the code
 * is still interpreted (a sampler at one round per 10 s stays cold for a long time). The per-round garbage is the
 * result map and its records.
 *
 * <p>Not thread-safe: its caller runs one round at a time, and calls {@link #close()} after the last.
 */
public final class ProcSampler implements AutoCloseable {
    /** USER_HZ: the unit of utime/stime/starttime in /proc; 100 on every architecture jmon targets. */
    static final int TICKS_PER_SECOND = 100;
    static final int DEFAULT_RESCAN_EVERY = 5;
    /** How often a round of every app scans the host instead of walking (see the class comment). */
    static final long DEFAULT_SWEEP_MS = 300_000;
    private static final long PAGE_SIZE = pageSize();

    /** How an app's processes are found. */
    enum Discovery {
        /** Walk the children files when the kernel has them, else scan (decided once). */
        AUTO,
        /** Always scan every process's stat file (the fallback; for tests). */
        SCAN
    }

    private final File proc;
    private final Path diskPath;
    private final int rescanEvery;
    private final Discovery discovery;
    private final long sweepMs;
    /** nowMs of the last sweep (the first round counts as one: it walks every app); MIN_VALUE before it. */
    private long lastSweepMs = Long.MIN_VALUE;
    private final File selfStat;
    private final File procStat;
    private final File meminfo;
    private final File loadavg;
    /** Whether the children files can be walked; null until first needed. */
    private Boolean walkable;
    /** The real /proc: files can be kept open and read again (see the class comment). */
    private final boolean keepOpen;
    /** The host's and the daemon's files, kept open on the real /proc: the slots below. */
    private final RandomAccessFile[] hostIn = new RandomAccessFile[4];
    private static final int SELF_STAT = 0;
    private static final int PROC_STAT = 1;
    private static final int MEMINFO = 2;
    private static final int LOADAVG = 3;
    /** Opened by the last {@link #readFresh}, for the member {@link #take} makes of it. */
    private RandomAccessFile opened;

    /** For per-pid stat files (a few hundred bytes; comm is at most 64 bytes). */
    private final byte[] statBuf = new byte[1024];
    /** For children files: 7-8 bytes a child; grows when a thread has very many. */
    private byte[] childBuf = new byte[1024];
    /** For /proc/meminfo, /proc/loadavg. */
    private final byte[] smallBuf = new byte[8192];
    /** For /proc/stat: only the cpu lines are used, they come first; 64 KiB covers several hundred cores. */
    private byte[] procStatBuf;

    // the fields of the last stat parsed (single-threaded: no allocation per parse)
    private char stState;
    private int stPpid;
    private int stPgrp;
    private long stTicks;
    private long stStart;
    private long stRssPages;
    private int stThreads;

    private final Map<Integer, Group> groups = new HashMap<>();
    private int walkStamp;
    private int roundStamp;

    // scan table, reused between scans
    private int tableSize;
    private int[] tPid = new int[256];
    private int[] tPpid = new int[256];
    private int[] tPgrp = new int[256];
    private long[] tStart = new long[256];
    private long[] tTicks = new long[256];
    private long[] tRss = new long[256];
    private File[] tPath = new File[256];
    private int[] tOwner = new int[256];

    private long hostLastTotal = -1;
    private long hostLastIdle;
    private long selfLastTicks = -1;
    private long selfLastTime;
    private FileStore store;
    private boolean storeLooked;

    public ProcSampler(Path diskPath) {
        this(Path.of("/proc"), diskPath, DEFAULT_RESCAN_EVERY);
    }

    public ProcSampler(Path diskPath, int rescanEvery) {
        this(Path.of("/proc"), diskPath, rescanEvery);
    }

    /** procRoot is a seam for tests: a directory laid out like /proc. */
    ProcSampler(Path procRoot, Path diskPath, int rescanEvery) {
        this(procRoot, diskPath, rescanEvery, Discovery.AUTO);
    }

    ProcSampler(Path procRoot, Path diskPath, int rescanEvery, Discovery discovery) {
        this(procRoot, diskPath, rescanEvery, discovery, DEFAULT_SWEEP_MS);
    }

    ProcSampler(Path procRoot, Path diskPath, int rescanEvery, Discovery discovery, long sweepMs) {
        if (rescanEvery < 1) throw new IllegalArgumentException("rescanEvery must be >= 1, got " + rescanEvery);
        if (sweepMs < 1) throw new IllegalArgumentException("sweepMs must be >= 1, got " + sweepMs);
        this.sweepMs = sweepMs;
        this.proc = procRoot.toFile();
        this.diskPath = diskPath;
        this.rescanEvery = rescanEvery;
        this.discovery = discovery;
        this.selfStat = new File(proc, "self/stat");
        this.procStat = new File(proc, "stat");
        this.meminfo = new File(proc, "meminfo");
        this.loadavg = new File(proc, "loadavg");
        this.keepOpen = procRoot.toAbsolutePath().normalize().equals(Path.of("/proc"));
    }

    private static final class Member {
        final int pid;
        final long start;
        final File stat;
        /** /proc/PID/task/PID/children: the main thread's children; made when first needed. */
        File children;
        long ticks;
        int threads;
        /** The walk that last reached this member. */
        int stamp;
        /** Kept only when it is in the member list the walk builds. */
        boolean keep;
        /** The stat file, kept open (real /proc only); null until first read. */
        RandomAccessFile in;

        Member(int pid, long start, File stat, long ticks) {
            this.pid = pid;
            this.start = start;
            this.stat = stat;
            this.ticks = ticks;
        }
    }

    private static final class Group {
        final int pmId;
        final int leader;
        long leaderStart = -1;
        long lastTime;
        /** Rounds since the last walk (or scan); a new group is walked at once. */
        int roundsSinceWalk;
        boolean mustWalk = true;
        /** The leader first; then the others in discovery order. */
        List<Member> members = new ArrayList<>();
        // the figures of the current call
        long delta;
        long rss;
        int count;
        boolean alive;

        /** The round that last asked about this app. */
        int asked;

        Group(int pmId, int leader) {
            this.pmId = pmId;
            this.leader = leader;
        }

        void reset() {
            delta = 0;
            rss = 0;
            count = 0;
            alive = false;
        }
    }

    /**
     * Every app: leaders is pmId -> leader pid of all of them; apps not in it are forgotten. Returns pmId -> sample
     * for every leader alive (a zombie leader is dead). Each sample's CPU covers the time since that app's previous
     * sample, however long ago. See the class comment for what is read when.
     */
    public Map<Integer, ProcessSample> sample(Map<Integer, Long> leaders, long nowMs) {
        boolean sweep = false;
        if (lastSweepMs == Long.MIN_VALUE) {
            lastSweepMs = nowMs;
        } else if (nowMs - lastSweepMs >= sweepMs || nowMs < lastSweepMs) {
            sweep = true;
            lastSweepMs = nowMs;
        }
        int round = ++roundStamp;
        Map<Integer, ProcessSample> out = sampleGroups(leaders, nowMs, sweep, round);
        if (groups.size() > out.size()) {
            // apps no longer asked about (every asked one was stamped; a dead one already left)
            for (Iterator<Group> it = groups.values().iterator(); it.hasNext(); ) {
                Group g = it.next();
                if (g.asked != round) {
                    releaseAll(g);
                    it.remove();
                }
            }
        }
        return out;
    }

    /**
     * Only the apps in leaders (a subset: apps sampled more often than the rest); the others are left as they
     * are, so their next sample still covers the time since their own previous one.
     */
    public Map<Integer, ProcessSample> sampleSome(Map<Integer, Long> leaders, long nowMs) {
        return sampleGroups(leaders, nowMs, false, ++roundStamp);
    }

    private Map<Integer, ProcessSample> sampleGroups(Map<Integer, Long> leaders, long nowMs, boolean sweep, int round) {
        List<Group> asked = new ArrayList<>(leaders.size());
        boolean anyWalk = false;
        for (Map.Entry<Integer, Long> e : leaders.entrySet()) {
            Group g = groups.get(e.getKey());
            int pid = (int) (long) e.getValue();
            if (g == null || g.leader != pid) {
                if (g != null) releaseAll(g);
                g = new Group(e.getKey(), pid);
                groups.put(e.getKey(), g);
            } else if (++g.roundsSinceWalk >= rescanEvery) {
                g.mustWalk = true;
            }
            anyWalk |= g.mustWalk;
            g.asked = round;
            asked.add(g);
        }
        if (sweep || (anyWalk && !walkable())) {
            fullScan(asked);
        } else {
            Map<Integer, Integer> pmIdOfPid = anyWalk ? leaderIndex() : null;
            for (Group g : asked) {
                if (g.mustWalk) walk(g, pmIdOfPid);
                else refreshKnown(g);
            }
        }
        Map<Integer, ProcessSample> out = new HashMap<>(asked.size() * 2);
        for (Group g : asked) {
            if (!g.alive) {
                releaseAll(g);
                groups.remove(g.pmId);
                continue;
            }
            long elapsed = nowMs - g.lastTime;
            double cpu = g.lastTime == 0 || elapsed <= 0 ? 0.0 : percent(g.delta, elapsed);
            g.lastTime = nowMs;
            out.put(g.pmId, new ProcessSample(nowMs, cpu, g.rss * PAGE_SIZE, g.count));
        }
        return out;
    }

    /** The entries of leaders whose app is not sampled yet, or was with another leader. */
    public Map<Integer, Long> unknown(Map<Integer, Long> leaders) {
        Map<Integer, Long> out = new HashMap<>();
        for (Map.Entry<Integer, Long> e : leaders.entrySet()) {
            Group g = groups.get(e.getKey());
            if (g == null || g.leader != e.getValue()) out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** ticks of CPU over elapsed ms, as percent of one core rounded to one decimal. */
    static double percent(long ticks, long elapsedMs) {
        if (ticks <= 0 || elapsedMs <= 0) return 0.0;
        double pct = ticks * (100_000.0 / TICKS_PER_SECOND) / elapsedMs;
        return Math.round(pct * 10) / 10.0;
    }

    /** leader pid -> pmId of every app known (for telling one app's processes from another's). */
    private Map<Integer, Integer> leaderIndex() {
        Map<Integer, Integer> m = new HashMap<>(groups.size() * 2);
        for (Group g : groups.values()) m.put(g.leader, g.pmId);
        return m;
    }

    /** Whether children files exist: the JVM's own main thread's is looked for once. */
    private boolean walkable() {
        if (walkable == null) {
            long self = ProcessHandle.current().pid();
            walkable = discovery == Discovery.AUTO && new File(proc, self + "/task/" + self + "/children").canRead();
        }
        return walkable;
    }

    /** Between walks: read each known member's stat; a vanished, zombie or reused pid drops out. */
    private void refreshKnown(Group g) {
        g.reset();
        List<Member> ms = g.members;
        for (int i = 0; i < ms.size(); i++) {
            Member m = ms.get(i);
            boolean isLeader = m.pid == g.leader;
            boolean live = readMember(m) && stState != 'Z' && stState != 'X' && stStart == m.start;
            if (!live) {
                // a dead (or reused) leader: the app is left out now and starts afresh when asked again
                if (isLeader) break;
                release(m);
                ms.remove(i--);
                continue;
            }
            if (isLeader) g.alive = true;
            count(g, m, false);
        }
    }

    /** Adds the st* figures just read for member m to its group; fresh: m is new, its ticks are a baseline. */
    private void count(Group g, Member m, boolean fresh) {
        if (!fresh && stTicks > m.ticks) g.delta += stTicks - m.ticks;
        m.ticks = stTicks;
        m.threads = stThreads;
        g.rss += stRssPages;
        g.count++;
    }

    /** Finds the group's processes from its leader down (see the class comment) and counts them. */
    private void walk(Group g, Map<Integer, Integer> pmIdOfPid) {
        g.reset();
        g.mustWalk = false;
        g.roundsSinceWalk = 0;
        int stamp = ++walkStamp;
        Map<Integer, Member> old = new HashMap<>(g.members.size() * 2 + 2);
        for (Member m : g.members) {
            old.put(m.pid, m);
            m.keep = false;
        }
        Member lm = old.get(g.leader);
        File leaderStat = lm != null ? lm.stat : statPath(g.leader);
        boolean read = (lm != null && readMember(lm)) || readFresh(leaderStat);
        if (!read || stState == 'Z' || stState == 'X') { // dead: left out (the group is dropped, its files closed)
            closeOpened();
            return;
        }
        if (g.leaderStart != -1 && g.leaderStart != stStart) {
            // same pid, another process: a new leader, a fresh baseline
            for (Member m : old.values()) release(m);
            old.clear();
            g.lastTime = 0;
        }
        g.leaderStart = stStart;
        g.alive = true;
        List<Member> fresh = new ArrayList<>(Math.max(4, g.members.size()));
        fresh.add(take(g, old, g.leader, leaderStat, stamp));
        int next = 0;
        while (true) {
            while (next < fresh.size()) expand(g, fresh.get(next++), fresh, old, pmIdOfPid, stamp);
            // members the walk did not reach (their parent died): still the app's while they stay in its group
            int before = fresh.size();
            for (Member m : old.values()) {
                if (m.stamp == stamp) continue;
                m.stamp = stamp;
                if (readMember(m) && stState != 'Z' && stState != 'X' && stStart == m.start && stPgrp == g.leader) {
                    count(g, m, false);
                    m.keep = true;
                    fresh.add(m);
                }
            }
            if (fresh.size() == before) break;
        }
        for (Member m : old.values()) if (!m.keep) release(m);
        g.members = fresh;
    }

    /**
     * The member for pid whose stat was just read (the st* fields): the known one when it is the same process,
     * else a new one (with the file {@link #readFresh} opened), the known one's file closed.
     */
    private Member take(Group g, Map<Integer, Member> old, int pid, File stat, int stamp) {
        Member m = old.get(pid);
        boolean same = m != null && m.start == stStart;
        if (same) {
            closeOpened(); // read afresh although known (its kept file had failed): keep the known one's
        } else {
            if (m != null) release(m);
            m = new Member(pid, stStart, stat, stTicks);
            m.in = opened;
            opened = null;
            old.put(pid, m);
        }
        m.stamp = stamp;
        m.keep = true;
        count(g, m, !same);
        return m;
    }

    /** Appends m's live children to fresh (each counted), leaving out other apps' processes. */
    private void expand(Group g, Member m, List<Member> fresh, Map<Integer, Member> old,
                        Map<Integer, Integer> pmIdOfPid, int stamp) {
        if (m.threads <= 1) {
            if (m.children == null) m.children = new File(proc, m.pid + "/task/" + m.pid + "/children");
            addChildren(g, m.children, fresh, old, pmIdOfPid, stamp);
            return;
        }
        // a child belongs to the thread that forked it (or inherited it from one that ended): every thread's file
        File taskDir = new File(proc, m.pid + "/task");
        String[] tasks = taskDir.list(); // null when the process is gone
        if (tasks == null) return;
        for (String tid : tasks) addChildren(g, new File(taskDir, tid + "/children"), fresh, old, pmIdOfPid, stamp);
    }

    private void addChildren(Group g, File children, List<Member> fresh, Map<Integer, Member> old,
                             Map<Integer, Integer> pmIdOfPid, int stamp) {
        int len = readGrowing(children);
        if (len <= 0) return;
        byte[] b = childBuf;
        int p = 0;
        while (p < len) {
            while (p < len && (b[p] < '0' || b[p] > '9')) p++;
            if (p >= len) break;
            int pid = (int) num(b, p, len);
            while (p < len && b[p] >= '0' && b[p] <= '9') p++;
            Member known = old.get(pid);
            if (known != null && known.stamp == stamp) continue; // counted already
            File stat = known != null ? known.stat : statPath(pid);
            // a known member through its kept file; else (new, or its file failed: the pid was reused) afresh
            boolean read = (known != null && readMember(known)) || readFresh(stat);
            Integer owner = pmIdOfPid.get(pid);
            if (read && owner == null && stPgrp != g.leader) owner = pmIdOfPid.get(stPgrp);
            if (!read || stState == 'Z' || stState == 'X' || (owner != null && owner != g.pmId)) {
                closeOpened(); // gone, a zombie, or another app's leader or group member
                continue;
            }
            fresh.add(take(g, old, pid, stat, stamp));
        }
    }

    private File statPath(int pid) {
        return new File(proc, pid + "/stat");
    }

    /** Reads a whole file into childBuf, growing it when full; the length, or -1. */
    private int readGrowing(File f) {
        while (true) {
            int len = readAll(f, childBuf);
            if (len < childBuf.length) return len;
            childBuf = new byte[childBuf.length * 2];
        }
    }

    /** The fallback of a walk: every process of the host read, each asked group's members found among them. */
    private void fullScan(List<Group> asked) {
        Map<Integer, Integer> pmIdOfPid = leaderIndex();
        readTable();
        Map<Integer, Integer> index = new HashMap<>(tableSize * 2);
        for (int i = 0; i < tableSize; i++) {
            index.put(tPid[i], i);
            tOwner[i] = UNKNOWN;
        }
        for (int i = 0; i < tableSize; i++) resolveOwner(i, pmIdOfPid, index);

        Map<Integer, List<Integer>> byOwner = new HashMap<>();
        for (int i = 0; i < tableSize; i++) {
            if (tOwner[i] != NONE) byOwner.computeIfAbsent(tOwner[i], k -> new ArrayList<>()).add(i);
        }
        for (Group g : asked) {
            g.reset();
            g.mustWalk = false;
            g.roundsSinceWalk = 0;
            Integer li = index.get(g.leader);
            g.alive = li != null;
            if (!g.alive) continue;
            if (g.leaderStart != -1 && g.leaderStart != tStart[li]) {
                // same pid, another process: a new leader, a fresh baseline
                releaseAll(g);
                g.members = new ArrayList<>();
                g.lastTime = 0;
            }
            g.leaderStart = tStart[li];
            Map<Integer, Member> old = new HashMap<>(g.members.size() * 2);
            for (Member m : g.members) {
                old.put(m.pid, m);
                m.keep = false;
            }
            List<Member> fresh = new ArrayList<>();
            List<Integer> mine = byOwner.getOrDefault(g.pmId, List.of());
            // the leader first
            fresh.add(null);
            for (int i : mine) {
                Member m = old.get(tPid[i]);
                if (m != null && m.start == tStart[i]) { // same pid and same start: the same process
                    g.delta += Math.max(0, tTicks[i] - m.ticks);
                    m.ticks = tTicks[i];
                } else {
                    m = new Member(tPid[i], tStart[i], tPath[i], tTicks[i]); // new member: a baseline
                }
                m.keep = true;
                g.rss += tRss[i];
                g.count++;
                if (m.pid == g.leader) fresh.set(0, m);
                else fresh.add(m);
            }
            if (fresh.get(0) == null) fresh.remove(0); // the leader is owned by another app (two pmIds, one pid)
            for (Member m : old.values()) if (!m.keep) release(m);
            g.members = fresh;
        }
    }

    private static final int UNKNOWN = Integer.MIN_VALUE;
    private static final int NONE = Integer.MIN_VALUE + 1;
    private int[] walk = new int[16];

    /** The pmId owning process i: it is a leader, or in a leader's group, or a descendant of an owned process. */
    private void resolveOwner(int i, Map<Integer, Integer> pmIdOfPid, Map<Integer, Integer> index) {
        if (tOwner[i] != UNKNOWN) return;
        // walk up the parents until something is decided, then mark the path
        int[] path = walk;
        int n = 0;
        int cur = i;
        int owner = NONE;
        while (true) {
            if (tOwner[cur] != UNKNOWN) {
                owner = tOwner[cur];
                break;
            }
            Integer byPid = pmIdOfPid.get(tPid[cur]);
            Integer byGroup = byPid != null ? byPid : pmIdOfPid.get(tPgrp[cur]);
            if (byGroup != null) {
                owner = byGroup;
                tOwner[cur] = owner;
                break;
            }
            if (n == path.length) path = walk = java.util.Arrays.copyOf(path, n * 2);
            path[n++] = cur;
            Integer parent = tPpid[cur] > 0 ? index.get(tPpid[cur]) : null;
            if (parent == null || n > tableSize) break; // top of the tree (or a cycle that cannot be)
            cur = parent;
        }
        for (int k = 0; k < n; k++) tOwner[path[k]] = owner;
    }

    /** Every live (non-zombie) process into the t* arrays. */
    private void readTable() {
        tableSize = 0;
        String[] names = proc.list(); // null when /proc is unreadable: an empty table
        if (names != null) {
            for (String name : names) {
                int pid = parsePid(name);
                if (pid <= 0) continue;
                File stat = statPath(pid);
                if (!readStat(stat) || stState == 'Z' || stState == 'X') continue;
                if (tableSize == tPid.length) growTable();
                int k = tableSize++;
                tPid[k] = pid;
                tPpid[k] = stPpid;
                tPgrp[k] = stPgrp;
                tStart[k] = stStart;
                tTicks[k] = stTicks;
                tRss[k] = stRssPages;
                tPath[k] = stat;
            }
        }
        java.util.Arrays.fill(tPath, tableSize, tPath.length, null);
    }

    private void growTable() {
        int n = tPid.length * 2;
        tPid = java.util.Arrays.copyOf(tPid, n);
        tPpid = java.util.Arrays.copyOf(tPpid, n);
        tPgrp = java.util.Arrays.copyOf(tPgrp, n);
        tStart = java.util.Arrays.copyOf(tStart, n);
        tTicks = java.util.Arrays.copyOf(tTicks, n);
        tRss = java.util.Arrays.copyOf(tRss, n);
        tPath = java.util.Arrays.copyOf(tPath, n);
        tOwner = java.util.Arrays.copyOf(tOwner, n);
    }

    private static int parsePid(String name) {
        int n = name.length();
        if (n == 0 || n > 9) return -1;
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Reads a member's stat into the st* fields: through its kept file on the real /proc (opened on first use),
     * else by opening it. False when the process is gone (its kept file is then closed) or the file malformed.
     */
    private boolean readMember(Member m) {
        if (!keepOpen) return readStat(m.stat);
        if (m.in == null) {
            try {
                m.in = new RandomAccessFile(m.stat, "r");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        int len = readAgain(m.in, statBuf);
        if (len <= 0) {
            release(m);
            return false;
        }
        return parseStat(statBuf, len);
    }

    /**
     * Reads a stat file not kept yet into the st* fields; on the real /proc the file stays open in
     * {@link #opened} for {@link #take} (or {@link #closeOpened()}).
     */
    private boolean readFresh(File stat) {
        closeOpened();
        if (!keepOpen) return readStat(stat);
        RandomAccessFile f;
        try {
            f = new RandomAccessFile(stat, "r");
        } catch (IOException | RuntimeException e) {
            return false;
        }
        int len = readAgain(f, statBuf);
        if (len <= 0 || !parseStat(statBuf, len)) {
            closeQuietly(f);
            return false;
        }
        opened = f;
        return true;
    }

    private void closeOpened() {
        if (opened != null) {
            closeQuietly(opened);
            opened = null;
        }
    }

    private static void release(Member m) {
        if (m.in != null) {
            closeQuietly(m.in);
            m.in = null;
        }
    }

    private static void releaseAll(Group g) {
        for (Member m : g.members) release(m);
    }

    private static void closeQuietly(RandomAccessFile f) {
        try {
            f.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** Reads a kept file again from its start (one read); the length, or -1. */
    private static int readAgain(RandomAccessFile f, byte[] buf) {
        try {
            f.seek(0);
            return f.read(buf);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Like {@link #readAll} through a kept file. */
    private static int readAllAgain(RandomAccessFile f, byte[] buf) {
        try {
            f.seek(0);
            int n = 0;
            while (n < buf.length) {
                int r = f.read(buf, n, Math.min(8192, buf.length - n));
                if (r < 0) break;
                n += r;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Closes every kept file. The sampler may be used again afterwards: files are reopened as needed. */
    @Override
    public void close() {
        for (Group g : groups.values()) releaseAll(g);
        closeOpened();
        for (int i = 0; i < hostIn.length; i++) {
            if (hostIn[i] != null) closeQuietly(hostIn[i]);
            hostIn[i] = null;
        }
    }

    /** Reads a host file (all of it, or one read): through its kept file on the real /proc. The length, or -1. */
    private int readHost(int slot, File f, byte[] buf, boolean all) {
        if (!keepOpen) return all ? readAll(f, buf) : readOnce(f, buf);
        RandomAccessFile in = hostIn[slot];
        if (in == null) {
            try {
                in = hostIn[slot] = new RandomAccessFile(f, "r");
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        int len = all ? readAllAgain(in, buf) : readAgain(in, buf);
        if (len < 0) {
            closeQuietly(in);
            hostIn[slot] = null;
        }
        return len;
    }

    /** Reads and parses one /proc/PID/stat into the st* fields. False when it is gone or malformed. */
    private boolean readStat(File stat) {
        int len = readOnce(stat, statBuf);
        return len > 0 && parseStat(statBuf, len);
    }

    /** One read: a /proc/PID/stat file is produced whole by the first read when the buffer is big enough. */
    private static int readOnce(File f, byte[] buf) {
        try (FileInputStream in = new FileInputStream(f)) {
            return in.read(buf);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Reads until EOF or the buffer is full; the length, or -1. At most 8 KiB a read: the JDK reads that much
     * through a stack buffer, more through a malloc per call.
     */
    private static int readAll(File f, byte[] buf) {
        try (FileInputStream in = new FileInputStream(f)) {
            int n = 0;
            while (n < buf.length) {
                int r = in.read(buf, n, Math.min(8192, buf.length - n));
                if (r < 0) break;
                n += r;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Fields after the comm's closing parenthesis (comm may hold spaces and parentheses, so the last ')' counts):
     * 3 state, 4 ppid, 5 pgrp, 14 utime, 15 stime, 20 num_threads, 22 starttime, 24 rss (pages).
     */
    private boolean parseStat(byte[] b, int len) {
        int close = len - 1;
        while (close >= 0 && b[close] != ')') close--;
        if (close < 0 || close + 2 >= len) return false;
        int p = close + 2;
        stState = (char) b[p];
        int field = 3;
        long utime = 0;
        while (field < 24) {
            // skip to the next field
            while (p < len && b[p] != ' ') p++;
            p++;
            field++;
            if (p >= len) return false;
            switch (field) {
                case 4 -> stPpid = (int) num(b, p, len);
                case 5 -> stPgrp = (int) num(b, p, len);
                case 14 -> utime = num(b, p, len);
                case 15 -> stTicks = utime + num(b, p, len);
                case 20 -> stThreads = (int) num(b, p, len);
                case 22 -> stStart = num(b, p, len);
                case 24 -> stRssPages = Math.max(0, num(b, p, len));
                default -> { }
            }
        }
        return true;
    }

    /** A decimal integer at b[p], optional '-'. */
    static long num(byte[] b, int p, int len) {
        boolean neg = false;
        if (p < len && b[p] == '-') {
            neg = true;
            p++;
        }
        long v = 0;
        while (p < len) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
            p++;
        }
        return neg ? -v : v;
    }

    /** /proc/stat (cpu delta since the previous call; 0 the first time), meminfo, loadavg, the disk. */
    public HostSample host(long nowMs) {
        double cpu = 0;
        int cores = 0;
        if (procStatBuf == null) procStatBuf = new byte[64 * 1024];
        int len = readHost(PROC_STAT, procStat, procStatBuf, true);
        if (len > 0) {
            byte[] b = procStatBuf;
            int p = 0;
            long total = 0;
            long idle = 0;
            while (p + 3 < len && b[p] == 'c' && b[p + 1] == 'p' && b[p + 2] == 'u') {
                if (b[p + 3] == ' ') {
                    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest is in user)
                    int q = p + 3;
                    for (int f = 0; f < 8; f++) {
                        while (q < len && b[q] == ' ') q++;
                        long v = num(b, q, len);
                        while (q < len && b[q] != ' ' && b[q] != '\n') q++;
                        total += v;
                        if (f == 3 || f == 4) idle += v;
                    }
                } else {
                    cores++;
                }
                while (p < len && b[p] != '\n') p++;
                p++;
            }
            if (hostLastTotal >= 0 && total > hostLastTotal) {
                long dt = total - hostLastTotal;
                long busy = Math.max(0, dt - Math.max(0, idle - hostLastIdle));
                cpu = Math.min(100.0, Math.round(busy * 1000.0 / dt) / 10.0);
            }
            hostLastTotal = total;
            hostLastIdle = idle;
        }
        if (cores == 0) cores = Runtime.getRuntime().availableProcessors();

        long memTotal = 0;
        long memAvailable = 0;
        len = readHost(MEMINFO, meminfo, smallBuf, true);
        if (len > 0) {
            byte[] b = smallBuf;
            memTotal = meminfoKb(b, len, MEM_TOTAL) * 1024;
            memAvailable = meminfoKb(b, len, MEM_AVAILABLE) * 1024;
        }

        double l1 = 0;
        double l5 = 0;
        double l15 = 0;
        len = readHost(LOADAVG, loadavg, smallBuf, false);
        if (len > 0) {
            byte[] b = smallBuf;
            int p = 0;
            l1 = decimal(b, p, len);
            p = nextField(b, p, len);
            l5 = decimal(b, p, len);
            p = nextField(b, p, len);
            l15 = decimal(b, p, len);
        }

        long diskTotal = 0;
        long diskFree = 0;
        FileStore fs = store();
        if (fs != null) {
            try {
                diskTotal = fs.getTotalSpace();
                diskFree = fs.getUsableSpace();
            } catch (IOException | RuntimeException e) {
                // leave 0
            }
        }
        return new HostSample(nowMs, cpu, cores, memTotal, memAvailable, l1, l5, l15, diskTotal, diskFree);
    }

    private static final byte[] MEM_TOTAL = "MemTotal:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] MEM_AVAILABLE = "MemAvailable:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The kB figure of the line starting with key, 0 when absent. */
    private static long meminfoKb(byte[] b, int len, byte[] key) {
        int p = 0;
        while (p < len) {
            if (startsWith(b, p, len, key)) {
                int q = p + key.length;
                while (q < len && b[q] == ' ') q++;
                return num(b, q, len);
            }
            while (p < len && b[p] != '\n') p++;
            p++;
        }
        return 0;
    }

    private static boolean startsWith(byte[] b, int p, int len, byte[] key) {
        if (p + key.length > len) return false;
        for (int i = 0; i < key.length; i++) if (b[p + i] != key[i]) return false;
        return true;
    }

    private static int nextField(byte[] b, int p, int len) {
        while (p < len && b[p] != ' ') p++;
        while (p < len && b[p] == ' ') p++;
        return p;
    }

    /** A non-negative decimal like 12.34 at b[p]. */
    static double decimal(byte[] b, int p, int len) {
        long whole = 0;
        while (p < len && b[p] >= '0' && b[p] <= '9') whole = whole * 10 + (b[p++] - '0');
        double v = whole;
        if (p < len && b[p] == '.') {
            p++;
            double scale = 0.1;
            while (p < len && b[p] >= '0' && b[p] <= '9') {
                v += (b[p++] - '0') * scale;
                scale /= 10;
            }
        }
        return Math.round(v * 100) / 100.0;
    }

    private FileStore store() {
        if (!storeLooked) {
            storeLooked = true;
            // the path may not exist yet: its nearest existing ancestor is on the same file system
            for (Path p = diskPath.toAbsolutePath(); p != null && store == null; p = p.getParent()) {
                try {
                    store = Files.getFileStore(p);
                } catch (IOException | RuntimeException e) {
                    // try the parent
                }
            }
        }
        return store;
    }

    /** /proc/self/stat (cpu delta since the previous call; 0 the first time, rss, threads) and the heap. */
    public DaemonSample daemon(long nowMs) {
        double cpu = 0;
        long rss = 0;
        int threads = Thread.activeCount();
        int len = readHost(SELF_STAT, selfStat, statBuf, false);
        if (len > 0 && parseStat(statBuf, len)) {
            if (selfLastTicks >= 0) cpu = percent(stTicks - selfLastTicks, nowMs - selfLastTime);
            selfLastTicks = stTicks;
            selfLastTime = nowMs;
            rss = stRssPages * PAGE_SIZE;
            threads = stThreads;
        }
        Runtime rt = Runtime.getRuntime();
        long committed = rt.totalMemory();
        long used = committed - rt.freeMemory();
        return new DaemonSample(nowMs, cpu, rss, used, committed, rt.maxMemory(), threads);
    }

    /** The kernel's page size (the unit of the rss field), 4096 when it cannot be asked. */
    private static long pageSize() {
        try {
            Class<?> unsafe = Class.forName("sun.misc.Unsafe");
            java.lang.reflect.Field f = unsafe.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object u = f.get(null);
            return ((Number) unsafe.getMethod("pageSize").invoke(u)).longValue();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 4096;
        }
    }

    static long pageSizeForTests() { return PAGE_SIZE; }
}
