package jmon.incident;

import static org.junit.jupiter.api.Assertions.*;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.nio.file.Path;
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

/**
 * The wizard's screens scroll with 200 apps, at 80×24 and 60×20: every finding of the assessment can be reached,
 * and the plan's cursor never leaves the screen. A real daemon, 200 real processes saved then deleted.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WizardScrollTest {
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
            Jmon.await("'" + needle + "' on screen", 60_000, () -> (last[0] = screenText(s, p)).contains(needle));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + last[0]);
        }
    }

    @Test
    void assessAndPlanScrollWith200Apps() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.write("idle.sh", "exec sleep 100000\n");
            StringBuilder apps = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                apps.append(i == 0 ? "" : ",").append("{\"name\":\"app-").append(i < 10 ? "00" : i < 100 ? "0" : "").append(i)
                        .append("\",\"script\":\"idle.sh\",\"interpreter\":\"sh\",\"priority\":").append(i + 1).append(",\"kill_timeout\":500}");
            }
            j.write("big.json", "{\"namespace\":\"big\",\"tier\":\"production\",\"apps\":[" + apps + "]}");
            j.ok("start", "big.json");
            j.ok("save", "-n", "big");
            j.ok("delete", "all", "-n", "big");
            Path sock = j.home.resolve("jmon.sock");
            String v = Daemon.version();
            for (int[] size : new int[][] {{80, 24}, {60, 20}}) {
                ConsoleMain.Parts p = ConsoleMain.build(new ConsoleMain.Options(null, false, null, null), j.env,
                        () -> new RpcClient(sock, v), ConsoleMain.cliRunner(j.env, j.dir), ConsoleMain.verbs(Commands.all()), v);
                p.controller().setWizardFactory(() -> new WizardController(j.home, j.env, null,
                        token -> new RpcClient(sock, v).withFreezeToken(token), p.model()::touch, 60_000), false);
                TerminalScreen s = new TerminalScreen(new DefaultVirtualTerminal(new TerminalSize(size[0], size[1])));
                s.startScreen();
                try (ConsoleController c = p.controller()) {
                    c.key("I");
                    awaitText(s, p, "big/app-000");
                    String first = screenText(s, p);
                    assertTrue(first.contains("of 2"), "says which lines are shown: " + first); // "lines 1–21 of 20x"
                    assertFalse(first.contains("big/app-199"), first);
                    for (int i = 0; i < 230; i++) c.key("j");
                    String end = screenText(s, p);
                    assertTrue(end.contains("big/app-199"), "the last finding is reachable: " + end);
                    c.key("<Enter>");
                    awaitText(s, p, "1. start big/app-000");
                    for (int i = 0; i < 199; i++) {
                        c.key("j");
                        if (i % 37 == 0 || i == 198) {
                            String name = "big/app-" + String.format("%03d", i + 1);
                            String scr = screenText(s, p);
                            assertTrue(scr.lines().anyMatch(l -> l.startsWith("> ") && l.contains(name)), "cursor off screen at " + name + ":\n" + scr);
                        }
                    }
                    for (String l : screenText(s, p).split("\n")) assertEquals(size[0], l.length());
                    c.key("a"); // abort: nothing restored
                } finally {
                    s.stopScreen();
                }
            }
        }
    }
}
