package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** autorestart's kinds on real processes and a real daemon, killed and started again. */
@Timeout(120)
class RestartKindsTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private int restarts(String name) { return j.proc("default", name).get("pm2_env").get("restart_time").asInt(); }

    @Test
    void onFailureRestartsAFailedExitButNotACleanOne() throws Exception {
        j.write("eco.json", """
                { "apps": [
                  { "name": "clean", "script": "sh", "args": ["-c", "sleep 0.3; exit 0"], "autorestart": "on-failure" },
                  { "name": "fails", "script": "sh", "args": ["-c", "sleep 0.3; exit 4"], "autorestart": "on-failure",
                    "restart_delay": 200 }
                ] }
                """);
        j.ok("start", tmp.resolve("eco.json").toString());
        Jmon.await("clean exited", 20_000, () -> "exited".equals(j.status("default", "clean")));
        Jmon.await("fails restarted twice", 20_000, () -> restarts("fails") >= 2);
        assertEquals(0, restarts("clean"));
        String reason = j.ok("describe", "clean").out();
        assertTrue(reason.contains("autorestart is on-failure"), reason);
    }

    @Test
    void alwaysBringsBackAStoppedAppWhenTheDaemonStartsAgainUnlessStoppedDoesNot() throws Exception {
        j.write("eco.json", """
                { "apps": [
                  { "name": "always", "script": "sleep", "args": ["300"], "autorestart": "always" },
                  { "name": "unless", "script": "sleep", "args": ["300"], "autorestart": "unless-stopped" }
                ] }
                """);
        j.ok("start", tmp.resolve("eco.json").toString());
        Jmon.await("both online", 20_000, () -> "online".equals(j.status("default", "always"))
                && "online".equals(j.status("default", "unless")));
        j.ok("stop", "all");
        assertEquals("stopped", j.status("default", "always"));
        long d = j.daemonPid();
        ProcessHandle.of(d).ifPresent(ProcessHandle::destroyForcibly);
        j.awaitDaemonGone(d);
        j.ok("ping");
        Jmon.await("always online again", 20_000, () -> "online".equals(j.status("default", "always")));
        assertEquals("stopped", j.status("default", "unless"), "a stop is remembered across the daemon's restart");
    }
}
