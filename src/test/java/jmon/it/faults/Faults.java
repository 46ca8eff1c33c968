package jmon.it.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jmon.it.Jmon;

/**
 * Fault injection against real daemons and real processes: each scenario hurts the daemon the way an operator,
 * a kernel or a full disk would, lets a new daemon take over, and counts against the kernel (not against jmon's
 * own word) what went wrong. Every figure must be 0. Used by FaultInjectionTest (a few trials, in CI) and by
 * bench/faults.sh (many).
 */
public final class Faults {
    /** One scenario's figures. */
    public record Tally(String scenario, int trials, int duplicates, int orphans, int lostApps, long lostLogBytes,
                        String note) {
        public boolean clean() { return duplicates == 0 && orphans == 0 && lostApps == 0 && lostLogBytes == 0; }
    }

    private final Path root;
    private final Random random;
    private int dir;

    public Faults(Path root, long seed) {
        this.root = root;
        this.random = new Random(seed);
    }

    private Jmon fresh() throws IOException {
        Path d = root.resolve("t" + dir++);
        Files.createDirectories(d);
        return new Jmon(d);
    }

    static String eco(String ns, int n, String script, String args) {
        StringBuilder b = new StringBuilder("{\"namespace\":\"" + ns + "\",\"apps\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(',');
            b.append("{\"name\":\"a").append(i).append("\",\"script\":\"").append(script).append("\",\"args\":")
                    .append(args).append(",\"kill_timeout\":500}");
        }
        return b.append("]}").toString();
    }

    static void kill9(long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
    }

    static void signal(String sig, long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
    }

    static void sleep(long ms) { LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms)); }

    /** The pids jmon reports, and how many of the expected apps it reports online. */
    private static Set<Long> knownPids(Jmon j) {
        Set<Long> pids = new HashSet<>();
        for (JsonNode p : j.jlist()) if (p.get("pid").asLong() > 0) pids.add(p.get("pid").asLong());
        return pids;
    }

    private static int online(Jmon j) {
        int n = 0;
        for (JsonNode p : j.jlist()) if (p.get("pm2_env").get("status").asText().equals("online")) n++;
        return n;
    }

    /** Counts for one settled trial: duplicates and orphans against the kernel, apps missing against expected. */
    private static int[] count(Jmon j, int expected) {
        Map<String, List<Long>> census = Census.of(j.home);
        Set<Long> known = knownPids(j);
        int orphans = 0;
        for (List<Long> l : census.values()) for (long pid : l) if (!known.contains(pid)) orphans++;
        int dups = Census.duplicates(census);
        int missing = Math.max(0, expected - online(j));
        if (dups > 0 || orphans > 0 || missing > 0) {
            StringBuilder why = new StringBuilder("census " + census + " known " + known + "\n");
            for (JsonNode p : j.jlist()) {
                why.append(p.get("name").asText()).append(' ').append(p.get("pm2_env").get("status").asText()).append(' ')
                        .append(p.get("pm2_env").get("jmon").get("reason").asText()).append('\n');
            }
            try {
                for (String l : Files.readAllLines(j.home.resolve("jmon.log"))) why.append(l).append('\n');
            } catch (IOException ignored) {
                // no log
            }
            if (missing > 0) {
                try {
                    Process js = new ProcessBuilder("jstack", Long.toString(j.daemonPid())).redirectErrorStream(true).start();
                    why.append(new String(js.getInputStream().readAllBytes()));
                    js.waitFor(10, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    why.append("jstack: ").append(e);
                }
            }
            System.out.println("FAULT DETAIL " + why);
        }
        // an unknown extra copy is both; count it once, as a duplicate
        orphans = Math.max(0, orphans - dups);
        return new int[] {dups, orphans, Math.max(0, expected - online(j))};
    }

    /** After the trial: jmon kill must leave no process of the home behind. */
    private static int leftovers(Jmon j) {
        j.run("kill");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int n;
        while ((n = Census.total(Census.of(j.home))) > 0 && System.nanoTime() < deadline) sleep(50);
        return n;
    }

    private static void awaitOnline(Jmon j, int n, long ms) {
        try {
            Jmon.await(n + " online", ms, () -> online(j) >= n);
        } catch (AssertionError e) {
            // counted as lost apps below
        }
    }

    /** SIGKILL of the daemon at a random instant while `start` of a 50-app file runs; then the same start again. */
    public Tally killDuringStart(int trials, int apps) throws Exception {
        int dups = 0, orphans = 0, lost = 0;
        for (int t = 0; t < trials; t++) {
            try (Jmon j = fresh()) {
                Path f = j.write("eco.json", eco("batch", apps, "sleep", "[\"1000\"]"));
                j.ok("ping");
                long d = j.daemonPid();
                Thread starter = new Thread(() -> j.run("start", f.toString()));
                starter.start();
                sleep(30 + random.nextInt(500));
                kill9(d);
                j.awaitDaemonGone(d);
                starter.join(30_000);
                j.ok("start", f.toString());
                awaitOnline(j, apps, 20_000);
                int[] c = count(j, apps);
                dups += c[0];
                orphans += c[1] + leftovers(j);
                lost += c[2];
            }
        }
        return new Tally("SIGKILL during start of " + apps + " apps", trials, dups, orphans, lost, 0, "");
    }

    /**
     * SIGKILL during a restart storm: every app crashes five times in a row (restart_delay 0, the default backoff)
     * before it stays up; the daemon is killed at a random instant of the storm.
     */
    public Tally killDuringRestartStorm(int trials, int apps) throws Exception {
        int dups = 0, orphans = 0, lost = 0;
        for (int t = 0; t < trials; t++) {
            try (Jmon j = fresh()) {
                Path script = j.script("storm.sh", """
                        c="$PWD/count-$JMON_NAME"
                        n=$(cat "$c" 2>/dev/null || echo 0); n=$((n+1)); echo "$n" > "$c"
                        if [ "$n" -lt 6 ]; then sleep 0.05; exit 1; fi
                        exec sleep 1000""");
                j.write("eco.json", eco("storm", apps, script.toString(), "[]"));
                j.ok("start", j.dir.resolve("eco.json").toString());
                long d = j.daemonPid();
                sleep(random.nextInt(700));
                kill9(d);
                j.awaitDaemonGone(d);
                j.ok("ping");
                // settled: every app past its five crashes (its counter says so) and online; a crash-looping app is
                // online for 50 ms at a time, so "all online" alone can be a passing moment of the storm
                try {
                    Jmon.await("the storm over", 20_000, () -> stormOver(j, apps) && online(j) >= apps);
                } catch (AssertionError e) {
                    // counted as lost apps below
                }
                int[] c = count(j, apps);
                dups += c[0];
                orphans += c[1] + leftovers(j);
                lost += c[2];
            }
        }
        return new Tally("SIGKILL during a restart storm (" + apps + " apps)", trials, dups, orphans, lost, 0, "");
    }

    private static boolean stormOver(Jmon j, int apps) {
        for (int i = 0; i < apps; i++) {
            try {
                if (Integer.parseInt(Files.readString(j.dir.resolve("count-a" + i)).trim()) < 6) return false;
            } catch (IOException | NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    /** SIGKILL while saves run back to back: the dump is always whole, and every app comes back once. */
    public Tally killDuringSave(int trials, int apps) throws Exception {
        int dups = 0, orphans = 0, lost = 0;
        int torn = 0;
        for (int t = 0; t < trials; t++) {
            try (Jmon j = fresh()) {
                j.write("eco.json", eco("keep", apps, "sleep", "[\"1000\"]"));
                j.ok("start", j.dir.resolve("eco.json").toString());
                long d = j.daemonPid();
                Thread saver = new Thread(() -> {
                    for (int i = 0; i < 200; i++) if (j.run("save", "-n", "keep").code() != 0) return;
                });
                saver.start();
                sleep(100 + random.nextInt(400));
                kill9(d);
                j.awaitDaemonGone(d);
                saver.join(30_000);
                Path dump = j.home.resolve("dump-keep.json");
                if (Files.exists(dump)) {
                    try {
                        JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dump.toFile());
                        if (n.get("apps").size() != apps) torn++;
                    } catch (IOException e) {
                        torn++;
                    }
                }
                j.ok("ping");
                awaitOnline(j, apps, 20_000);
                int[] c = count(j, apps);
                dups += c[0];
                orphans += c[1] + leftovers(j);
                lost += c[2] + (torn > 0 ? 1 : 0);
            }
        }
        return new Tally("SIGKILL during save", trials, dups, orphans, lost, 0, torn + " torn dumps");
    }

    /**
     * SIGSTOP of the daemon (the apps keep writing into their pipes), then SIGCONT: nothing restarts twice, every
     * line written meanwhile reaches the log file.
     */
    public Tally stopTheDaemon(int trials, long stoppedMs) throws Exception {
        int dups = 0, orphans = 0, lost = 0;
        long lostBytes = 0;
        for (int t = 0; t < trials; t++) {
            try (Jmon j = fresh()) {
                Path w = j.script("tick.sh", "i=0; while [ $i -lt 100000 ]; do echo \"tick $i\"; i=$((i+1)); sleep 0.01; done; exec sleep 1000");
                j.write("eco.json", "{\"namespace\":\"tick\",\"apps\":[{\"name\":\"a0\",\"script\":\"" + w
                        + "\",\"kill_timeout\":500},{\"name\":\"a1\",\"script\":\"sleep\",\"args\":[\"1000\"],\"kill_timeout\":500}]}");
                j.ok("start", j.dir.resolve("eco.json").toString());
                long d = j.daemonPid();
                sleep(300);
                signal("STOP", d);
                sleep(stoppedMs);
                signal("CONT", d);
                sleep(1500);
                int[] c = count(j, 2);
                dups += c[0];
                orphans += c[1];
                lost += c[2];
                Path out = j.home.resolve("logs/tick/a0-out.log");
                j.run("stop", "a0", "-n", "tick");
                lostBytes += gaps(Files.exists(out) ? Files.readAllLines(out) : List.of(), "tick ");
                orphans += leftovers(j);
            }
        }
        return new Tally("SIGSTOP of the daemon for " + stoppedMs / 1000.0 + " s", trials, dups, orphans, lost,
                lostBytes, "");
    }

    /**
     * SIGKILL of the daemon twice while an app writes numbered lines flat out (a new daemon each time re-adopts it
     * and its pipes): the log file holds every line once, in order.
     */
    public Tally killDuringLogFlood(int trials, int lines) throws Exception {
        int dups = 0, orphans = 0, lost = 0;
        long lostBytes = 0;
        long repeated = 0;
        for (int t = 0; t < trials; t++) {
            try (Jmon j = fresh()) {
                Path w = j.script("flood.sh", "awk 'BEGIN { for (i = 0; i < " + lines + "; i++) print \"line \" i }'\nexec sleep 1000");
                j.write("eco.json", "{\"namespace\":\"flood\",\"apps\":[{\"name\":\"a0\",\"script\":\"" + w
                        + "\",\"kill_timeout\":500,\"max_size\":\"1G\"}]}");
                j.ok("start", j.dir.resolve("eco.json").toString());
                for (int k = 0; k < 2; k++) {
                    sleep(100 + random.nextInt(300));
                    long d = j.daemonPid();
                    kill9(d);
                    j.awaitDaemonGone(d);
                    j.ok("ping");
                }
                Path out = j.home.resolve("logs/flood/a0-out.log");
                String last = "line " + (lines - 1);
                try {
                    Jmon.await("every line in the file", 60_000, () -> {
                        try {
                            return Files.exists(out) && Files.size(out) > 0 && tail(out).equals(last);
                        } catch (IOException e) {
                            return false;
                        }
                    });
                } catch (AssertionError e) {
                    // counted below
                }
                List<String> got = Files.readAllLines(out);
                lostBytes += gaps(got, "line ");
                String prev = null;
                long seen = -1;
                for (String l : got) {
                    long n = Long.parseLong(l.substring(5).trim());
                    if (n <= seen) repeated++;
                    seen = Math.max(seen, n);
                    prev = l;
                }
                if (prev == null || !prev.equals(last)) lostBytes += 1; // the end never arrived
                int[] c = count(j, 1);
                dups += c[0];
                orphans += c[1] + leftovers(j);
                lost += c[2];
            }
        }
        return new Tally("SIGKILL ×2 during a log flood (" + lines + " lines)", trials, dups, orphans, lost, lostBytes,
                repeated + " lines repeated");
    }

    private static String tail(Path f) throws IOException {
        try (var raf = new java.io.RandomAccessFile(f.toFile(), "r")) {
            long len = raf.length();
            int n = (int) Math.min(64, len);
            byte[] b = new byte[n];
            raf.seek(len - n);
            raf.readFully(b);
            String s = new String(b).trim();
            return s.substring(s.lastIndexOf('\n') + 1);
        }
    }

    /** Bytes of the numbered lines missing between the first and the last one seen (each line "prefix N"). */
    static long gaps(List<String> lines, String prefix) {
        long lost = 0;
        long expect = 0;
        for (String l : lines) {
            if (!l.startsWith(prefix)) continue;
            long n = Long.parseLong(l.substring(prefix.length()).trim());
            for (long m = expect; m < n; m++) lost += prefix.length() + Long.toString(m).length() + 1;
            expect = Math.max(expect, n + 1);
        }
        return lost;
    }

    /**
     * JMON_HOME on a full tmpfs: a start is refused with nothing changed; after a daemon kill and the space freed,
     * the same start makes no second copy of anything.
     */
    public Tally diskFull(int trials) throws Exception {
        int dups = 0, orphans = 0, lost = 0;
        String note = "";
        for (int t = 0; t < trials; t++) {
            Path d = root.resolve("t" + dir++);
            Path home = d.resolve("home");
            Files.createDirectories(home);
            if (run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", home.toString()) != 0) {
                return new Tally("JMON_HOME disk full", 0, 0, 0, 0, 0, "skipped: mounting a tmpfs is not permitted here");
            }
            try (Jmon j = new Jmon(d)) {
                j.write("eco.json", eco("full", 3, "sleep", "[\"1000\"]"));
                // the refused start's records are larger than a page: they cannot land in the slack of the journal's
                // last page (a full tmpfs still takes an append that fits there, and then rightly runs it)
                j.write("more.json", eco("more", 2, "sleep", "[\"1000\"]")
                        .replace("\"kill_timeout\":500", "\"kill_timeout\":500,\"env\":{\"PAD\":\"" + "p".repeat(6000) + "\"}"));
                j.ok("start", j.dir.resolve("eco.json").toString());
                Path filler = home.resolve("filler");
                try (var out = Files.newOutputStream(filler)) {
                    byte[] chunk = new byte[65536];
                    while (true) out.write(chunk);
                } catch (IOException full) {
                    // full now
                }
                Jmon.Result refused = j.run("start", j.dir.resolve("more.json").toString());
                if (refused.code() != 1 || !refused.all().contains("disk full: nothing changed")) {
                    lost++;
                    note = "start on a full disk: exit " + refused.code() + ": " + refused.all().trim();
                }
                if (Census.of(home).keySet().stream().anyMatch(k -> k.startsWith("more/"))) {
                    orphans++;
                    note = "a refused start ran something: " + refused.all().trim();
                }
                long pid = j.daemonPid();
                kill9(pid);
                j.awaitDaemonGone(pid);
                Files.delete(filler);
                j.ok("start", j.dir.resolve("eco.json").toString());
                j.ok("start", j.dir.resolve("more.json").toString());
                awaitOnline(j, 5, 20_000);
                int[] c = count(j, 5);
                dups += c[0];
                orphans += c[1] + leftovers(j);
                lost += c[2];
            } finally {
                run("umount", "-l", home.toString());
            }
        }
        return new Tally("JMON_HOME disk full (tmpfs)", trials, dups, orphans, lost, 0, note);
    }

    /**
     * A real checkpoint damaged at chosen byte offsets (a flipped byte each), the daemon killed with its apps
     * alive: each new daemon re-adopts every app with its pid, and runs no second copy.
     */
    public Tally corruptCheckpoint(int offsets, int apps) throws Exception {
        int dups = 0, orphans = 0, lost = 0;
        int trials = 0;
        try (Jmon j = fresh()) {
            j.write("eco.json", eco("cp", apps, "sleep", "[\"1000\"]"));
            j.ok("start", j.dir.resolve("eco.json").toString());
            long d = j.daemonPid();
            kill9(d);
            j.awaitDaemonGone(d);
            j.ok("ping"); // its recovery writes a checkpoint with every app (the previous one kept)
            Set<Long> pids = knownPids(j);
            d = j.daemonPid();
            kill9(d);
            j.awaitDaemonGone(d);
            Path pristine = j.dir.resolve("pristine");
            copyState(j.home, pristine);
            byte[] good = Files.readAllBytes(j.home.resolve("state.json"));
            for (int k = 0; k < offsets; k++) {
                int at = offsets >= good.length ? k % good.length : random.nextInt(good.length);
                copyState(pristine, j.home);
                byte[] bad = good.clone();
                bad[at] ^= 0x20;
                Files.write(j.home.resolve("state.json"), bad);
                j.ok("ping");
                trials++;
                int[] c = count(j, apps);
                dups += c[0];
                orphans += c[1];
                lost += c[2];
                if (!knownPids(j).equals(pids)) lost++;
                d = j.daemonPid();
                kill9(d);
                j.awaitDaemonGone(d);
            }
            j.ok("ping");
            orphans += leftovers(j);
        }
        return new Tally("checkpoint damaged at a byte (real daemon)", trials, dups, orphans, lost, 0, "");
    }

    private static void copyState(Path from, Path to) throws IOException {
        for (String f : List.of("state.json", "state.prev.json")) {
            Path s = from.resolve(f);
            if (Files.exists(s)) {
                Files.createDirectories(to);
                Files.copy(s, to.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path js = from.resolve("journal");
        Path jt = to.resolve("journal");
        if (Files.isDirectory(jt)) {
            try (var l = Files.list(jt)) {
                for (Path p : l.toList()) Files.delete(p);
            }
        }
        Files.createDirectories(jt);
        try (var l = Files.list(js)) {
            for (Path p : l.toList()) Files.copy(p, jt.resolve(p.getFileName()));
        }
    }

    /** Live processes whose command line is exactly {@code cmdline} (arguments joined by spaces). */
    static List<Long> withCommand(String cmdline) {
        List<Long> out = new ArrayList<>();
        try (var ds = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.isEmpty() || !Character.isDigit(n.charAt(0))) continue;
                try {
                    String c = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ').trim();
                    long pid = Long.parseLong(n);
                    if (c.equals(cmdline) && jmon.engine.exec.ProcFs.isAlive(pid)) out.add(pid);
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * An app that double-forks a daemon (setsid, out of its group) and then crashes, over and over: at no moment
     * do two copies of that daemon live, and none is left after the app is deleted.
     */
    public Tally doubleForkingApp(int trials, long loopMs) throws Exception {
        int dups = 0, orphans = 0, lost = 0;
        for (int t = 0; t < trials; t++) {
            String daemon = "sleep 1000." + (100000 + random.nextInt(900000));
            try (Jmon j = fresh()) {
                Path script = j.script("forker.sh", "setsid " + daemon + " >/dev/null 2>&1 &\nsleep 0.3\nexit 1");
                j.write("eco.json", "{\"namespace\":\"fork\",\"apps\":[{\"name\":\"forker\",\"script\":\"" + script
                        + "\",\"kill_timeout\":500,\"max_restarts\":1000,\"restart_delay\":0}]}");
                j.ok("start", j.dir.resolve("eco.json").toString());
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(loopMs);
                int most = 0;
                while (System.nanoTime() < end) {
                    most = Math.max(most, withCommand(daemon).size());
                    sleep(50);
                }
                dups += Math.max(0, most - 1);
                if (most == 0) lost++; // the scenario did not happen: the app never forked (a test that cannot fail)
                j.ok("delete", "forker", "-n", "fork");
                sleep(1500); // the once-a-second sweep has had its chance
                orphans += withCommand(daemon).size();
                for (long pid : withCommand(daemon)) kill9(pid);
                orphans += leftovers(j);
            }
        }
        return new Tally("double-forking app in a crash loop (" + loopMs / 1000.0 + " s)", trials, dups, orphans, lost, 0, "");
    }

    static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** The table docs/reliability.md shows. */
    public static String table(List<Tally> tallies) {
        StringBuilder b = new StringBuilder("| scenario | trials | duplicates | orphans | lost apps | lost log bytes | note |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Tally t : tallies) {
            b.append("| ").append(t.scenario()).append(" | ").append(t.trials()).append(" | ").append(t.duplicates())
                    .append(" | ").append(t.orphans()).append(" | ").append(t.lostApps()).append(" | ")
                    .append(t.lostLogBytes()).append(" | ").append(t.note()).append(" |\n");
        }
        return b.toString();
    }

    public static List<Tally> all(Path root, int trials, boolean full) throws Exception {
        Faults f = new Faults(root, Long.getLong("jmon.faults.seed", System.nanoTime()));
        String only = System.getProperty("jmon.faults.only", "");
        List<Tally> out = new ArrayList<>();
        if (only.isEmpty() || only.contains("start")) out.add(f.killDuringStart(trials, 50));
        if (only.isEmpty() || only.contains("storm")) out.add(f.killDuringRestartStorm(trials, 10));
        if (only.isEmpty() || only.contains("save")) out.add(f.killDuringSave(trials, 5));
        if (only.isEmpty() || only.contains("flood")) out.add(f.killDuringLogFlood(Math.max(1, trials / 2), full ? 4_000_000 : 1_000_000));
        if (only.isEmpty() || only.contains("sigstop")) out.add(f.stopTheDaemon(Math.max(1, trials / 2), full ? 30_000 : 3_000));
        if (only.isEmpty() || only.contains("disk")) out.add(f.diskFull(Math.max(1, trials / 2)));
        if (only.isEmpty() || only.contains("fork")) out.add(f.doubleForkingApp(Math.max(1, trials / 2), full ? 12_000 : 4_000));
        if (only.isEmpty() || only.contains("checkpoint")) out.add(f.corruptCheckpoint(full ? 200 : trials * 2, 5));
        return out;
    }
}
