package jmon.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jmon.it.Jmon;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** docs/protocol.md's Python session, run as written (but for the socket's path) against a real daemon. */
@Timeout(60)
class ProtocolDocTest {
    @TempDir Path tmp;

    @Test
    void theDocumentedSessionRestartsAnAppAndIsAuditedWithTheOsUser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed: the documented session cannot run");
        String md = Files.readString(Path.of("docs/protocol.md"));
        int from = md.indexOf("```python\n") + "```python\n".length();
        String script = md.substring(from, md.indexOf("```", from));
        try (Jmon j = new Jmon(tmp)) {
            Path app = j.script("app.sh", "exec sleep 300");
            j.ok("start", app.toString(), "--name", "api", "-n", "shop");
            long before = j.proc("shop", "api").get("pid").asLong();
            Path py = tmp.resolve("session.py");
            Files.writeString(py, script.replace("/home/deploy/.jmon/jmon.sock", j.home.resolve("jmon.sock").toString()));
            Process p = new ProcessBuilder("python3", py.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("'status': 'online'") && out.contains("'restarts': 1"), out);
            assertTrue(before != j.proc("shop", "api").get("pid").asLong(), "restarted");
            String audit = Files.readString(j.home.resolve("audit.jsonl"));
            assertTrue(audit.contains("\"user\":\"" + System.getProperty("user.name") + "\",\"verb\":\"restart\""), audit);
        }
    }
}
