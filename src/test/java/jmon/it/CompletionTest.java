package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jmon completion bash|zsh and the live part, jmon __complete. */
@Timeout(120)
class CompletionTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    @Test
    void completeListsNamesInScopeAndNamespacesAndNeverStartsTheDaemon() throws Exception {
        var r = j.ok("__complete", "names");
        assertEquals("", r.out());
        assertEquals("", j.ok("__complete", "namespaces").out());
        assertFalse(Files.exists(j.home.resolve("jmon.sock")), "__complete started a daemon");
        j.ok("start", "sleep", "--name", "api", "-n", "prod", "--", "300");
        j.ok("start", "sleep", "--name", "cron", "-n", "batch", "--", "300");
        j.jlist();
        assertEquals("api\ncron\n", j.ok("__complete", "names").out());
        assertEquals("api\n", j.ok("__complete", "names", "prod").out());
        assertEquals("cron\n", j.ok("__complete", "names", "-n", "batch").out());
        assertEquals("batch\nprod\n", j.ok("__complete", "namespaces").out());
        assertFalse(j.ok("--help").out().contains("__complete"), "hidden from the overview");
    }

    private String bash(String script) throws Exception {
        Path f = tmp.resolve("t.sh");
        Files.writeString(f, script);
        ProcessBuilder pb = new ProcessBuilder("bash", f.toString());
        pb.environment().putAll(j.env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void bashScriptIsValidAndCompletesVerbsFlagsAndLiveNames() throws Exception {
        Path script = tmp.resolve("jmon.bash");
        Files.writeString(script, j.ok("completion", "bash").out());
        bash("bash -n " + script + "\n");
        j.ok("start", "sleep", "--name", "api", "-n", "prod", "--", "300");
        j.ok("start", "sleep", "--name", "apx", "-n", "test", "--", "300");
        j.jlist();
        String java = ProcessHandle.current().info().command().orElse("java");
        String out = bash("jmon() { '" + java + "' -cp '" + System.getProperty("java.class.path") + "' jmon.cli.Main \"$@\"; }\n"
                + "source " + script + "\n"
                + "t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _jmon; echo \"${COMPREPLY[*]}\"; }\n"
                + "t jmon sto\nt jmon stop --all\nt jmon restart -n prod a\nt jmon restart a\nt jmon list -n ''\n"
                + "t jmon --host web1 resu\n");
        List<String> lines = out.lines().toList();
        assertEquals("stop", lines.get(0), out);
        assertEquals("--all-namespaces", lines.get(1), out);
        assertEquals("api all", lines.get(2), out);
        assertEquals("api apx all", lines.get(3), out);
        assertEquals("prod test", lines.get(4), out);
        assertEquals("resurrect", lines.get(5), out);
    }

    @Test
    void zshScriptParses() throws Exception {
        String s = j.ok("completion", "zsh").out();
        assertTrue(s.startsWith("#compdef jmon"));
        assertTrue(s.contains("__complete names"));
        boolean zsh = List.of("/bin/zsh", "/usr/bin/zsh").stream().anyMatch(x -> Files.isExecutable(Path.of(x)));
        Assumptions.assumeTrue(zsh, "zsh not installed");
        Path f = tmp.resolve("jmon.zsh");
        Files.writeString(f, s);
        Process p = new ProcessBuilder("zsh", "-n", f.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void unknownShellIsAUsageError() {
        var r = j.run("completion", "fish");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bash or zsh"), r.err());
    }
}
