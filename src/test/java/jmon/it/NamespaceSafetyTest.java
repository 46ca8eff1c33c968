package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Namespaces are real scopes: every verb honours them, bulk actions never cross them silently. */
@Timeout(90)
class NamespaceSafetyTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        j.write("prod.json", """
                {"namespace":"prod","apps":[
                  {"name":"api","script":"sleep","args":["1000"],"kill_timeout":500},
                  {"name":"guard","script":"sleep","args":["1000"],"protected":true,"kill_timeout":500}]}""");
        j.write("test.json", """
                {"namespace":"test","apps":[
                  {"name":"api","script":"sleep","args":["1000"],"kill_timeout":500},
                  {"name":"worker","script":"sleep","args":["1000"],"kill_timeout":500}]}""");
        j.ok("start", "prod.json");
        j.ok("start", "test.json");
    }

    @AfterEach
    void down() { j.close(); }

    @Test
    void stopAllInOneNamespaceLeavesTheOtherUntouched() {
        long prodApiPid = j.proc("prod", "api").get("pid").asLong();
        var r = j.run("stop", "all", "-n", "test");
        assertEquals(0, r.code(), r.all());
        assertEquals("stopped", j.status("test", "api"));
        assertEquals("stopped", j.status("test", "worker"));
        assertEquals("online", j.status("prod", "api"));
        assertEquals(prodApiPid, j.proc("prod", "api").get("pid").asLong());
    }

    @Test
    void bulkActionAcrossNamespacesIsRefusedAndListsWhatItWouldTouch() {
        var r = j.run("stop", "all");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("refused"), r.err());
        assertTrue(r.err().contains("prod: api") && r.err().contains("test: api, worker"), r.err());
        assertTrue(r.err().contains("--all-namespaces"), r.err());
        for (JsonNode p : j.jlist()) assertEquals("online", p.get("pm2_env").get("status").asText());
    }

    @Test
    void allNamespacesConsentWorksAndProtectedAppsAreSkippedUnlessIncluded() {
        var r = j.run("stop", "all", "--all-namespaces");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("skipped protected: prod/guard"), r.out());
        assertEquals("online", j.status("prod", "guard"));
        assertEquals("stopped", j.status("prod", "api"));
        assertEquals("stopped", j.status("test", "worker"));
        j.ok("stop", "all", "-n", "prod", "--include-protected");
        assertEquals("stopped", j.status("prod", "guard"));
    }

    @Test
    void ambiguousNameIsAnErrorListingTheCandidates() {
        var r = j.run("restart", "api");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("prod/api") && r.err().contains("test/api"), r.err());
        j.ok("restart", "api", "-n", "test");
        assertEquals(1, j.proc("test", "api").get("pm2_env").get("restart_time").asInt());
        assertEquals(0, j.proc("prod", "api").get("pm2_env").get("restart_time").asInt());
    }

    @Test
    void unknownNameListsWhatExistsAndChangesNothing() {
        var r = j.run("stop", "nope", "-n", "test");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no process named 'nope'") && r.err().contains("api, worker"), r.err());
        assertEquals("online", j.status("test", "api"));
    }

    @Test
    void namespaceEnvironmentVariableScopesToo() {
        j.env.put("JMON_NAMESPACE", "test");
        j.ok("stop", "all");
        j.env.remove("JMON_NAMESPACE");
        assertEquals("stopped", j.status("test", "api"));
        assertEquals("online", j.status("prod", "api"));
    }

    @Test
    void globTargetsAndListScopedByNamespace() {
        j.ok("stop", "w*", "-n", "test");
        assertEquals("stopped", j.status("test", "worker"));
        var list = j.ok("list", "-n", "prod").out();
        assertTrue(list.contains("guard") && !list.contains("worker"), list);
        assertEquals(2, j.jlist("-n", "prod").size());
    }

    @Test
    void auditLogRecordsEveryMutatingRequestWithTheUser() throws Exception {
        j.ok("stop", "worker", "-n", "test");
        j.run("stop", "all");
        List<String> lines = Files.readAllLines(j.home.resolve("audit.jsonl"));
        String user = System.getProperty("user.name");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"verb\":\"stop\"") && l.contains("\"namespace\":\"test\"")
                && l.contains("\"user\":\"" + user + "\"") && l.contains("test/worker") && l.contains("\"outcome\":\"ok\"")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("refused")), String.join("\n", lines));
    }
}
