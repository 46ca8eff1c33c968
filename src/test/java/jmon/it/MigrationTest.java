package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.engine.persist.DumpStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Coming from PM2: import pm2 (dump.pm2 → jmon dumps, then a real resurrect) and migrate --to-namespace. */
@Timeout(90)
class MigrationTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private Path pm2Dump() throws Exception {
        j.script("worker.sh", "echo up; sleep 300");
        String cwd = tmp.toString();
        String api = """
                {"name":"api","namespace":"prod","pm_exec_path":"sleep","pm_cwd":"%s","exec_interpreter":"none",
                 "args":["300"],"node_args":[],"exec_mode":"cluster_mode","instance_var":"NODE_APP_INSTANCE",
                 "env":{"PATH":"/usr/bin","HOME":"/home/x","PWD":"/x","SHELL":"/bin/bash","USER":"x","LC_ALL":"C",
                        "PM2_HOME":"/home/x/.pm2","pm_id":"0","unique_id":"u-1","api":"{}","NODE_APP_INSTANCE":%d,
                        "NODE_ENV":"production","FOO":"bar","RETRIES":3,"nested":{"a":1}},
                 "autorestart":true,"max_restarts":5,"min_uptime":"2s","restart_delay":100,"kill_timeout":3000,
                 "max_memory_restart":209715200,"cron_restart":"0 3 * * *","watch":true,"status":"online",
                 "pm_uptime":1,"restart_time":0}""";
        String dump = "[" + api.formatted(cwd, 0) + "," + api.formatted(cwd, 1) + ","
                + """
                {"name":"worker","pm_exec_path":"%s","pm_cwd":"%s","exec_interpreter":"/bin/sh","node_args":"-e",
                 "env":{"HOME":"/home/x","QUEUE":"jobs"},"autorestart":false,"exp_backoff_restart_delay":200,
                 "status":"stopped"},
                {"name":"pm2-logrotate","pmx_module":true,"pm_exec_path":"/x/index.js","status":"online"}
                ]""".formatted(tmp.resolve("worker.sh"), cwd);
        Path home = tmp.resolve("pm2home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("dump.pm2"), dump);
        return home;
    }

    @Test
    void importPm2WritesDumpsPerNamespaceThatResurrectRestores() throws Exception {
        Path pm2 = pm2Dump();
        var dry = j.ok("import", "pm2", "--pm2-home", pm2.toString(), "--dry-run");
        assertTrue(dry.out().contains("would import prod/api"), dry.out());
        assertFalse(Files.exists(j.home.resolve("dump-prod.json")), "dry run wrote a dump");

        var r = j.ok("import", "pm2", "--pm2-home", pm2.toString());
        String out = r.out();
        assertTrue(out.contains("imported prod/api: sleep 300, 2 instances, env FOO NODE_ENV RETRIES"), out);
        assertTrue(out.contains("imported default/worker: /bin/sh " + tmp.resolve("worker.sh") + ", stopped, env QUEUE"), out);
        assertTrue(out.contains("not mapped: exec_mode cluster_mode"), out);
        assertTrue(out.contains("not mapped: watch=true"), out);
        assertFalse(out.contains("pm2-logrotate"), "PM2 modules are not apps");

        DumpStore store = new DumpStore(j.home);
        assertEquals(List.of("default", "prod"), store.namespaces());
        DumpStore.Entry api = store.load("prod").apps().get(0);
        AppSpec s = api.spec();
        assertEquals(Desired.RUN, api.desired());
        assertEquals(Map.of("FOO", "bar", "NODE_ENV", "production", "RETRIES", "3"), s.env());
        assertEquals(2, s.instances());
        assertEquals(List.of("300"), s.args());
        assertNull(s.interpreter());
        assertEquals(5, s.restart().maxRestarts());
        assertEquals(2000, s.restart().minUptimeMs());
        assertEquals(100, s.restart().restartDelayMs());
        assertEquals(3000, s.restart().killTimeoutMs());
        assertEquals(209715200, s.restart().maxMemoryRestartBytes());
        assertEquals("0 3 * * *", s.restart().cronRestart());
        DumpStore.Entry w = store.load("default").apps().get(0);
        assertEquals(Desired.HALT, w.desired());
        assertEquals("/bin/sh", w.spec().interpreter());
        assertEquals(List.of("-e"), w.spec().interpreterArgs());
        assertFalse(w.spec().restart().autorestart());
        assertEquals(200, w.spec().restart().expBackoffRestartDelayMs());

        // a second import keeps what is there unless --force
        assertTrue(j.ok("import", "pm2", "--pm2-home", pm2.toString()).out().contains("kept (--force replaces it)"));

        j.ok("resurrect");
        Jmon.await("api online", 15_000, () -> {
            JsonNode l = j.jlist("-n", "prod");
            int online = 0;
            for (JsonNode p : l) if (p.get("pm2_env").get("status").asText().equals("online")) online++;
            return online == 2;
        });
        assertNotEquals("online", j.status("default", "worker"), "a stopped PM2 app stays halted");
    }

    @Test
    void importWithoutADumpIsAUsageError() {
        var r = j.run("import", "pm2", "--pm2-home", tmp.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no PM2 dump"), r.err());
    }

    @Test
    void migrateStartsTheCopyWaitsThenStopsAndDeletesTheOld() throws Exception {
        j.ok("start", "sleep", "--name", "api", "--", "300");
        j.ok("start", "sleep", "--name", "worker", "-i", "2", "--", "300");
        long oldPid = j.proc("default", "api").get("pid").asLong();
        var r = j.ok("migrate", "--to-namespace", "prod", "api", "worker", "-n", "default");
        String out = r.out();
        assertTrue(out.indexOf("default/api: starting prod/api") < out.indexOf("default/api: waiting")
                && out.indexOf("default/api: waiting") < out.indexOf("default/api: stopping the old one")
                && out.indexOf("stopping the old one") < out.indexOf("default/api: deleting the old one"), out);
        assertEquals("online", j.status("prod", "api"));
        assertNull(j.proc("default", "api"));
        assertNull(j.proc("default", "worker"));
        int workers = 0;
        for (JsonNode p : j.jlist("-n", "prod")) if (p.get("name").asText().equals("worker")) workers++;
        assertEquals(2, workers);
        Jmon.await("old api gone", 5_000, () -> !jmon.engine.exec.ProcFs.isAlive(oldPid));

        // refused when the target already has the name: nothing moves
        j.ok("start", "sleep", "--name", "api", "--", "300");
        var refused = j.run("migrate", "--to-namespace", "prod", "api", "-n", "default");
        assertEquals(2, refused.code(), refused.all());
        assertTrue(refused.err().contains("prod/api already exists"), refused.err());
        assertEquals("online", j.status("default", "api"));
        assertEquals(2, j.run("migrate", "api").code(), "--to-namespace is required");
    }

    @Test
    void migrateKeepsTheOldOneWhenTheCopyFails() throws Exception {
        j.script("flaky.sh", "sleep 300");
        j.write("eco.json", """
                {"apps":[{"name":"flaky","script":"flaky.sh","max_restarts":1,"min_uptime":5000}]}""");
        j.ok("start", "eco.json");
        j.script("flaky.sh", "exit 3");
        var r = j.run("migrate", "--to-namespace", "prod", "flaky", "--ready-timeout", "20");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("flaky keeps running"), r.err());
        assertEquals("online", j.status("default", "flaky"));
        assertNull(j.proc("prod", "flaky"));
    }
}
