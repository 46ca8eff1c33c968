package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jmon.cli.commands.Commands;
import jmon.tui.ConsoleMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --host} against a daemon with another JMON_HOME (a fake ssh on PATH runs {@code jmon rpc --stdio} with
 * the remote home): inventory, history and a {@code :} command of the console act there, the caller context is the
 * originating CLI's, and the local home is never touched.
 */
@Timeout(120)
class RemoteHomeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    Jmon j;
    Path remoteHome;

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        remoteHome = tmp.resolve("remote-home");
        Path bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        String java = ProcessHandle.current().info().command().orElse("java");
        Path ssh = bin.resolve("ssh");
        Files.writeString(ssh, "#!/bin/sh\n"
                + "while [ $# -gt 0 ]; do case $1 in -o) shift 2 ;; -*) shift ;; *) break ;; esac; done\n"
                + "shift; shift\n"
                + "JMON_HOME='" + remoteHome + "'; export JMON_HOME\n"
                + "exec '" + java + "' -cp '" + System.getProperty("java.class.path") + "' jmon.cli.Main \"$@\"\n");
        ssh.toFile().setExecutable(true);
        j.env.put("PATH", bin + ":" + System.getenv("PATH"));
    }

    @AfterEach
    void down() {
        try {
            j.run("--host", "web1", "kill");
        } finally {
            j.close();
        }
    }

    @Test
    void inventoryHistoryAndAConsoleCommandActOnTheRemoteHome() throws Exception {
        j.script("sleeper.sh", "exec sleep 300");
        Path eco = j.write("shop.json", "{\"namespace\":\"shop-prod\",\"apps\":[{\"name\":\"api\",\"script\":\""
                + tmp.resolve("sleeper.sh") + "\"}]}");
        Path batch = j.write("batch.json", "{\"namespace\":\"batch\",\"apps\":[{\"name\":\"nightly\",\"script\":\"sleeper.sh\"}]}");
        j.ok("--host", "web1", "start", eco.toString());
        Jmon.await("remote api online", 15_000, () -> j.ok("--host", "web1", "jlist").out().contains("\"status\":\"online\""));
        long remotePid = Long.parseLong(Files.readString(remoteHome.resolve("jmon.pid")).trim());
        j.remember(remotePid);

        var rel = j.run("--host", "web1", "inventory", "add", "batch.json");
        assertEquals(2, rel.code(), "a relative path means nothing on another host: " + rel.all());
        j.ok("--host", "web1", "inventory", "add", batch.toString());
        assertTrue(Files.readString(remoteHome.resolve("expected.json")).contains(batch.toString()));
        assertTrue(j.ok("--host", "web1", "inventory", "files").out().contains(batch + "  1 app(s)"));

        j.ok("--host", "web1", "delete", "all", "-n", "shop-prod");
        JsonNode inv = JSON.readTree(j.ok("--host", "web1", "inventory", "--json").out());
        assertEquals(2, inv.size(), inv.toString());
        JsonNode api = inv.get(1);
        assertEquals("shop-prod/api", api.get("namespace").asText() + "/" + api.get("name").asText());
        assertEquals("TOMBSTONE", api.get("source").asText());
        assertEquals("REGISTERED", inv.get(0).get("source").asText());

        JsonNode hist = JSON.readTree(j.ok("--host", "web1", "history", "-n", "shop-prod", "--json").out());
        JsonNode del = null;
        for (JsonNode e : hist) if (e.get("kind").asText().equals("REQUEST") && e.get("verb").asText().equals("delete")) del = e;
        assertNotNull(del, hist.toString());
        // the context is the originating CLI's (this JVM), not that of the bridge ssh ran on the far side
        assertEquals("jmon --host web1 delete all -n shop-prod", del.at("/context/command").asText());
        assertEquals(ProcessHandle.current().pid(), del.at("/context/pid").asLong());

        // a ':' command of the console, with the console's environment (--host): saves on the remote daemon
        Map<String, String> env = new java.util.HashMap<>(j.env);
        env.put("JMON_HOST", "web1");
        jmon.cli.Context ctx = new jmon.cli.Context(env, System.out, System.err, tmp, false);
        ConsoleMain.Parts parts = ConsoleMain.build(new ConsoleMain.Options(null, false, null, null), env, ctx::newClient,
                ConsoleMain.cliRunner(env, tmp), ConsoleMain.verbs(Commands.all()), "test");
        j.ok("--host", "web1", "start", eco.toString());
        parts.controller().runCommandLine("save -n shop-prod");
        Jmon.await("remote dump written", 30_000, () -> Files.exists(remoteHome.resolve("dump-shop-prod.json")));
        assertEquals(1, ctx.newClient().list("shop-prod").size());

        // nothing of it reached the local home
        assertFalse(Files.exists(j.home.resolve("jmon.sock")), "a local daemon was started");
        assertFalse(Files.exists(j.home.resolve("expected.json")));
        assertFalse(Files.exists(j.home.resolve("dump-shop-prod.json")));
        assertFalse(Files.exists(j.home.resolve("inventory.json")));
    }

    @Test
    void incidentAndRestoreOverHostAssessAndRestoreTheRemoteDaemonOnly() throws Exception {
        j.script("sleeper.sh", "exec sleep 300");
        Path eco = j.write("shop.json", "{\"namespace\":\"shop-prod\",\"apps\":[{\"name\":\"api\",\"script\":\""
                + tmp.resolve("sleeper.sh") + "\"},{\"name\":\"worker\",\"script\":\"" + tmp.resolve("sleeper.sh") + "\"}]}");
        j.ok("--host", "web1", "start", eco.toString());
        Jmon.await("remote apps online", 15_000, () -> j.ok("--host", "web1", "jlist").out().split("\"online\"").length == 3);
        j.remember(Long.parseLong(Files.readString(remoteHome.resolve("jmon.pid")).trim()));
        j.ok("--host", "web1", "delete", "all", "-n", "shop-prod"); // no save: only the remote daemon remembers them

        Jmon.Result status = j.run("--host", "web1", "incident", "status", "-n", "shop-prod");
        assertTrue(status.out().contains("shop-prod/api") && status.out().contains("shop-prod/worker"), status.all());
        Jmon.Result r = j.run("--host", "web1", "restore", "--yes", "--json", "-n", "shop-prod");
        assertEquals(0, r.code(), r.all());
        Jmon.await("both back on the remote daemon", 20_000, () -> j.ok("--host", "web1", "jlist", "-n", "shop-prod").out()
                .split("\"online\"").length == 3);
        assertTrue(Files.exists(remoteHome.resolve("dump-shop-prod.json")), "the remote namespace was saved");
        assertTrue(Files.exists(remoteHome.resolve("incidents")), "the report is in the remote daemon's home");
        // nothing of it happened here
        assertFalse(Files.exists(j.home.resolve("jmon.sock")), "a local daemon was started");
        assertFalse(Files.exists(j.home.resolve("dump-shop-prod.json")));
        assertFalse(Files.exists(j.home.resolve("incidents")));
    }
}
