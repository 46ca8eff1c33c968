package jmon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jmon.it.Jmon;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control API as docs/api.md documents it: every curl example of its "Examples" block is run, in order, with
 * real curl against a real daemon, and must get the status written after it; then the audit log must show each
 * token's name as the caller, and the refusals too.
 */
@Timeout(180)
class HttpControlDocsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEPLOY = "a-long-random-secret-1", OPS = "a-long-random-secret-2", GRAFANA = "a-long-random-secret-3";
    @TempDir Path tmp;

    /** The curl lines of the Examples section's sh block, each with the status after its '#'. */
    static List<String[]> examples() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("docs/api.md"));
        List<String[]> out = new ArrayList<>();
        boolean inSection = false, inBlock = false;
        for (String l : lines) {
            if (l.startsWith("## ")) inSection = l.equals("## Examples");
            if (!inSection) continue;
            if (l.startsWith("```")) {
                if (inBlock) break;
                inBlock = l.equals("```sh");
                continue;
            }
            if (inBlock && l.startsWith("curl ")) {
                int hash = l.lastIndexOf('#');
                out.add(new String[] {l.substring(0, hash).trim(), l.substring(hash + 1).trim()});
            }
        }
        return out;
    }

    @Test
    void everyDocumentedExampleGetsItsStatusAndIsAuditedWithItsToken() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "curl is not installed: the documented curl examples cannot be run");
        List<String[]> ex = examples();
        assertTrue(ex.size() >= 10, "the examples were found in docs/api.md: " + ex.size());
        try (Jmon j = new Jmon(tmp)) {
            int port = HttpDaemonTest.freePort();
            Files.createDirectories(j.home);
            Files.writeString(j.home.resolve("config.json"), "{\"http\": {\"bind\": \"127.0.0.1:" + port + "\", \"tokens\": ["
                    + "{\"name\": \"deploy\", \"token\": \"" + DEPLOY + "\", \"scope\": \"operate\"},"
                    + "{\"name\": \"ops\", \"token\": \"" + OPS + "\", \"scope\": \"admin\"},"
                    + "{\"name\": \"grafana\", \"token\": \"" + GRAFANA + "\", \"scope\": \"read\"}]}}");
            Path app = j.script("app.sh", "exec sleep 300");
            j.write("shop.json", "{\"namespace\": \"shop\", \"apps\": [{\"name\": \"api\", \"script\": \"" + app + "\"},"
                    + "{\"name\": \"worker\", \"script\": \"" + app + "\"}]}");
            j.ok("start", "shop.json");
            long apiPid = j.proc("shop", "api").get("pid").asLong();
            List<String> bodies = new ArrayList<>();
            for (String[] e : ex) {
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", e[0] + " -w '\\n%{http_code}'");
                pb.environment().put("JMON_URL", "http://127.0.0.1:" + port);
                pb.environment().put("DEPLOY", DEPLOY);
                pb.environment().put("OPS", OPS);
                pb.environment().put("GRAFANA", GRAFANA);
                pb.redirectErrorStream(true);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), e[0]);
                String status = out.substring(out.lastIndexOf('\n') + 1).trim();
                assertEquals(e[1], status, e[0] + "\n" + out);
                bodies.add(out.substring(0, Math.max(0, out.lastIndexOf('\n'))));
            }
            // the restart really happened, as the deploy token
            assertFalse(apiPid == j.proc("shop", "api").get("pid").asLong(), "api was restarted");
            JsonNode restarted = JSON.readTree(bodies.get(1)).get("data");
            assertEquals("api", restarted.at("/processes/0/name").asText());
            assertEquals("online", restarted.at("/processes/0/status").asText());
            // the freeze answered its token; the refused restart named the freeze
            assertTrue(JSON.readTree(bodies.get(7)).at("/data/token").asText().length() > 8, bodies.get(7));
            assertTrue(bodies.get(8).contains("frozen"), bodies.get(8));
            // the worker was deleted, then brought back by restore from the saved dump
            Jmon.await("worker restored", 15_000, () -> "online".equals(j.status("shop", "worker")));

            List<JsonNode> audit = new ArrayList<>();
            for (String l : Files.readAllLines(j.home.resolve("audit.jsonl"))) audit.add(JSON.readTree(l));
            assertTrue(audit.stream().anyMatch(a -> a.get("user").asText().equals("token:deploy") && a.get("verb").asText().equals("restart")
                    && a.get("outcome").asText().equals("ok")), audit.toString());
            assertTrue(audit.stream().anyMatch(a -> a.get("user").asText().equals("token:ops") && a.get("verb").asText().equals("save")),
                    audit.toString());
            // a read token is a read-only caller: refused by the pipeline, and the refusal audited with its name
            assertTrue(audit.stream().anyMatch(a -> a.get("user").asText().equals("token:grafana")
                    && a.get("outcome").asText().contains("read-only")), audit.toString());
            assertTrue(audit.stream().anyMatch(a -> a.get("user").asText().equals("token:deploy")
                    && a.get("outcome").asText().contains("frozen")), audit.toString());
            // nothing was done without a token
            assertFalse(audit.stream().anyMatch(a -> a.get("user").asText().isEmpty() || a.get("user").asText().equals("null")));
        }
    }

    @Test
    void theOpenApiFileDescribesEveryControlRouteAndEveryAction() throws Exception {
        String yaml = Files.readString(Path.of("docs/api.yaml"));
        assertTrue(yaml.startsWith("openapi: 3."), "an OpenAPI 3 document");
        assertTrue(yaml.contains("  /api/processes/{ns}/{name}/{action}:\n    post:"), "the app route");
        assertTrue(yaml.contains("  /api/namespaces/{ns}/{action}:\n    post:"), "the namespace route");
        assertTrue(yaml.contains("enum: [" + String.join(", ", HttpControl.APP_ACTIONS) + "]"), "every app action is listed");
        for (String a : HttpControl.NAMESPACE_ACTIONS) {
            boolean listed = HttpControl.APP_ACTIONS.contains(a) || yaml.contains("  /api/namespaces/{ns}/" + a + ":\n    post:");
            assertTrue(listed, a + " has its path in api.yaml");
        }
        String md = Files.readString(Path.of("docs/api.md"));
        for (String a : HttpControl.NAMESPACE_ACTIONS) assertTrue(md.contains("`" + a + "`"), a + " is described in api.md");
    }
}
