package jmon.tui;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jmon.cli.commands.ConsoleCommand;
import jmon.it.Jmon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Without a terminal the console says why in one line and exits 2; it never hangs. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConsoleCliTest {
    @TempDir Path tmp;

    @Test
    void noTerminalExitsTwoWithOneLine() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            for (String[] argv : new String[][] {{"console"}, {}, {"-n", "prod"}, {"--namespace=prod", "--read-only"},
                    {"--theme", "light", "--keymap", "vim"}}) {
                Jmon.Result r = j.run(argv);
                assertEquals(2, r.code(), String.join(" ", argv) + ": " + r.all());
                assertEquals("", r.out());
                assertEquals(1, r.err().lines().count(), r.err());
                assertTrue(r.err().contains(ConsoleCommand.NO_TERMINAL), r.err());
            }
            assertEquals(0, j.run("--help").code());
            assertTrue(j.run("--help").out().contains("console"));
            assertEquals(2, j.run("-n", "prod", "list", "--bogus").code()); // not console-only options: a normal verb parse
        }
    }
}
