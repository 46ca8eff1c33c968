package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import jmon.engine.exec.InstanceMarker;
import jmon.engine.exec.MarkedProcess;
import jmon.engine.exec.MarkedProcesses;
import jmon.engine.supervise.Reconciler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance marker, an app's members and the subreaper, with a real daemon and real processes. Every sleep has
 * a duration of its own (random), so processes of other tests on the machine are never counted.
 */
@Timeout(90)
class MembersTest {
    @TempDir Path tmp;
    Jmon j;
    /** A sleep duration no other process on the machine uses. */
    final String tok = Long.toString(900_000 + ThreadLocalRandom.current().nextInt(90_000));

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() {
        j.close();
        for (String suffix : new String[] {"", "1", "2", "3"}) Procs.killAll("sleep " + tok + suffix);
    }

    @Test
    void everySpawnCarriesTheMarkerAndTheScanFindsIt() throws Exception {
        j.script("app.sh", "exec sleep " + tok);
        j.ok("start", "app.sh", "--name", "app");
        long pid = j.proc("default", "app").get("pid").asLong();
        int pmId = j.proc("default", "app").get("pm_id").asInt();
        String homeId = InstanceMarker.homeId(j.home);
        assertTrue(Procs.environ(pid).contains("\0" + InstanceMarker.VAR + "=" + homeId + ":" + pmId + ":1\0"),
                "marker of generation 1 in the environ of " + pid);

        List<MarkedProcess> found = MarkedProcesses.scan(homeId);
        assertEquals(1, found.size(), found.toString());
        MarkedProcess m = found.get(0);
        assertEquals(pid, m.pid());
        assertEquals(pmId, m.pmId());
        assertEquals(1, m.generation());
        assertTrue(m.isSessionLeader());
        assertEquals("sleep " + tok, m.command());
        assertTrue(MarkedProcesses.scan("000000000000").isEmpty(), "another home's id finds nothing");

        // a journal that lost the spawn record: the scan names the leader; a journal without the app: an orphan
        var plan = Reconciler.reconcile(List.of(new Reconciler.Known(pmId, 0, 0, 0, false)), found, (p, t) -> false);
        assertEquals(new Reconciler.Leader(pid, m.startTicks(), 1, true), plan.leaders().get(pmId));
        var none = Reconciler.reconcile(List.of(), found, (p, t) -> false);
        assertEquals(List.of(m), none.orphans());

        j.ok("restart", "app");
        long pid2 = j.proc("default", "app").get("pid").asLong();
        assertTrue(Procs.environ(pid2).contains(InstanceMarker.VAR + "=" + homeId + ":" + pmId + ":2\0"),
                "the restart is generation 2");
    }

    @Test
    void aDoubleForkedDaemonIsKilledWithEachCrashSoOnlyOneLivesAndNoneAfterDelete() throws Exception {
        String daemon = "sleep " + tok;
        j.script("forker.sh", "( setsid sleep " + tok + " & )\nsleep 0.2\nexit 1");
        j.write("eco.json", """
                {"apps":[{"name":"forker","script":"forker.sh","restart_delay":150,"max_restarts":1000}]}""");
        j.run("start", "eco.json");
        int most = 0;
        boolean seen = false;
        long end = System.nanoTime() + 12_000_000_000L;
        while (System.nanoTime() < end) {
            int n = Procs.live(daemon).size();
            most = Math.max(most, n);
            seen |= n == 1;
            Thread.sleep(40);
        }
        int restarts = j.proc("default", "forker").get("pm2_env").get("restart_time").asInt();
        assertTrue(restarts >= 20, "crash loop ran: " + restarts + " restarts");
        assertTrue(seen, "the double-forked daemon ran");
        assertEquals(1, most, "double-forked daemons alive at once, over " + restarts + " restarts");
        j.ok("delete", "forker");
        Jmon.await("no double-forked daemon left", 5_000, () -> Procs.live(daemon).isEmpty());
        Jmon.await("killed daemons reaped", 5_000, () -> Procs.zombieChildren(j.daemonPid()).isEmpty());
    }

    @Test
    void describeShowsMembersAndStopTakesThemAll() throws Exception {
        j.script("tree.sh", "sleep " + tok + "1 &\n( setsid sleep " + tok + "2 & )\nexec sleep " + tok);
        j.ok("start", "tree.sh", "--name", "tree");
        Jmon.await("members running", 5_000, () -> Procs.live("sleep " + tok + "1").size() == 1
                && Procs.live("sleep " + tok + "2").size() == 1);
        long group = Procs.live("sleep " + tok + "1").get(0);
        long escaped = Procs.live("sleep " + tok + "2").get(0);
        assertEquals(j.daemonPid(), jmon.engine.exec.ProcFs.stat(escaped).orElseThrow().ppid(),
                "the double-forked process was re-parented to the daemon (subreaper)");
        String d = j.ok("describe", "tree").out();
        assertTrue(d.contains("members"), d);
        assertTrue(d.matches("(?s).*\\n  " + group + " +group +sleep " + tok + "1\\n.*"), d);
        assertTrue(d.matches("(?s).*\\n  " + escaped + " +marked +sleep " + tok + "2\\n.*"), d);
        assertFalse(j.ok("list").out().contains(tok), "list stays without members");
        // the once-a-second leftover sweep leaves the current run's members alone
        Thread.sleep(2_300);
        assertEquals(List.of(escaped), Procs.live("sleep " + tok + "2"));
        assertEquals(List.of(group), Procs.live("sleep " + tok + "1"));

        j.ok("stop", "tree");
        Jmon.await("members stopped", 5_000, () -> Procs.live("sleep " + tok + "1").isEmpty()
                && Procs.live("sleep " + tok + "2").isEmpty() && Procs.live("sleep " + tok).isEmpty());
    }

    @Test
    void aLeftoverOrphanedAfterTheCrashIsKilledByTheSweep() throws Exception {
        // the setsid'd sh is killed at the crash (a marked child of the daemon); its sleep, orphaned only then,
        // reaches the daemon after the crash-path look: the next sweep finds its app no longer running
        j.script("late.sh", "setsid sh -c 'sleep " + tok + "3 & wait' &\nsleep 0.3\nexit 1");
        j.write("eco.json", "{\"apps\":[{\"name\":\"late\",\"script\":\"late.sh\",\"autorestart\":false}]}");
        j.run("start", "eco.json");
        Jmon.await("exited", 5_000, () -> "exited".equals(j.status("default", "late")));
        Jmon.await("the late orphan killed", 5_000, () -> Procs.live("sleep " + tok + "3").isEmpty());
        Path log = j.home.resolve("jmon.log");
        Jmon.await("logged", 3_000, () -> count(log, "killed leftover pid") >= 1);
    }

    @Test
    void orphansThatEndLaterAreReapedByTheDaemon() throws Exception {
        // 20 orphans over 4 s: a child forks a grandchild and exits; the grandchild ends 0.6 s later
        j.script("orphans.sh", "for i in $(seq 20); do sh -c 'sleep 0.6" + tok + " &'; sleep 0.2; done\nexec sleep " + tok);
        j.ok("start", "orphans.sh", "--name", "orphans");
        long daemon = j.daemonPid();
        Jmon.await("an orphan re-parented to the daemon", 5_000, () -> Procs.live("sleep 0.6" + tok).stream()
                .anyMatch(p -> jmon.engine.exec.ProcFs.stat(p).map(st -> st.ppid() == daemon).orElse(false)));
        Jmon.await("the loop done", 10_000, () -> Procs.live("sleep " + tok).size() == 1);
        Jmon.await("every orphan gone and no zombie left", 5_000, () -> Procs.live("sleep 0.6" + tok).isEmpty()
                && Procs.zombieChildren(daemon).isEmpty());
        Path log = j.home.resolve("jmon.log");
        // each by the daemon's reaper (the kernel would have left them zombies of the daemon)
        Jmon.await("20 reaped", 5_000, () -> count(log, "reaped orphan pid") == 20);
    }

    private static long count(Path log, String what) {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.contains(what)).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
