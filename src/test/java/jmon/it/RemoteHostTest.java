package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jmon --host over a fake ssh on PATH that runs 'jmon rpc --stdio' locally. */
@Timeout(90)
class RemoteHostTest {
    @TempDir Path tmp;
    Jmon j;
    Path log;

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        Path bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        log = tmp.resolve("ssh.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        // drops ssh's options and the host, then runs "jmon <args>" as the real CLI
        Path ssh = bin.resolve("ssh");
        Files.writeString(ssh, "#!/bin/sh\n"
                + "echo \"$@\" >> '" + log + "'\n"
                + "while [ $# -gt 0 ]; do case $1 in -o) shift 2 ;; -*) shift ;; *) break ;; esac; done\n"
                + "[ \"$1\" = unreachable ] && { echo 'ssh: connect to host unreachable port 22: Connection refused' >&2; exit 255; }\n"
                + "shift; shift\n"
                + "exec '" + java + "' -cp '" + System.getProperty("java.class.path") + "' jmon.cli.Main \"$@\"\n");
        ssh.toFile().setExecutable(true);
        j.env.put("PATH", bin + ":" + System.getenv("PATH"));
    }

    @AfterEach
    void down() { j.close(); }

    @Test
    void listAndAMutatingVerbGoThroughSsh() throws Exception {
        j.ok("start", "sleep", "--name", "api", "-n", "prod", "--", "300");
        j.jlist();
        var r = j.ok("--host", "deploy@web1", "list");
        assertTrue(r.out().contains("api") && r.out().contains("online"), r.all());
        assertTrue(Files.readString(log).contains("-o BatchMode=yes deploy@web1 jmon rpc --stdio --no-start"),
                Files.readString(log));
        j.ok("--host=deploy@web1", "stop", "api", "-n", "prod");
        assertEquals("stopped", j.status("prod", "api"));
        j.env.put("JMON_HOST", "deploy@web1");
        var jl = j.ok("jlist", "-n", "prod");
        assertTrue(jl.out().contains("\"status\":\"stopped\""), jl.out());
        j.env.remove("JMON_HOST");
        assertTrue(Files.readString(log).lines().anyMatch(l -> l.endsWith("rpc --stdio")),
                "mutating verbs may start the remote daemon");
    }

    @Test
    void readOnlyVerbsDoNotStartTheRemoteDaemonAndSshErrorsAreShown() {
        var r = j.run("--host", "web1", "list");
        assertEquals(3, r.code(), r.all());
        assertFalse(Files.exists(j.home.resolve("jmon.sock")), "a read-only verb started the daemon");
        var u = j.run("--host", "unreachable", "ping");
        assertEquals(3, u.code(), u.all());
        assertTrue(u.err().contains("Connection refused"), u.err());
        var p = j.ok("--host", "web1", "ping");
        assertTrue(p.out().startsWith("pong"), p.out());
    }
}
