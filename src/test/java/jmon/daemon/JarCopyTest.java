package jmon.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon runs from its copy of jmon's jar in {@code $JMON_HOME/lib/}, named and checked by the SHA-256 of
 * the jar's content. A real CLI process (run from a real jmon jar) starts a real daemon in a home where a jar of
 * the expected name but other content was planted: the daemon that answers is the real one and the planted code
 * never ran (it would have written a marker file).
 */
@Timeout(180)
class JarCopyTest {
    @TempDir Path tmp;

    @Test
    void aPlantedOrAlteredCopyIsNeverExecuted() throws Exception {
        Path realJar = tmp.resolve("jmon-9.9-test.jar");
        jar(Path.of(DaemonMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()), realJar);
        Path home = tmp.resolve("home");
        Path lib = home.resolve("lib");
        Files.createDirectories(lib);
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        String sha = JarCopy.sha256(realJar);
        Path expected = lib.resolve("jmon-9.9-test-" + sha + ".jar");
        Path marker = tmp.resolve("planted-ran");
        Files.copy(plantedJar(marker), expected);

        Proc ping = cli(realJar, home, "ping");
        try {
            assertEquals(0, ping.code, ping.out);
            assertTrue(ping.out.contains("is not the jar it is named after"), ping.out);
            assertFalse(Files.exists(marker), "the planted jar ran");
            assertEquals(sha, JarCopy.sha256(expected), "the copy is the real jar again");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(expected)));
        } finally {
            cli(realJar, home, "kill");
        }

        // altered in place (same name, one byte more): replaced again, and a correct copy is used as it is
        Files.write(expected, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        Proc again = cli(realJar, home, "ping");
        try {
            assertEquals(0, again.code, again.out);
            assertTrue(again.out.contains("is not the jar it is named after"), again.out);
            assertEquals(sha, JarCopy.sha256(expected));
        } finally {
            cli(realJar, home, "kill");
        }
        Proc clean = cli(realJar, home, "ping");
        try {
            assertEquals(0, clean.code, clean.out);
            assertFalse(clean.out.contains("is not the jar"), clean.out);
        } finally {
            cli(realJar, home, "kill");
        }
        assertFalse(Files.exists(marker), "the planted jar ran");
    }

    record Proc(int code, String out) {}

    /** {@code java -cp REAL_JAR:deps jmon.cli.Main ARGS} with this home: a CLI run from a jmon jar. */
    private Proc cli(Path realJar, Path home, String... args) throws Exception {
        List<String> cp = new ArrayList<>();
        cp.add(realJar.toString());
        Path classes = Path.of(DaemonMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isEmpty()) continue;
            Path p = Path.of(e).toAbsolutePath();
            if (p.equals(classes) || p.endsWith("test-classes")) continue;
            cp.add(p.toString());
        }
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                String.join(File.pathSeparator, cp), "jmon.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", System.getenv().getOrDefault("HOME", "/root"));
        pb.environment().put("JMON_HOME", home.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI did not end");
        return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** A jar whose jmon.daemon.DaemonMain writes {@code marker} and exits: what a hostile user would plant. */
    private Path plantedJar(Path marker) throws IOException {
        Path src = tmp.resolve("planted/jmon/daemon/DaemonMain.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package jmon.daemon; public final class DaemonMain { public static void main(String[] a)"
                + " throws Exception { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marker + "\"), \"ran\"); } }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path out = tmp.resolve("planted-classes");
        Files.createDirectories(out);
        assertEquals(0, javac.run(null, null, null, "-d", out.toString(), src.toString()));
        Path jar = tmp.resolve("planted.jar");
        jar(out, jar);
        return jar;
    }

    private static void jar(Path dir, Path jar) throws IOException {
        try (OutputStream f = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(f);
             Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (!Files.isRegularFile(p)) continue;
                j.putNextEntry(new JarEntry(dir.relativize(p).toString().replace(File.separatorChar, '/')));
                Files.copy(p, j);
                j.closeEntry();
            }
        }
    }
}
