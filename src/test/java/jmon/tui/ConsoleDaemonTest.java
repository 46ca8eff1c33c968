package jmon.tui;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jmon.cli.commands.Commands;
import jmon.it.Jmon;
import jmon.rpc.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The console's model, view and controller against a real daemon (the harness's), on a virtual terminal. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsoleDaemonTest {
    @TempDir Path tmp;
    Jmon jmon;

    @BeforeEach
    void setUp() throws Exception {
        jmon = new Jmon(tmp);
    }

    @AfterEach
    void tearDown() {
        jmon.close();
    }

    private int restarts(String ns, String name) {
        var p = jmon.proc(ns, name);
        return p == null ? -1 : p.get("pm2_env").get("restart_time").asInt();
    }

    @Test
    void showsRealProcessesRestartsOnAKeyAndFollowsTheirLogs() throws Exception {
        Path s = jmon.script("tick.sh", "while true; do echo tick-$$; sleep 0.2; done");
        jmon.ok("start", s.toString(), "--name", "ticker", "-n", "console-it");
        jmon.ok("start", s.toString(), "--name", "other", "-n", "elsewhere");
        Path sock = jmon.home.resolve("jmon.sock");
        ConsoleMain.Parts p = ConsoleMain.build(new ConsoleMain.Options("console-it", false, null, null), jmon.env,
                () -> new RpcClient(sock, "test"), ConsoleMain.cliRunner(jmon.env, jmon.dir),
                ConsoleMain.verbs(Commands.all()), "test");
        try (Grid g = new Grid(100, 30); ConsoleController c = p.controller()) {
            c.start();
            Jmon.await("the process list", 20_000, () -> p.model().processes().size() == 1);
            Jmon.await("the daemon figures", 20_000, () -> p.model().daemon() != null);
            Jmon.await("log lines", 20_000, () -> {
                c.tick();
                return p.model().logCount() > 0;
            });
            List<String> screen = g.draw(p.view());
            String all = Grid.text(screen);
            assertTrue(all.contains("ticker") && all.contains("online"), all);
            assertFalse(all.contains("elsewhere"), "scoped: " + all);
            assertTrue(all.contains("tick-"), all);
            int before = restarts("console-it", "ticker");
            c.key("r");
            Jmon.await("restart through the console", 30_000, () -> restarts("console-it", "ticker") == before + 1);
            Jmon.await("outcome in the status line", 10_000, () -> p.model().flash().startsWith("restart: console-it/ticker"));
            assertEquals(0, restarts("elsewhere", "other"));
            // the : line runs the real CLI, scoped
            c.runCommandLine("describe ticker");
            Jmon.await("describe output", 20_000, () -> p.model().output().stream().anyMatch(l -> l.contains("console-it")));
        }
    }
}
