package jmon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness completes: {@code bench/run.sh --quick --no-pm2 start stop} against this build, with
 * its own temp folders. Nothing here is timed: it checks that the harness runs and reports a result per
 * scenario, not how fast jmon is (that is docs/benchmarks.md's job, on a quiet machine).
 *
 * <p>No build inside the test: {@code JMON_BIN} is a small script that runs {@code jmon.cli.Main} from this
 * JVM's class path (the daemon it starts inherits that class path). Needs bash and node (the harness's /proc
 * helper); without them the test is skipped. No network: {@code --no-pm2} never installs PM2.
 */
@Timeout(300)
class BenchSmokeTest {
    private static final List<String> SCENARIOS = List.of("start", "stop");

    @Test
    void quickRunCompletesWithAResultPerScenario(@TempDir Path tmp) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path runSh = root.resolve("bench/run.sh");
        assumeTrue(Files.isRegularFile(runSh), "bench/run.sh not found from " + root);
        assumeTrue(onPath("bash") && onPath("node"), "bash and node are needed by the harness");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/time")) && Files.isDirectory(Path.of("/proc/self")),
                "GNU time and /proc are needed by the harness");

        Path launcher = launcher(tmp);
        Path out = tmp.resolve("out.txt");
        Path tmpDir = Files.createDirectories(tmp.resolve("tmp"));
        ProcessBuilder pb = new ProcessBuilder(concat(List.of("bash", runSh.toString(), "--quick", "--no-pm2"), SCENARIOS))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("JMON_BIN", launcher.toString());
        pb.environment().put("BENCH_OUT", tmp.resolve("bench-out").toString());
        pb.environment().put("TMPDIR", tmpDir.toString());
        pb.environment().remove("JMON_HOME");
        Process p = pb.start();
        if (!p.waitFor(270, TimeUnit.SECONDS)) {
            p.destroy();   // SIGTERM: the harness's trap tears its daemons down
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
            throw new AssertionError("bench/run.sh --quick did not finish within 270 s:\n" + tail(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "bench/run.sh --quick exited " + p.exitValue() + ":\n" + tail(out));
        for (String sc : SCENARIOS) {
            assertTrue(text.contains("\nresult: " + sc + " ok"), "no result line for " + sc + ":\n" + tail(out));
            assertTrue(text.lines().anyMatch(l -> l.startsWith("| " + sc + " | ")), "no table row for " + sc + ":\n" + tail(out));
        }
    }

    /** A JMON_BIN that runs the CLI from the test's class path with the current JDK. */
    private static Path launcher(Path tmp) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String cp = System.getProperty("java.class.path");
        String script = "#!/bin/sh\n"
                + "JMON_JAVA=" + quote(java) + "; export JMON_JAVA\n"
                + "exec \"$JMON_JAVA\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp " + quote(cp)
                + " jmon.cli.Main \"$@\"\n";
        Path f = tmp.resolve("jmon-under-test");
        Files.writeString(f, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        return f;
    }

    private static String quote(String s) { return "'" + s.replace("'", "'\\''") + "'"; }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, exe))) return true;
        }
        return false;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static String tail(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
