package jmon.shell;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jmon.it.Jmon;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jmon shell: piped lines against a real daemon, the prompt, and Tab completion through jline's API. */
@Timeout(90)
class ShellTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private String runShell(String ns, String input, ByteArrayOutputStream err) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Shell sh = new Shell(j.env, j.dir, ns);
        try (Terminal t = Shell.streamTerminal(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            sh.run(t, e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pipedLinesRunTheCliVerbsInTheCurrentNamespaceWithHistory() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String out = runShell(null, """
                start sleep --name s1 -n prod -- 300
                start sleep --name s2 -n test -- 300
                use prod
                list
                stop all
                use *
                jlist
                'bogus verb'
                exit
                list
                """, err);
        j.jlist(); // remember the pids for cleanup
        assertTrue(out.contains("s1"), out);
        assertEquals("stopped", j.status("prod", "s1"), "stop all in 'use prod' stopped prod/s1");
        assertEquals("online", j.status("test", "s2"), "stop all in 'use prod' left test alone");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'bogus verb'"), err.toString());
        List<String> hist = Files.readAllLines(j.home.resolve("shell_history"));
        assertTrue(hist.stream().anyMatch(l -> l.endsWith("use prod")), hist.toString());
        assertTrue(hist.get(hist.size() - 1).endsWith(":exit"), "nothing after exit ran: " + hist);
    }

    @Test
    void promptShowsNamespaceAndDaemonState() throws Exception {
        Shell sh = new Shell(j.env, j.dir, null);
        assertEquals("jmon[*] (daemon down)> ", sh.prompt());
        j.ok("ping");
        assertEquals("jmon[*]> ", sh.prompt());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Shell prod = new Shell(j.env, j.dir, "prod");
        assertEquals("jmon[prod]> ", prod.prompt());
        String out = runShell("prod", "use\nuse batch\nuse\n", err);
        assertEquals("prod\nbatch\n", out);
    }

    private static List<String> complete(Shell sh, String line) {
        ParsedLine pl = new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE);
        List<Candidate> c = new ArrayList<>();
        sh.completer().complete(null, pl, c);
        List<String> out = new ArrayList<>();
        String word = pl.word();
        for (Candidate x : c) if (x.value().startsWith(word)) out.add(x.value());
        return out;
    }

    @Test
    void completesVerbsFlagsNamesInScopeAndNamespaces() throws Exception {
        Shell down = new Shell(j.env, j.dir, null);
        assertEquals(List.of("all"), complete(down, "stop "), "no daemon: no names, and none started");
        assertFalse(Files.exists(j.home.resolve("jmon.sock")));
        j.ok("start", "sleep", "--name", "api", "-n", "prod", "--", "300");
        j.ok("start", "sleep", "--name", "apiworker", "-n", "test", "--", "300");
        j.jlist();
        Shell sh = new Shell(j.env, j.dir, "prod");
        List<String> verbs = complete(sh, "sto");
        assertEquals(List.of("stop"), verbs);
        assertTrue(complete(sh, "").containsAll(List.of("start", "restart", "list", "use", "exit")));
        assertEquals(List.of("api", "all"), complete(sh, "restart a"), "names of prod only, plus all");
        assertEquals(List.of("apiworker"), complete(sh, "restart -n test api"));
        assertEquals(List.of("apiworker"), complete(sh, "restart --namespace=test api"));
        assertTrue(complete(sh, "stop --").containsAll(List.of("--namespace", "--all-namespaces", "--include-protected",
                "--help")), complete(sh, "stop --").toString());
        assertEquals(List.of("--with-env"), complete(sh, "jlist --w"));
        assertEquals(List.of("prod", "test"), complete(sh, "list -n "));
        assertEquals(List.of("prod", "test", "*"), complete(sh, "use "));
        Shell all = new Shell(j.env, j.dir, null);
        assertEquals(List.of("api", "apiworker", "all"), complete(all, "stop "));
    }

    @Test
    void pipedIntoARealProcessItUsesADumbTerminalWithoutWarnings() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "jmon.cli.Main", "shell");
        pb.environment().put("JMON_HOME", j.home.toString());
        Process p = pb.start();
        p.getOutputStream().write("version\nuse x\nuse\nhelp stop\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out + err);
        assertEquals("", err);
        assertTrue(out.startsWith(jmon.daemon.Daemon.version() + "\nx\n"), out);
        assertTrue(out.contains("usage: jmon stop"), out);
    }
}
