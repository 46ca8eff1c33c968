package jmon.engine.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The posix_spawn launcher against real processes: what the child gets, and how its end is reported. */
@Timeout(60)
class SpawnLauncherTest {
    @TempDir Path dir;
    private Launcher launcher;
    private final List<Long> started = new ArrayList<>();
    private Path out, err;

    @BeforeEach
    void setUp() throws IOException {
        launcher = SpawnLauncher.best(why -> fail("this Linux should have posix_spawn and pidfd: " + why));
        assertInstanceOf(SpawnLauncher.class, launcher);
        out = Files.createFile(dir.resolve("out"));
        err = Files.createFile(dir.resolve("err"));
    }

    @AfterEach
    void killLeftovers() {
        for (long pid : started) {
            if (ProcFs.isAlive(pid)) Posix.killGroup(pid, "SIGKILL");
        }
    }

    private Spawned sh(String script, Map<String, String> env) throws IOException {
        Spawned s = launcher.spawn(new LaunchPlan(List.of("sh", "-c", script), dir, env, out, err));
        started.add(s.pid());
        return s;
    }

    private Spawned sh(String script) throws IOException {
        return sh(script, Map.of("PATH", "/usr/bin:/bin"));
    }

    private static Integer exitOf(Spawned s) throws Exception {
        return s.exit().get(20, TimeUnit.SECONDS);
    }

    @Test
    void exitCodeAndOutputReachTheirFiles() throws Exception {
        Spawned s = sh("echo to-out; echo to-err >&2; exit 3");
        assertEquals(3, exitOf(s));
        assertEquals("to-out\n", Files.readString(out));
        assertEquals("to-err\n", Files.readString(err));
        assertFalse(Files.exists(Path.of("/proc/" + s.pid())), "the child is reaped, no zombie left");
    }

    @Test
    void aSignalDeathIsReportedAs128PlusTheSignal() throws Exception {
        assertEquals(128 + 15, exitOf(sh("kill -TERM $$; sleep 5")));
    }

    @Test
    void theChildLeadsItsOwnSessionInItsDirectoryWithExactlyItsEnvironment() throws Exception {
        Spawned s = sh("pwd; env | sort; cat /proc/$$/stat", Map.of("PATH", "/usr/bin:/bin", "ONLY", "this"));
        assertEquals(0, exitOf(s));
        List<String> lines = Files.readAllLines(out);
        assertEquals(dir.toRealPath().toString(), lines.get(0));
        assertTrue(lines.contains("ONLY=this"), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("JAVA_HOME=") || l.startsWith("HOME=")), lines.toString());
        ProcFs.Stat st = ProcFs.parse(s.pid(), lines.get(lines.size() - 1));
        assertEquals(s.pid(), st.session(), "setsid: the app leads a new session");
        assertEquals(s.pid(), st.pgrp(), "and its own process group");
        assertEquals(ProcessHandle.current().pid(), st.ppid());
    }

    @Test
    void noDescriptorOfTheDaemonLeaksAndNoSignalStaysBlockedOrIgnored() throws Exception {
        // a descriptor opened the plain Java way (no O_CLOEXEC) must not reach the app
        try (FileInputStream held = new FileInputStream(out.toFile())) {
            // the shell reads its own status with builtins: while it waits for a child, dash blocks every signal
            Spawned s = sh("ls /proc/$$/fd; while read -r k v; do case $k in SigBlk:|SigIgn:) printf '%s\\t%s\\n' $k $v;; esac;"
                    + " done < /proc/$$/status");
            assertEquals(0, exitOf(s));
            assertTrue(held.getFD().valid());
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(List.of("0", "1", "2"), lines.subList(0, 3), "only stdin, stdout and stderr are open in the app");
        assertEquals("SigBlk:\t0000000000000000", lines.get(3));
        // glibc's posix_spawn leaves its two internal signals (32 and 33, never used by applications) ignored
        long ignored = Long.parseUnsignedLong(lines.get(4).substring("SigIgn:\t".length()), 16);
        long glibcInternal = (1L << 31) | (1L << 32);
        assertEquals(0, ignored & ~glibcInternal, lines.get(4));
    }

    @Test
    void bareCommandsAreFoundOnTheAppsPathAndScriptsWithoutAShebangRunWithSh() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path tool = bin.resolve("my-tool");
        Files.writeString(tool, "echo \"no shebang, args: $*\"\n");
        assertTrue(tool.toFile().setExecutable(true));
        Spawned s = launcher.spawn(new LaunchPlan(List.of("my-tool", "a", "b"), dir,
                Map.of("PATH", bin + ":/usr/bin:/bin"), out, err));
        started.add(s.pid());
        assertEquals(0, exitOf(s));
        assertEquals("no shebang, args: a b\n", Files.readString(out));
    }

    @Test
    void aCommandNotOnThePathIsASpawnErrorNamingThePath() {
        IOException e = assertThrows(IOException.class, () -> launcher.spawn(
                new LaunchPlan(List.of("no-such-program-jmon"), dir, Map.of("PATH", "/usr/bin:/bin"), out, err)));
        assertEquals("cannot run no-such-program-jmon: not found on PATH (/usr/bin:/bin)", e.getMessage());
    }

    @Test
    void anAdoptedProcessThatIsNotOurChildIsSeenEndingAtOnce() throws Exception {
        Spawned parent = sh("sleep 30 & echo $!");
        assertEquals(0, exitOf(parent));
        long orphan = Long.parseLong(Files.readString(out).trim());
        started.add(orphan);
        long ticks = ProcFs.stat(orphan).orElseThrow().startTicks();
        assertNull(launcher.adopt(orphan, ticks + 1), "another start time: the pid was reused, not adopted");
        Spawned adopted = launcher.adopt(orphan, ticks);
        assertNotNull(adopted);
        assertFalse(adopted.exit().isDone());
        Posix.kill(orphan, "SIGKILL");
        assertNull(exitOf(adopted), "not our child: the exit code cannot be known");
    }
}
