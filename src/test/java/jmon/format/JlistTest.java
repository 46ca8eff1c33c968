package jmon.format;

import static jmon.format.Fixtures.NOW;
import static jmon.format.Fixtures.online;
import static jmon.format.Fixtures.proc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmon.api.Desired;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import org.junit.jupiter.api.Test;

class JlistTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode parse(List<ProcessInfo> ps, boolean withEnv) throws Exception {
        JsonNode n = M.readTree(Jlist.toJson(ps, withEnv, NOW));
        assertTrue(n.isArray());
        return n;
    }

    private static List<String> keys(JsonNode n) {
        List<String> ks = new ArrayList<>();
        n.fieldNames().forEachRemaining(ks::add);
        return ks;
    }

    @Test
    void elementHasPm2KeysInPm2Order() throws Exception {
        JsonNode a = parse(List.of(online(0, "prod", "api")), false);
        assertEquals(1, a.size());
        assertEquals(List.of("pid", "name", "pm2_env", "pm_id", "monit"), keys(a.get(0)));
        assertEquals(List.of("memory", "cpu"), keys(a.get(0).get("monit")));
    }

    @Test
    void onlineProcessValues() throws Exception {
        JsonNode e = parse(List.of(online(7, "prod", "api")), false).get(0);
        assertEquals(1007, e.get("pid").asLong());
        assertEquals("api", e.get("name").asText());
        assertEquals(7, e.get("pm_id").asInt());
        assertEquals(12_900_000L, e.get("monit").get("memory").asLong());
        assertEquals(12.3, e.get("monit").get("cpu").asDouble(), 1e-9);

        JsonNode env = e.get("pm2_env");
        assertEquals("api", env.get("name").asText());
        assertEquals("prod", env.get("namespace").asText());
        assertEquals(7, env.get("pm_id").asInt());
        assertEquals("online", env.get("status").asText());
        assertEquals(NOW - 3_600_000L * 3 - 5_000, env.get("pm_uptime").asLong());
        assertEquals(NOW - 86_400_000L * 2, env.get("created_at").asLong());
        assertEquals(4, env.get("restart_time").asInt());
        assertEquals(1, env.get("unstable_restarts").asInt());
        assertFalse(env.has("exit_code"), "no exit yet");
        assertEquals(2, env.get("instances").asInt());
        assertEquals("fork_mode", env.get("exec_mode").asText());
        assertEquals("/usr/bin/python3", env.get("exec_interpreter").asText());
        assertEquals(List.of("-u"), M.convertValue(env.get("node_args"), List.class));
        assertEquals(List.of("--port", "8080"), M.convertValue(env.get("args"), List.class));
        assertEquals("/srv/api/app.py", env.get("pm_exec_path").asText());
        assertEquals("/srv/api", env.get("pm_cwd").asText());
        assertEquals("/var/log/jmon/prod/api-out.log", env.get("pm_out_log_path").asText());
        assertEquals("/var/log/jmon/prod/api-err.log", env.get("pm_err_log_path").asText());
        assertTrue(env.get("autorestart").asBoolean());
        assertTrue(env.get("autostart").asBoolean());
        assertEquals(5, env.get("max_restarts").asInt());
        assertEquals(2000, env.get("min_uptime").asLong());
        assertEquals(100, env.get("restart_delay").asLong());
        assertEquals(150, env.get("exp_backoff_restart_delay").asLong());
        assertEquals(3000, env.get("kill_timeout").asLong());
        assertEquals(List.of(0, 2), M.convertValue(env.get("stop_exit_codes"), List.class));
        assertEquals("NODE_APP_INSTANCE", env.get("instance_var").asText());
        assertEquals(1, env.get("NODE_APP_INSTANCE").asInt());
        assertTrue(env.get("axm_monitor").isObject() && env.get("axm_monitor").isEmpty());
        assertTrue(env.get("axm_actions").isArray() && env.get("axm_actions").isEmpty());
        assertTrue(env.has("versioning") && env.get("versioning").isNull());
        assertTrue(env.get("unique_id").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertEquals("N/A", env.get("version").asText(), "not read (no daemon): PM2's N/A");
        assertFalse(env.has("watch"), "not watching: left out, as PM2");
        assertTrue(env.get("axm_options").isObject() && env.get("axm_dynamic").isObject());

        JsonNode j = env.get("jmon");
        assertEquals("run", j.get("desired").asText());
        assertTrue(j.get("ready").asBoolean());
        assertEquals(3, j.get("priority").asInt());
        assertTrue(j.get("protected").asBoolean());
        assertEquals("production", j.get("tier").asText());
        assertEquals("started by user", j.get("reason").asText());
        assertTrue(j.get("last_signal").isNull());
        assertEquals("/srv/ecosystem.json", j.get("source").asText());
        assertEquals(3_600_000L * 3 + 5_000, j.get("uptime").asLong());
    }

    @Test
    void pidAndMonitFollowPm2Rules() throws Exception {
        JsonNode a = parse(List.of(proc(1, "n", "stopped", ProcessStatus.STOPPED),
                proc(2, "n", "errored", ProcessStatus.ERRORED), proc(3, "n", "exited", ProcessStatus.EXITED),
                proc(4, "n", "waiting", ProcessStatus.WAITING_RESTART),
                proc(5, "n", "stopping", ProcessStatus.STOPPING)), false);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, a.get(i).get("pid").asLong(), a.get(i).get("name").asText());
            assertEquals(0, a.get(i).get("monit").get("memory").asLong());
            assertEquals(0.0, a.get(i).get("monit").get("cpu").asDouble());
        }
        JsonNode waiting = a.get(3);
        assertEquals("waiting restart", waiting.get("pm2_env").get("status").asText());
        assertEquals(4321, waiting.get("pid").asLong(), "the dead pid while waiting restart, as PM2");
        assertEquals(0, waiting.get("monit").get("memory").asLong());
        assertEquals(3, waiting.get("pm2_env").get("exit_code").asInt());
        assertEquals(1005, a.get(4).get("pid").asLong());
        assertEquals("stopping", a.get(4).get("pm2_env").get("status").asText());
        assertEquals("errored", a.get(1).get("pm2_env").get("status").asText());
        assertEquals("SIGKILL", a.get(1).get("pm2_env").get("jmon").get("last_signal").asText());
        assertEquals("halt", a.get(1).get("pm2_env").get("jmon").get("desired").asText());
    }

    @Test
    void envIsAbsentByDefaultAndNeverFlattened() throws Exception {
        JsonNode env = parse(List.of(online(0, "prod", "api")), false).get(0).get("pm2_env");
        assertFalse(env.has("env"));
        assertFalse(env.has("NODE_ENV"));
        assertFalse(env.has("PORT"));
        assertFalse(Jlist.toJson(List.of(online(0, "prod", "api")), false, NOW).contains("hunter2"));
    }

    @Test
    void withEnvIsPresentAndRedacted() throws Exception {
        String json = Jlist.toJson(List.of(online(0, "prod", "api")), true, NOW);
        assertFalse(json.contains("hunter2"));
        assertFalse(json.contains("ghp_abc"));
        assertFalse(json.contains("k-123"));
        JsonNode pm2env = M.readTree(json).get(0).get("pm2_env");
        @SuppressWarnings("unchecked")
        Map<String, String> env = M.convertValue(pm2env.get("env"), Map.class);
        assertEquals(Map.of("NODE_ENV", "production", "PORT", "8080", "DB_PASSWORD", Secrets.REDACTED,
                "GITHUB_TOKEN", Secrets.REDACTED, "x-api-key", Secrets.REDACTED), env);
        assertFalse(pm2env.has("NODE_ENV"), "not flattened into pm2_env");
    }

    @Test
    void emptyAndNullListsAreEmptyArrays() throws Exception {
        assertEquals("[]", Jlist.toJson(List.of(), false, NOW));
        assertEquals("[]", Jlist.toJson(null, true, NOW));
    }

    @Test
    void aProcessWithoutSpecStillRendersPm2Defaults() throws Exception {
        ProcessInfo bare = new ProcessInfo(9, "default", "bare", 0, ProcessStatus.LAUNCHING, Desired.RUN, 55, false,
                0, 0, NOW, NOW, null, null, null, null, null, Double.NaN, 0, null);
        JsonNode e = parse(List.of(bare), false).get(0);
        JsonNode env = e.get("pm2_env");
        assertEquals("none", env.get("exec_interpreter").asText());
        assertEquals(1, env.get("instances").asInt());
        assertEquals(16, env.get("max_restarts").asInt());
        assertEquals("launching", env.get("status").asText());
        assertEquals(55, e.get("pid").asLong());
        assertEquals(0.0, e.get("monit").get("cpu").asDouble());
        assertTrue(env.get("pm_exec_path").isNull());
    }
}
