package jmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local trust: another OS user never gets served, whatever the socket's mode says; log files are the owner's only.
 * The peer test creates a throw-away user (root only; skipped with a message elsewhere) and speaks the protocol
 * as that user through the system's python3.
 */
@Timeout(60)
class PeerAndModesTest {
    @TempDir Path tmp;

    static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    static String output(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(20, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void anotherUserIsRefusedEvenThroughAWideOpenSocket() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create a second user");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3 as the other user's client");
        String user = "jmonpeer" + ThreadLocalRandom.current().nextInt(10_000, 99_999);
        Assumptions.assumeTrue(run("useradd", "-M", "-r", "-s", "/bin/false", user) == 0, "useradd is not permitted here");
        try (Jmon j = new Jmon(tmp)) {
            j.write("a.json", """
                    {"namespace":"alpha","apps":[{"name":"one","script":"sleep","args":["1000"],"kill_timeout":300}]}""");
            j.ok("start", "a.json");
            // the hostile case: every directory on the way and the socket opened to everyone
            for (Path p = j.home; p != null && !p.equals(Path.of("/")); p = p.getParent()) {
                if (p.startsWith(tmp) || p.equals(tmp)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
            }
            Files.setPosixFilePermissions(j.home.resolve("jmon.sock"), PosixFilePermissions.fromString("rwxrwxrwx"));
            String client = "import socket,sys\n"
                    + "s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f=s.makefile('rwb')\n"
                    + "f.write(b'{\"hello\":\"jmon\",\"protocol\":1,\"version\":\"x\"}\\n'); f.flush()\n"
                    + "print(f.readline().decode().strip())\n"
                    + "f.write(b'{\"id\":1,\"op\":\"act\",\"args\":{\"verb\":\"STOP\",\"selector\":{\"namespace\":\"alpha\",\"targets\":[\"all\"]}}}\\n'); f.flush()\n"
                    + "print(f.readline().decode().strip())\n";
            Path py = tmp.resolve("client.py");
            Files.writeString(py, client);
            Files.setPosixFilePermissions(py, PosixFilePermissions.fromString("rw-r--r--"));
            String out = output("runuser", "-u", user, "--", "/usr/bin/python3", py.toString(), j.home.resolve("jmon.sock").toString());
            assertTrue(out.contains("REFUSED") && out.contains("the kernel says you are " + user), out);
            assertEquals("online", j.status("alpha", "one"), "the other user's stop was not obeyed");
            assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("refused a connection from user " + user));
        } finally {
            run("userdel", user);
        }
    }

    @Test
    void logFilesArePrivateToTheOwner() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.write("a.json", """
                    {"namespace":"alpha","apps":[{"name":"talk","script":"sh","args":["-c","echo hello; exec sleep 1000"],"kill_timeout":300}]}""");
            j.ok("start", "a.json");
            Path out = j.home.resolve("logs/alpha/talk-out.log");
            Jmon.await("the log file", 10_000, () -> Files.exists(out));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(j.home.resolve("logs/alpha/talk-error.log"))));
        }
    }
}
