package jmon.tui;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jmon.it.Jmon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the real console (java jmon.cli.Main console) in a detached tmux session of 120×40 on a private
 * tmux socket, against a real daemon running the example ecosystem. Keys go in with send-keys, the screen comes
 * back with capture-pane, the daemon's state is read through the harness.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleTmuxTest {
    @TempDir Path tmp;
    Jmon jmon;
    final String socket = "jmon-console-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(tmuxAvailable(), "tmux is not installed");
        jmon = new Jmon(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            tmux("kill-server");
        } finally {
            if (jmon != null) jmon.close();
        }
    }

    private static boolean tmuxAvailable() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tmux " + String.join(" ", args) + " hung");
        }
        return out;
    }

    private String screen() {
        try {
            return tmux("capture-pane", "-p", "-t", "console");
        } catch (Exception e) {
            return "";
        }
    }

    private int restarts(String ns, String name) {
        var p = jmon.proc(ns, name);
        return p == null ? -1 : p.get("pm2_env").get("restart_time").asInt();
    }

    @Test
    void restartAProcessFromTheRealConsole() throws Exception {
        Path eco = Path.of("examples/ecosystem.json").toAbsolutePath();
        assertTrue(Files.isRegularFile(eco), eco.toString());
        Jmon.Result started = jmon.run("start", eco.toString());
        assertNotNull(jmon.proc("stock-alert-prod", "stock-alert"), started.all());
        Jmon.await("stock-alert online", 60_000, () -> "online".equals(jmon.status("stock-alert-prod", "stock-alert")));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "exec env JMON_HOME='" + jmon.home + "' LANG=C.UTF-8 TERM=xterm-256color '" + java + "' -cp '"
                + System.getProperty("java.class.path") + "' jmon.cli.Main console 2>'" + tmp.resolve("console.err") + "'";
        tmux("-u", "new-session", "-d", "-s", "console", "-x", "120", "-y", "40", cmd);
        Jmon.await("the console shows the example", 60_000, () -> screen().contains("stock-alert") && screen().contains("online"));
        String s = screen();
        assertTrue(s.contains("shop-prod") && s.contains("shop-test") && s.contains("stock-alert-prod"), s);
        assertTrue(s.contains("help") && s.contains("restart"), s);

        int before = restarts("stock-alert-prod", "stock-alert");
        tmux("send-keys", "-t", "console", "/");
        tmux("send-keys", "-t", "console", "-l", "stock-alert");
        tmux("send-keys", "-t", "console", "Enter");
        Jmon.await("filtered", 20_000, () -> screen().contains("filter /stock-alert") && !screen().contains("shop-worker"));
        tmux("send-keys", "-t", "console", "r");
        Jmon.await("a production app: asks first", 20_000, () -> screen().contains("It is a production app."));
        assertEquals(before, restarts("stock-alert-prod", "stock-alert"), "restarted before the answer");
        tmux("send-keys", "-t", "console", "y");
        Jmon.await("the daemon restarted stock-alert", 30_000, () -> restarts("stock-alert-prod", "stock-alert") == before + 1);
        Jmon.await("outcome on screen", 20_000, () -> screen().contains("restart: stock-alert-prod/stock-alert online"));
        assertEquals("online", jmon.status("stock-alert-prod", "stock-alert"));
        assertEquals(0, restarts("shop-prod", "shop-worker"), "nothing else moved");

        tmux("send-keys", "-t", "console", "q");
        Jmon.await("the console quit", 20_000, () -> {
            try {
                return !tmux("list-sessions").contains("console:");
            } catch (Exception e) {
                return true;
            }
        });
    }
}
