package jmon.engine.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.api.ResourceLimits;
import jmon.api.RunAs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launch wrapper through both launchers, on real processes: the limits the app itself reports, its exit
 * code passed through, and no wrapper at all for an app without limits.
 */
@Timeout(60)
class LaunchWrapperTest {
    @TempDir Path dir;
    private final List<Long> started = new ArrayList<>();
    private Path out, err;

    @BeforeEach
    void setUp() throws IOException {
        out = Files.createFile(dir.resolve("out"));
        err = Files.createFile(dir.resolve("err"));
    }

    @AfterEach
    void killLeftovers() {
        for (long pid : started) if (ProcFs.isAlive(pid)) Posix.killGroup(pid, "SIGKILL");
    }

    private static final ResourceLimits LIMITS = new ResourceLimits(200L, null, 3, 077, 123, null, null, null);
    /** What the app sees of its own limits, one per line: open files (soft, hard), umask, nice field, OOM score. */
    private static final String REPORT = "ulimit -n; umask; cut -d' ' -f19 /proc/$$/stat; cat /proc/$$/oom_score_adj;"
            + " grep 'Max open files' /proc/$$/limits; exit 7";

    private List<String> run(Launcher l, ResourceLimits limits) throws Exception {
        LaunchPlan plan = new LaunchPlan(List.of("sh", "-c", REPORT), dir, Map.of("PATH", "/usr/bin:/bin"), out, err)
                .withWrapper(LaunchWrapper.prefix(RunAs.none(), limits));
        Spawned s = l.spawn(plan);
        started.add(s.pid());
        Integer code = s.exit().get(20, TimeUnit.SECONDS);
        assertEquals(7, code, "the app's own exit code, through the wrappers; stderr: " + Files.readString(err));
        return Files.readAllLines(out);
    }

    @Test
    void thePosixSpawnLauncherAppliesEveryLimitBeforeTheApp() throws Exception {
        List<String> lines = run(SpawnLauncher.best(why -> fail(why)), LIMITS);
        assertEquals("200", lines.get(0));
        assertEquals("0077", lines.get(1));
        assertEquals("3", lines.get(2));
        assertEquals("123", lines.get(3));
        assertTrue(lines.get(4).matches("Max open files\\s+200\\s+200\\s+files\\s*"), lines.get(4));
    }

    @Test
    void theShellShimLauncherAppliesThemToo() throws Exception {
        List<String> lines = run(new ProcessLauncher(), LIMITS);
        assertEquals(List.of("200", "0077", "3", "123"), lines.subList(0, 4));
    }

    @Test
    void noLimitsMeansNoWrapper() throws Exception {
        assertEquals(List.of(), LaunchWrapper.prefix(RunAs.none(), ResourceLimits.none()));
        List<String> lines = run(SpawnLauncher.best(why -> fail(why)), ResourceLimits.none());
        assertEquals(Integer.toString(LaunchWrapper.ownNice()), lines.get(2), "the daemon's niceness, inherited");
    }

    @Test
    void theWrapperIsTheToolsInTheirOrderWithOnlyDigitsInTheShellText() throws Exception {
        List<String> w = LaunchWrapper.prefix(RunAs.none(), LIMITS);
        assertEquals("/bin/sh", w.get(0));
        assertEquals("umask 0077 || exit 126; echo 123 > /proc/self/oom_score_adj || exit 126; exec \"$@\"", w.get(2));
        assertTrue(w.contains("--nofile=200:200"), w.toString());
        assertTrue(w.get(w.size() - 1).equals("--"), "the app's program follows: " + w);
    }
}
