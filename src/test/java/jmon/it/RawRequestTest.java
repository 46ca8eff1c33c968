package jmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's side of the request boundary, spoken to directly on its socket as a hostile client would: nulls,
 * wrong types, huge numbers, path-like names. Each is refused with BAD_REQUEST naming the field, nothing is
 * started or written, and the daemon serves normal requests after every one of them.
 */
@Timeout(120)
class RawRequestTest {
    @TempDir Path tmp;
    static final ObjectMapper JSON = new ObjectMapper();

    static String app(String overrides) {
        return "{\"namespace\":\"raw\",\"name\":\"ok\",\"script\":\"sleep\",\"args\":[\"1000\"],\"cwd\":\"/tmp\",\"instances\":1,\"autostart\":true"
                + overrides + "}";
    }

    /** One connection: hello, then each request line; the answers in order. */
    static List<JsonNode> send(Path sock, List<String> requests) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            OutputStream out = Channels.newOutputStream(ch);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            out.write(("{\"hello\":\"jmon\",\"protocol\":1,\"version\":\"test\"}\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            in.readLine();
            List<JsonNode> answers = new java.util.ArrayList<>();
            long id = 1;
            for (String r : requests) {
                out.write(("{\"id\":" + id++ + "," + r + "}\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String line = in.readLine();
                answers.add(line == null ? null : JSON.readTree(line));
            }
            return answers;
        }
    }

    @Test
    void hostileRequestsAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.ok("ping");
            Path sock = j.home.resolve("jmon.sock");
            List<String[]> cases = List.of(
                    new String[] {"\"op\":\"start\",\"args\":{\"apps\":[{\"name\":null}]}", "apps[0]"},
                    new String[] {"\"op\":\"start\",\"args\":{\"apps\":null}", "apps"},
                    new String[] {"\"op\":\"start\",\"args\":{\"apps\":[" + app(",\"name\":\"../../x\"") + "]}", "name"},
                    new String[] {"\"op\":\"start\",\"args\":{\"apps\":[" + app(",\"namespace\":\"..\"") + "]}", "namespace"},
                    new String[] {"\"op\":\"start\",\"args\":{\"apps\":[" + app(",\"instances\":100000000") + "]}", "instances"},
                    new String[] {"\"op\":\"start\",\"args\":{\"apps\":[" + app(",\"name\":\"" + "n".repeat(300) + "\"") + "]}", "name"},
                    new String[] {"\"op\":\"act\",\"args\":{\"verb\":\"STOP\",\"selector\":null}", "selector"},
                    new String[] {"\"op\":\"act\",\"args\":{\"verb\":\"STOP\",\"selector\":{\"namespace\":\"../etc\",\"targets\":[\"all\"]}}", "namespace"},
                    new String[] {"\"op\":\"save\",\"args\":{\"namespace\":\"../../../../tmp/x\"}", "namespace"},
                    new String[] {"\"op\":\"freeze\",\"args\":{\"namespace\":\"../x\",\"reason\":\"r\"}", "namespace"},
                    new String[] {"\"op\":\"list\",\"args\":{\"namespace\":\"a/b\"}", "namespace"},
                    new String[] {"\"op\":\"describe\",\"args\":{\"pmId\":-5}", "pmId"});
            for (String[] c : cases) {
                JsonNode a = send(sock, List.of(c[0])).get(0);
                assertTrue(a != null && a.has("error"), c[0] + " -> " + a);
                assertEquals("BAD_REQUEST", a.get("error").get("code").asText(), c[0] + " -> " + a);
                assertTrue(a.get("error").get("message").asText().contains(c[1]), c[0] + " -> " + a);
            }
            assertEquals(0, j.jlist().size(), "nothing was started");
            assertFalse(Files.exists(tmp.resolve("x")) || Files.exists(Path.of("/tmp/x/.lock")), "nothing written outside");
            assertFalse(Files.exists(j.home.resolve("freezes.json")) && Files.readString(j.home.resolve("freezes.json")).contains(".."));
            // the daemon is fine: a good start works on the same socket
            JsonNode ok = send(sock, List.of("\"op\":\"start\",\"args\":{\"apps\":[" + app("") + "]}")).get(0);
            assertTrue(ok.has("result"), ok.toString());
            assertEquals("online", j.status("raw", "ok"));
        }
    }

    /** A value of the wrong type is refused naming the field by its path, and nothing changes. */
    @Test
    void wrongTypedFieldsAreNamedByTheirPath() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.ok("ping");
            Path sock = j.home.resolve("jmon.sock");
            String start = "\"op\":\"start\",\"args\":{\"apps\":[";
            List<String[]> cases = List.of(
                    new String[] {start + app(",\"instances\":\"2\"") + "]}", "args: apps[0].instances: expected a number, got a string"},
                    new String[] {start + app(",\"instances\":1.5") + "]}", "args: apps[0].instances: expected a whole number, got 1.5"},
                    new String[] {start + app(",\"instances\":1e308") + "]}", "args: apps[0].instances: expected a whole number from"},
                    new String[] {start + app(",\"name\":7") + "]}", "args: apps[0].name: expected a string, got a number"},
                    new String[] {start + app(",\"args\":{\"a\":1}") + "]}", "args: apps[0].args: expected a list, got an object"},
                    new String[] {start + app(",\"args\":[\"a\",2]") + "]}", "args: apps[0].args[1]: expected a string, got a number"},
                    new String[] {start + app(",\"env\":[\"A=1\"]") + "]}", "args: apps[0].env: expected an object, got a list"},
                    new String[] {start + app(",\"env\":{\"PORT\":8080}") + "]}", "args: apps[0].env.PORT: expected a string, got a number"},
                    new String[] {start + app(",\"autostart\":\"yes\"") + "]}", "args: apps[0].autostart: expected true or false, got a string"},
                    new String[] {start + app(",\"restart\":{\"maxRestarts\":\"many\"}") + "]}", "args: apps[0].restart.maxRestarts: expected a number, got a string"},
                    new String[] {start + "\"x\"]}", "args: apps[0]: expected an object, got a string"},
                    new String[] {"\"op\":\"start\",\"args\":{\"apps\":{\"name\":\"x\"}}", "args: apps: expected a list, got an object"},
                    new String[] {"\"op\":\"act\",\"args\":{\"verb\":\"EXPLODE\",\"selector\":{\"targets\":[\"all\"]}}", "args: verb: expected one of STOP, RESTART"},
                    new String[] {"\"op\":\"act\",\"args\":{\"verb\":1,\"selector\":{\"targets\":[\"all\"]}}", "args: verb: expected a string, got a number"},
                    new String[] {"\"op\":\"list\",\"args\":{\"namespace\":1e308}", "args: namespace: expected a string, got a number"},
                    new String[] {"\"op\":\"describe\",\"args\":{\"pmId\":99999999999}", "args: pmId: expected a whole number from"},
                    new String[] {"\"op\":\"save\",\"args\":{\"namespace\":\"raw\",\"force\":\"true\"}", "args: force: expected true or false, got a string"});
            for (String[] c : cases) {
                JsonNode a = send(sock, List.of(c[0])).get(0);
                assertTrue(a != null && a.has("error"), c[0] + " -> " + a);
                assertEquals("BAD_REQUEST", a.get("error").get("code").asText(), c[0] + " -> " + a);
                assertTrue(a.get("error").get("message").asText().startsWith(c[1]), c[0] + " -> " + a);
            }
            assertEquals(0, j.jlist().size(), "nothing was started");
            assertFalse(Files.exists(j.home.resolve("dump-raw.json")), "nothing saved");
            JsonNode ok = send(sock, List.of(start + app("") + "]}")).get(0);
            assertTrue(ok.has("result"), ok.toString());
        }
    }

    /** Random mutations of a good request for a bounded time: an answer every time, never a start, daemon alive. */
    @Test
    void fuzzedRequestsGetAnAnswerAndStartNothing() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.ok("ping");
            Path sock = j.home.resolve("jmon.sock");
            long seed = Long.getLong("jmon.fuzz.seed", 20261202L); // fixed in CI; other seeds with -Djmon.fuzz.seed
            System.out.println("RawRequestTest fuzz seed " + seed);
            Random r = new Random(seed);
            String good = "\"op\":\"start\",\"args\":{\"apps\":[" + app(",\"name\":\"fz\"") + "]}";
            String[] junk = {"null", "-1", "1e308", "\"\"", "[]", "{}", "\"../..\"", "true", "99999999999999999999", "\"\\u0000\""};
            long end = System.nanoTime() + 4_000_000_000L;
            int sent = 0;
            while (System.nanoTime() < end) {
                List<String> batch = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String m = good;
                    // replace one value (after a ':') with junk
                    int at = 0;
                    int n = r.nextInt(12);
                    for (int k = 0; k <= n; k++) at = m.indexOf(':', at + 1);
                    if (at > 0) {
                        int stop = at + 1;
                        while (stop < m.length() && ",}]".indexOf(m.charAt(stop)) < 0) stop++;
                        m = m.substring(0, at + 1) + junk[r.nextInt(junk.length)] + m.substring(stop);
                    }
                    batch.add(m.replace("\"fz\"", "\"fz" + sent++ + "\""));
                }
                // one connection each: the daemon closes a connection after a line it cannot read
                for (String req : batch) {
                    JsonNode a = send(sock, List.of(req)).get(0);
                    assertTrue(a != null && (a.has("error") || a.has("result")), req + " -> " + a);
                    if (a.has("error")) {
                        assertFalse(a.get("error").get("message").asText().contains("Exception"), req + " -> " + a);
                    }
                }
            }
            for (JsonNode p : j.jlist()) {
                // a mutation may still be a valid request (a junk value where any value is fine): it passed the rules
                jmon.spec.RequestRules.checkNamespace("namespace", p.get("pm2_env").get("namespace").asText());
                jmon.spec.RequestRules.checkAppName("name", p.get("name").asText());
                assertTrue(p.get("pm2_env").get("instances").asInt() <= jmon.spec.Limits.MAX_INSTANCES, p.toString());
            }
            assertTrue(sent > 100, "fuzzed " + sent);
            j.ok("ping");
        }
    }
}
