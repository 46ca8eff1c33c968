package jmon.incident;

import static org.junit.jupiter.api.Assertions.*;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.cli.commands.Commands;
import jmon.daemon.Daemon;
import jmon.it.Jmon;
import jmon.rpc.RpcClient;
import jmon.tui.ConsoleController;
import jmon.tui.ConsoleMain;
import jmon.tui.WizardController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The wizard inside the console, driven by keys, drawn on lanterna's virtual terminal, against a real daemon. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WizardConsoleTest {
    @TempDir
    Path tmp;

    private static String screenText(TerminalScreen s, ConsoleMain.Parts p) {
        p.view().draw(s.newTextGraphics(), s.getTerminalSize());
        StringBuilder b = new StringBuilder();
        TerminalSize size = s.getTerminalSize();
        for (int r = 0; r < size.getRows(); r++) {
            for (int c = 0; c < size.getColumns(); c++) b.append(s.getBackCharacter(c, r).getCharacterString());
            b.append('\n');
        }
        return b.toString();
    }

    private static void awaitText(TerminalScreen s, ConsoleMain.Parts p, String needle) {
        String[] last = {""};
        try {
            Jmon.await("'" + needle + "' on screen", 90_000, () -> (last[0] = screenText(s, p)).contains(needle));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + last[0]);
        }
    }

    @Test
    void wizardFromTheConsole_assessPlanEditRestoreSaveChecklistReport() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.up(j);
            j.ok("delete", "all", "-n", "shop-prod");
            Path sock = j.home.resolve("jmon.sock");
            String v = Daemon.version();
            ConsoleMain.Parts p = ConsoleMain.build(new ConsoleMain.Options(null, false, null, null), j.env,
                    () -> new RpcClient(sock, v), ConsoleMain.cliRunner(j.env, j.dir), ConsoleMain.verbs(Commands.all()), v);
            p.controller().setWizardFactory(() -> new WizardController(j.home, j.env, null,
                    token -> new RpcClient(sock, v).withFreezeToken(token), p.model()::touch, 60_000), false);
            DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(110, 32));
            TerminalScreen s = new TerminalScreen(vt);
            s.startScreen();
            try (ConsoleController c = p.controller()) {
                c.key("I");
                assertNotNull(c.wizard(), "I opens the wizard");
                awaitText(s, p, "P2 - High");
                String assess = screenText(s, p);
                assertTrue(assess.contains("missing") && assess.contains("shop-prod/shop-api"), assess);
                assertTrue(assess.contains("continue"), "footer from the keymap: " + assess);
                c.key("<Enter>");
                awaitText(s, p, "1. start shop-prod/shop-api");
                // edit: the worker up before the api, then back
                c.key("j");
                c.key("K");
                awaitText(s, p, "1. start shop-prod/shop-worker");
                c.key("J");
                awaitText(s, p, "1. start shop-prod/shop-api");
                assertEquals(List.of("shop-api", "shop-worker", "shop-analytics"),
                        c.wizard().plan().steps().stream().map(x -> x.app.name()).toList());
                c.key("<Enter>");
                assertEquals(WizardController.Screen.PROGRESS, c.wizard().screen());
                awaitText(s, p, "save the process list");
                String progress = screenText(s, p);
                assertTrue(progress.contains("ready in") && progress.contains("shop-prod/shop-analytics"), progress);
                c.key("y");
                awaitText(s, p, "[x] every expected process is online");
                c.key("<Enter>");
                awaitText(s, p, "Incident Report");
                assertTrue(screenText(s, p).contains("report.md"));
                c.key("<Enter>");
                assertNull(c.wizard(), "the wizard closed back to the console");
                assertTrue(c.running());
            } finally {
                s.stopScreen();
            }
            for (String n : List.of("shop-api", "shop-worker", "shop-analytics")) assertEquals("online", j.status("shop-prod", n));
            assertTrue(j.ok("incident", "list").out().contains("P2"));
        }
    }

    @Test
    void aRunningRestoreIsCancelledFromTheProgressScreen() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.write(j, "shop-never");
            j.write("never.json", "{\"namespace\":\"shop-prod\",\"tier\":\"production\",\"apps\":["
                    + Shop.app("shop-never", "never.sh", 1, ",\"wait_ready\":true,\"listen_timeout\":60000") + "]}");
            j.ok("inventory", "add", "never.json"); // expected, never says READY: its step runs until cancelled
            j.ok("ping");
            Path sock = j.home.resolve("jmon.sock");
            String v = Daemon.version();
            ConsoleMain.Parts p = ConsoleMain.build(new ConsoleMain.Options(null, false, null, null), j.env,
                    () -> new RpcClient(sock, v), ConsoleMain.cliRunner(j.env, j.dir), ConsoleMain.verbs(Commands.all()), v);
            p.controller().setWizardFactory(() -> new WizardController(j.home, j.env, null,
                    token -> new RpcClient(sock, v).withFreezeToken(token), p.model()::touch, 120_000), false);
            TerminalScreen s = new TerminalScreen(new DefaultVirtualTerminal(new TerminalSize(100, 30)));
            s.startScreen();
            try (ConsoleController c = p.controller()) {
                c.key("I");
                awaitText(s, p, "shop-prod/shop-never");
                c.key("<Enter>");
                awaitText(s, p, "1. start shop-prod/shop-never");
                c.key("<Enter>");
                assertEquals(WizardController.Screen.PROGRESS, c.wizard().screen());
                awaitText(s, p, "running");
                assertTrue(screenText(s, p).contains("abort"), "the progress screen offers the cancel key");
                c.key("a");
                awaitText(s, p, "cancel");
                Jmon.await("the job ended", 60_000, () -> c.wizard().screen() != WizardController.Screen.PROGRESS);
                String after = screenText(s, p);
                assertTrue(after.contains("cancel"), after);
                assertNotEquals("online", j.status("shop-prod", "shop-never"));
                assertTrue(j.ok("freeze", "--list").out().isBlank() || !j.ok("freeze", "--list").out().contains("shop-prod"),
                        "the job's freeze ended with it");
            } finally {
                s.stopScreen();
            }
        }
    }

    @Test
    void aSecondConsoleAttachesToTheRestoreRunningInTheDaemonAndSeesItEnd() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Shop.write(j, "shop-never");
            j.write("never.json", "{\"namespace\":\"shop-prod\",\"tier\":\"production\",\"apps\":["
                    + Shop.app("shop-never", "never.sh", 1, ",\"wait_ready\":true,\"listen_timeout\":60000") + "]}");
            j.ok("inventory", "add", "never.json");
            // another operator's restore: its client follows the daemon's job, and is killed mid-restore below
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "jmon.cli.Main", "restore", "--yes")
                    .directory(j.dir.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("first.out").toFile());
            pb.environment().putAll(j.env);
            Process first = pb.start();
            Path sock = j.home.resolve("jmon.sock");
            String v = Daemon.version();
            Jmon.await("the job runs", 60_000, () -> {
                try (RpcClient c = new RpcClient(sock, v)) {
                    jmon.api.RestoreJob job = c.restoreStatus(null);
                    return job != null && job.running();
                } catch (Exception e) {
                    return false;
                }
            });
            ConsoleMain.Parts p = ConsoleMain.build(new ConsoleMain.Options(null, false, null, null), j.env,
                    () -> new RpcClient(sock, v), ConsoleMain.cliRunner(j.env, j.dir), ConsoleMain.verbs(Commands.all()), v);
            p.controller().setWizardFactory(() -> new WizardController(j.home, j.env, null,
                    token -> new RpcClient(sock, v).withFreezeToken(token), p.model()::touch, 120_000), false);
            TerminalScreen s = new TerminalScreen(new DefaultVirtualTerminal(new TerminalSize(100, 30)));
            s.startScreen();
            try (ConsoleController c = p.controller()) {
                c.key("I");
                // attached: the wizard follows the daemon's job (its progress screen, the job's step) instead of planning
                Jmon.await("attached to the running job", 60_000, () -> c.wizard() != null
                        && c.wizard().screen() == WizardController.Screen.PROGRESS);
                awaitText(s, p, "shop-prod/shop-never");
                first.destroyForcibly(); // the first operator's client dies: the job goes on, this console still follows it
                assertTrue(first.waitFor(20, TimeUnit.SECONDS));
                Thread.sleep(500);
                assertEquals(WizardController.Screen.PROGRESS, c.wizard().screen());
                c.key("a"); // and may end it
                Jmon.await("the job ended", 60_000, () -> c.wizard().screen() == WizardController.Screen.REPORT);
                String end = screenText(s, p);
                assertTrue(end.contains("cancelled") && end.contains("the job's log"), end);
            } finally {
                s.stopScreen();
            }
        }
    }

    @Test
    void incidentWithoutATerminalPointsToStatusAndRestore() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Jmon.Result r = j.run("incident");
            assertEquals(2, r.code());
            assertTrue(r.err().contains("jmon restore"), r.err());
        }
    }

}
