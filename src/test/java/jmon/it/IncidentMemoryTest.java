package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.engine.journal.Journal;
import jmon.engine.journal.JournalRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's incident memory on a real daemon and real processes: the caller context of a request run by a
 * deploy script (a real CLI process under {@code bash .gitea/workflows/deploy.sh} in a CI job), tombstones and the
 * expected inventory after a {@code delete all} without a save, durable across a {@code kill -9} of the daemon.
 */
@Timeout(120)
class IncidentMemoryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    Jmon j;
    Path eco;

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        j.script("sleeper.sh", "exec sleep 300");
        eco = j.write("shop-prod.json", "{\"namespace\":\"shop-prod\",\"apps\":["
                + "{\"name\":\"api\",\"script\":\"sleeper.sh\"},"
                + "{\"name\":\"worker\",\"script\":\"sleeper.sh\"},"
                + "{\"name\":\"web\",\"script\":\"sleeper.sh\"}]}");
    }

    @AfterEach
    void down() { j.close(); }

    /** Runs the real CLI as its own process from a deploy script: {@code bash .gitea/workflows/deploy.sh}. */
    private int deployScript(String jmonArgs, Map<String, String> extraEnv) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        j.write(".gitea/workflows/deploy.sh", "#!/bin/sh\n'" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' jmon.cli.Main " + jmonArgs + "\nexit $?\n");
        ProcessBuilder pb = new ProcessBuilder("bash", ".gitea/workflows/deploy.sh").directory(tmp.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("deploy.out").toFile());
        pb.environment().clear();
        pb.environment().putAll(j.env);
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "deploy script did not end");
        return p.exitValue();
    }

    private void startShop() {
        j.ok("start", eco.toString());
        Jmon.await("shop online", 15_000, () -> {
            JsonNode l = j.jlist("-n", "shop-prod");
            if (l.size() != 3) return false;
            for (JsonNode p : l) if (!p.at("/pm2_env/status").asText().equals("online")) return false;
            return true;
        });
    }

    private JsonNode expected() throws Exception { return JSON.readTree(j.ok("inventory", "-n", "shop-prod", "--json").out()); }

    @Test
    void deleteAllWithoutASaveLeavesTombstonesNamingTheDeployScriptAndTheCiRun() throws Exception {
        startShop();
        String user = System.getProperty("user.name");
        JsonNode before = expected();
        assertEquals(3, before.size(), before.toString());
        for (JsonNode a : before) {
            assertEquals("FILE", a.get("source").asText(), a.toString());
            assertEquals(eco.toAbsolutePath().toString(), a.get("sourcePath").asText());
            assertFalse(a.has("deleted"), a.toString());
        }

        long t0 = System.currentTimeMillis();
        int code = deployScript("delete all -n shop-prod", Map.of("GITEA_ACTIONS", "true", "GITHUB_RUN_ID", "812",
                "GITHUB_REPOSITORY", "shop/web", "SSH_CONNECTION", "10.9.8.7 51234 10.0.0.1 22"));
        assertEquals(0, code, Files.readString(tmp.resolve("deploy.out")));
        assertEquals(0, j.jlist("-n", "shop-prod").size());

        JsonNode after = expected();
        List<String> names = new ArrayList<>();
        for (JsonNode a : after) {
            names.add(a.get("name").asText());
            assertEquals("TOMBSTONE", a.get("source").asText(), a.toString());
            assertEquals(eco.toAbsolutePath().toString(), a.get("sourcePath").asText());
            JsonNode t = a.get("deleted");
            assertEquals(user, t.get("user").asText());
            assertEquals("bash .gitea/workflows/deploy.sh", t.get("via").asText(), t.toString());
            assertEquals("gitea shop/web run 812", t.get("ciRun").asText());
            assertTrue(t.get("atMillis").asLong() >= t0 && t.get("atMillis").asLong() <= System.currentTimeMillis());
            assertEquals("sleeper.sh", Path.of(a.at("/spec/script").asText()).getFileName().toString());
        }
        assertEquals(List.of("api", "web", "worker"), names.stream().sorted().toList());
        String table = j.ok("inventory", "-n", "shop-prod").out();
        assertTrue(table.contains("by " + user + " via `bash .gitea/workflows/deploy.sh` (CI run gitea shop/web run 812)"), table);

        // the audit log and the journal carry the same context, from the CLI process that ran under the script
        String auditLine = Files.readAllLines(j.home.resolve("audit.jsonl")).stream()
                .filter(l -> l.contains("\"verb\":\"delete\"")).reduce((a, b) -> b).orElseThrow();
        JsonNode audit = JSON.readTree(auditLine);
        assertEquals("jmon delete all -n shop-prod", audit.at("/context/command").asText(), auditLine);
        assertTrue(audit.at("/context/ancestors/0/command").asText().endsWith("bash .gitea/workflows/deploy.sh"), auditLine);
        assertEquals("10.9.8.7 port 51234", audit.at("/context/sshClient").asText());
        assertEquals(tmp.toString(), audit.at("/context/cwd").asText());
        JournalRecord.Requested req = null;
        for (JournalRecord r : Journal.read(j.home.resolve("journal"), 0)) {
            if (r instanceof JournalRecord.Requested q && q.verb().equals("delete")) req = q;
        }
        assertNotNull(req);
        assertEquals("bash .gitea/workflows/deploy.sh", req.context().via());
        assertEquals(user, req.user());

        // the history names the request with its context, and the stops with their result
        JsonNode hist = JSON.readTree(j.ok("history", "-n", "shop-prod", "--json").out());
        boolean sawRequest = false, sawStop = false;
        for (JsonNode e : hist) {
            if (e.get("kind").asText().equals("REQUEST") && e.get("verb").asText().equals("delete")) {
                sawRequest = e.at("/context/ciRun").asText().equals("gitea shop/web run 812");
            }
            if (e.get("kind").asText().equals("STATUS") && e.get("to").asText().equals("stopped")) {
                sawStop = e.get("result").asText().equals("REQUEST");
            }
        }
        assertTrue(sawRequest && sawStop, hist.toString());
        String text = j.ok("history", "-n", "shop-prod").out();
        assertTrue(text.contains(user + " delete all -n shop-prod via `bash .gitea/workflows/deploy.sh` (CI run gitea shop/web run 812) from 10.9.8.7 port 51234"), text);

        // durable: a daemon killed with -9 and started again still knows what should run
        long pid = j.daemonPid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        j.awaitDaemonGone(pid);
        j.ok("ping");
        JsonNode again = expected();
        assertEquals(after.toString(), again.toString());

        // started again: no longer deleted
        startShop();
        for (JsonNode a : expected()) {
            assertEquals("FILE", a.get("source").asText());
            assertFalse(a.has("deleted"), a.toString());
        }
    }

    @Test
    void aSavedDumpAndARegisteredFileAreExpectedToo() throws Exception {
        startShop();
        j.ok("save", "-n", "shop-prod");
        Path other = j.write("batch.json", "{\"namespace\":\"batch\",\"apps\":[{\"name\":\"nightly\",\"script\":\"sleeper.sh\"}]}");
        var add = j.ok("inventory", "add", "batch.json");
        assertTrue(add.out().contains("registered " + other.toAbsolutePath()), add.out());
        assertTrue(j.ok("inventory", "add", "batch.json").out().contains("registered already"));
        var missing = j.run("inventory", "add", "nope.json");
        assertEquals(2, missing.code(), missing.all());
        JsonNode all = JSON.readTree(j.ok("inventory", "--json").out());
        Map<String, String> sources = new java.util.TreeMap<>();
        for (JsonNode a : all) sources.put(a.get("namespace").asText() + "/" + a.get("name").asText(), a.get("source").asText());
        assertEquals(Map.of("batch/nightly", "REGISTERED", "shop-prod/api", "DUMP", "shop-prod/web", "DUMP",
                "shop-prod/worker", "DUMP"), sources);
        j.ok("delete", "api", "-n", "shop-prod");
        for (JsonNode a : expected()) {
            if (a.get("name").asText().equals("api")) {
                assertEquals("DUMP", a.get("source").asText()); // still in the dump, and known as deleted
                assertTrue(a.has("deleted"), a.toString());
            } else {
                assertFalse(a.has("deleted"), a.toString());
            }
        }
        assertTrue(j.ok("inventory", "files").out().contains(other.toAbsolutePath() + "  1 app(s)"));
        j.ok("inventory", "remove", other.toString());
        assertEquals(2, j.run("inventory", "remove", other.toString()).code());
        assertFalse(j.ok("inventory", "--json").out().contains("nightly"));
        assertFalse(Files.exists(j.home.resolve("inventory.json")), "the CLI wrote the daemon's home");
    }

    @Test
    void aRawClientsContextIsBoundedAtTheDaemonAndTheUserIsThePeers() throws Exception {
        j.ok("ping");
        StringBuilder ancestors = new StringBuilder();
        for (int i = 0; i < 100; i++) ancestors.append(i == 0 ? "" : ",").append("{\"pid\":").append(i + 2)
                .append(",\"command\":\"").append("y".repeat(5000)).append("\"}");
        String context = "{\"pid\":-3,\"command\":\"jmon freeze\\n{forged}\",\"ancestors\":[" + ancestors
                + "],\"cwd\":\"" + "c".repeat(20_000) + "\",\"ciRun\":\"x\"}";
        JsonNode a = RawRequestTest.send(j.home.resolve("jmon.sock"), List.of(
                "\"op\":\"freeze\",\"args\":{\"namespace\":\"raw\",\"reason\":\"r\"},\"context\":" + context)).get(0);
        assertFalse(a.has("error"), a.toString());
        String line = Files.readAllLines(j.home.resolve("audit.jsonl")).stream()
                .filter(l -> l.contains("\"verb\":\"freeze\"")).findFirst().orElseThrow();
        assertTrue(line.length() < 16 * 600 + 2000, "audit line of " + line.length() + " characters");
        JsonNode audit = JSON.readTree(line);
        assertEquals(System.getProperty("user.name"), audit.get("user").asText());
        assertEquals(jmon.api.CallerContext.MAX_ANCESTORS, audit.at("/context/ancestors").size());
        assertEquals(jmon.api.CallerContext.MAX_TEXT + 1, audit.at("/context/cwd").asText().length());
        assertEquals("jmon freeze?{forged}", audit.at("/context/command").asText());
        assertEquals(0, audit.at("/context/pid").asLong());
        JsonNode hist = JSON.readTree(j.ok("history", "-n", "raw", "--json").out());
        assertEquals(jmon.api.CallerContext.MAX_ANCESTORS, hist.get(0).at("/context/ancestors").size());
        j.ok("unfreeze", "-n", "raw");
    }
}
