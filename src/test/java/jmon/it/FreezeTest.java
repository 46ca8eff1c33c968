package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jmon.api.Selector;
import jmon.api.Verb;
import jmon.daemon.Daemon;
import jmon.rpc.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A frozen namespace refuses every change except the freezing operator's (token) or an audited override. */
@Timeout(90)
class FreezeTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        j.ok("start", "sleep", "--name", "api", "-n", "prod", "--", "1000");
        j.ok("start", "sleep", "--name", "api", "-n", "test", "--", "1000");
    }

    @AfterEach
    void down() {
        j.run("unfreeze", "-n", "prod");
        j.close();
    }

    @Test
    void frozenNamespaceRefusesChangesWithWhoAndWhy() throws Exception {
        j.ok("freeze", "-n", "prod", "--reason", "INC-42 outage");
        var r = j.run("restart", "api", "-n", "prod");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("frozen by") && r.err().contains("INC-42 outage"), r.err());
        assertEquals(0, j.proc("prod", "api").get("pm2_env").get("restart_time").asInt());
        assertEquals(1, j.run("start", "sleep", "--name", "new", "-n", "prod", "--", "5").code(), "no new deployments");
        j.ok("restart", "api", "-n", "test"); // other namespaces unaffected
        assertTrue(j.ok("list").out().contains("FROZEN prod by"));

        String token = Files.readString(j.home.resolve("freezes/prod.token")).trim();
        try (RpcClient c = new RpcClient(j.home.resolve("jmon.sock"), Daemon.version()).withFreezeToken(token)) {
            c.act(Verb.RESTART, Selector.of("prod", "api"));
        }
        assertEquals(1, j.proc("prod", "api").get("pm2_env").get("restart_time").asInt(), "the token holder may restore");

        j.ok("restart", "api", "-n", "prod", "--force");
        assertEquals(2, j.proc("prod", "api").get("pm2_env").get("restart_time").asInt());
        assertTrue(Files.readString(j.home.resolve("audit.jsonl")).contains("freeze overridden"));

        j.ok("unfreeze", "-n", "prod");
        j.ok("restart", "api", "-n", "prod");
        assertFalse(j.ok("list").out().contains("FROZEN"));
    }

    @Test
    void aFreezeSurvivesADaemonRestart() {
        j.ok("freeze", "-n", "prod", "--reason", "hold");
        long d = j.daemonPid();
        ProcessHandle.of(d).orElseThrow().destroyForcibly();
        j.awaitDaemonGone(d);
        j.ok("ping");
        assertEquals(1, j.run("stop", "api", "-n", "prod").code());
        assertEquals(List.of("prod"), j.ok("freeze", "--list").out().lines().map(l -> l.split(" ")[0]).toList());
    }
}
