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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Node app, in the same git checkout, under PM2 7 and under jmon: every jlist field a script reads has
 * PM2's JSON type, and version/versioning have PM2's values. PM2 comes from npm into target/pm2 (git-ignored);
 * without node or npm the test is skipped and says why.
 */
@Timeout(300)
class Pm2JlistConformanceTest {
    private static final Path PM2_PREFIX = Path.of("target/pm2").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;
    Jmon j;
    Path pm2Home;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() throws Exception {
        if (pm2Home != null) run(List.of(pm2().toString(), "kill"), tmp, 30);
        j.close();
    }

    private static Path pm2() { return PM2_PREFIX.resolve("node_modules/.bin/pm2"); }

    /** Exit code and output of a bounded command, or null when it could not run. */
    private String[] run(List<String> cmd, Path dir, int timeoutSec) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        if (pm2Home != null) {
            pb.environment().put("PM2_HOME", pm2Home.toString());
            pb.environment().put("PM2_ENABLE_GIT_PARSING", "true"); // PM2 7 reads git only when asked
        }
        Path out = Files.createTempFile(tmp, "out", ".txt");
        pb.redirectOutput(out.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            return null;
        }
        if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new String[] {"timeout", Files.readString(out)};
        }
        return new String[] {Integer.toString(p.exitValue()), Files.readString(out)};
    }

    private void ensurePm2() throws Exception {
        if (Files.isExecutable(pm2())) return;
        String[] npm = run(List.of("npm", "install", "--prefix", PM2_PREFIX.toString(), "--no-audit", "--no-fund",
                "--loglevel=error", "pm2@7"), tmp, 240);
        Assumptions.assumeTrue(npm != null && Files.isExecutable(pm2()),
                "PM2 7 not available (npm install pm2@7 into target/pm2 failed or npm is missing): "
                        + (npm == null ? "npm not found" : npm[1].lines().limit(3).toList()));
    }

    private void git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.email=t@example.invalid", "-c", "user.name=t",
                "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        String[] r = run(cmd, dir, 30);
        assertTrue(r != null && r[0].equals("0"), () -> "git " + String.join(" ", args) + ": " + (r == null ? "" : r[1]));
    }

    private static String type(JsonNode n) {
        if (n == null || n.isMissingNode()) return "absent";
        if (n.isNull()) return "null";
        if (n.isTextual()) return "string";
        if (n.isNumber()) return "number";
        if (n.isBoolean()) return "boolean";
        if (n.isArray()) return "array";
        return "object";
    }

    @Test
    void jlistFieldsHavePm2sTypesAndVersionValues() throws Exception {
        Assumptions.assumeTrue(run(List.of("node", "--version"), tmp, 10) != null, "node is not installed");
        ensurePm2();
        Path app = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(app.resolve("package.json"), "{\"name\":\"demo\",\"version\":\"3.1.4\"}");
        Files.writeString(app.resolve("server.js"), "setInterval(() => {}, 1000);\n");
        git(app, "init", "-q");
        git(app, "remote", "add", "origin", "https://example.invalid/demo.git");
        git(app, "add", "-A");
        git(app, "commit", "-q", "-m", "release 3.1.4");
        Files.writeString(app.resolve("ecosystem.config.json"), """
                {"apps":[{"name":"demo","script":"server.js","kill_timeout":500}]}""");

        pm2Home = Files.createDirectories(tmp.resolve("pm2home"));
        String[] started = run(List.of(pm2().toString(), "start", "ecosystem.config.json"), app, 90);
        assertEquals("0", started[0], started[1]);
        JsonNode pm2 = null;
        long deadline = System.nanoTime() + 30_000_000_000L; // versioning is filled in after the start
        while (System.nanoTime() < deadline) {
            String[] jl = run(List.of(pm2().toString(), "jlist"), app, 30);
            JsonNode arr = JSON.readTree(jl[1].substring(jl[1].indexOf('[')));
            pm2 = arr.get(0);
            if (pm2 != null && pm2.get("pm2_env").hasNonNull("versioning")) break;
            Thread.sleep(300);
        }
        assertNotNull(pm2);

        j.ok("start", app.resolve("ecosystem.config.json").toString());
        JsonNode jmon = j.proc("default", "demo");

        for (String top : List.of("pid", "name", "pm_id")) assertEquals(type(pm2.get(top)), type(jmon.get(top)), top);
        assertEquals(type(pm2.at("/monit/memory")), type(jmon.at("/monit/memory")));
        assertEquals(type(pm2.at("/monit/cpu")), type(jmon.at("/monit/cpu")));
        JsonNode pe = pm2.get("pm2_env"), je = jmon.get("pm2_env");
        List<String> fields = List.of("name", "namespace", "pm_id", "status", "instances", "exec_mode",
                "exec_interpreter", "node_args", "autostart", "autorestart", "kill_timeout", "instance_var",
                "NODE_APP_INSTANCE", "pm_exec_path", "pm_cwd", "pm_out_log_path", "pm_err_log_path", "pm_uptime",
                "created_at", "restart_time", "unstable_restarts", "version", "versioning", "watch", "username",
                "unique_id", "axm_actions", "axm_monitor", "axm_options", "axm_dynamic");
        List<String> differ = new ArrayList<>();
        for (String f : fields) {
            if (!type(pe.get(f)).equals(type(je.get(f)))) differ.add(f + ": pm2 " + type(pe.get(f)) + ", jmon " + type(je.get(f)));
        }
        assertEquals(List.of(), differ, "jlist types that differ from PM2's");

        // the values a deploy script reads
        for (String f : List.of("name", "namespace", "status", "version", "pm_cwd", "pm_exec_path")) {
            assertEquals(pe.get(f).asText(), je.get(f).asText(), f);
        }
        assertEquals(pe.get("watch"), je.get("watch"));
        JsonNode pv = pe.get("versioning"), jv = je.get("versioning");
        for (Map.Entry<String, JsonNode> f : iterable(pv)) {
            String k = f.getKey();
            if (List.of("ahead", "next_rev", "prev_rev").contains(k)) continue; // left out on purpose (docs)
            assertTrue(jv.has(k), "versioning." + k + " missing");
            assertEquals(type(f.getValue()), type(jv.get(k)), "versioning." + k);
            if (!k.equals("update_time")) assertEquals(f.getValue(), jv.get(k), "versioning." + k);
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        n.fields().forEachRemaining(out::add);
        return out;
    }
}
