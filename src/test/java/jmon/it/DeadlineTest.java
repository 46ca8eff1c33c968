package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every CLI request has a deadline: a stopped daemon is exit 3 with a message, never a hang; streams live on. */
@Timeout(90)
class DeadlineTest {
    @TempDir Path tmp;

    private static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    @Test
    void aStoppedDaemonIsExitThreeWithinTheDeadline() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.ok("ping");
            long pid = j.daemonPid();
            assertTrue(pid > 0);
            signal("STOP", pid);
            try {
                long t0 = System.nanoTime();
                Jmon.Result r = j.run("--timeout", "2", "list");
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertEquals(3, r.code(), r.all());
                assertTrue(r.err().contains("the daemon did not answer in 2 s (pid " + pid + " is stopped?)"), r.err());
                assertTrue(ms >= 1900 && ms < 3500, "answered in " + ms + " ms");
                assertFalse(r.err().contains("Exception"), r.err());

                j.env.put("JMON_TIMEOUT", "1.5");
                t0 = System.nanoTime();
                r = j.run("jlist");
                ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertEquals(3, r.code(), r.all());
                assertTrue(r.err().contains("did not answer in 1.5 s"), r.err());
                assertTrue(ms < 3000, "answered in " + ms + " ms");
                j.env.remove("JMON_TIMEOUT");
            } finally {
                signal("CONT", pid);
            }
            Jmon.Result r = j.ok("list");
            assertEquals(0, r.code());
            assertEquals(pid, j.daemonPid(), "the same daemon answers after SIGCONT");
        }
    }

    @Test
    void badTimeoutsAreUsageErrors() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            for (String[] argv : new String[][] {{"--timeout", "abc", "list"}, {"--timeout=0", "list"}, {"--timeout", "-1", "list"},
                    {"--timeout"}, {"--timeout", "1e9", "list"}}) {
                Jmon.Result r = j.run(argv);
                assertEquals(2, r.code(), String.join(" ", argv) + ": " + r.all());
                assertTrue(r.err().contains("--timeout"), r.err());
            }
            j.env.put("JMON_TIMEOUT", "soon");
            Jmon.Result r = j.run("list");
            assertEquals(2, r.code(), r.all());
            assertTrue(r.err().contains("JMON_TIMEOUT"), r.err());
        }
    }

    @Test
    void aFollowedLogIsNotCutByTheDeadline() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.ok("start", "sleep", "--name", "quiet", "-n", "dl", "--", "600");
            AtomicReference<Jmon.Result> result = new AtomicReference<>();
            Thread follower = new Thread(() -> result.set(j.run("--timeout", "1", "logs", "quiet", "-n", "dl")));
            follower.setDaemon(true);
            follower.start();
            // past the 1 s deadline and past one idle signal (every 5 s): the stream is still open
            follower.join(7_000);
            assertTrue(follower.isAlive(), "the follow ended: " + result.get());
            long pid = j.daemonPid();
            j.ok("kill");
            j.awaitDaemonGone(pid);
            follower.join(10_000);
            assertFalse(follower.isAlive());
            assertEquals(3, result.get().code(), result.get().all()); // the daemon went away: unreachable
        }
    }
}
