package jmon.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jmon.api.AppSpec;

/** Each attribute lands in the right AppSpec field, under PM2's name and under its aliases. */
class AttributesTest {
    @TempDir Path tmp;
    Eco eco;

    @BeforeEach
    void setUp() {
        eco = new Eco(tmp);
        eco.exe("srv");
        eco.exe("work/job");
    }

    @Test
    void everySupportedAttribute() {
        eco.write("eco.json", """
                { "apps": [ {
                    "name": "api", "script": "srv", "args": "--port 80 --title 'my api' \\"x y\\"",
                    "interpreter_args": ["--a", 1], "cwd": ".",
                    "env": { "PORT": 80, "DEBUG": true, "NAME": "n" },
                    "instances": 3, "exec_mode": "cluster_mode", "instance_var": "INST",
                    "autorestart": false, "autostart": false, "max_restarts": 5, "min_uptime": "2s",
                    "restart_delay": 100, "exp_backoff_restart_delay": 200, "stop_exit_codes": [0, 3],
                    "kill_timeout": 5000, "stop_signal": "term", "namespace": "ns1",
                    "out_file": "logs/out.log", "error_file": "/dev/null", "log_file": "/var/x.log",
                    "merge_logs": true, "time": true, "log_date_format": "YYYY", "log_type": "json",
                    "priority": 2, "protected": true
                } ] }
                """);
        AppSpec a = Eco.ok(eco.load("eco.json")).get(0);
        assertEquals(List.of("--port", "80", "--title", "my api", "x y"), a.args());
        assertEquals(List.of("--a", "1"), a.interpreterArgs());
        assertEquals(tmp.toString(), a.cwd());
        assertEquals(Map.of("PORT", "80", "DEBUG", "true", "NAME", "n"), a.env());
        assertEquals(3, a.instances());
        assertEquals("INST", a.instanceVar());
        assertFalse(a.restart().autorestart());
        assertFalse(a.autostart());
        assertEquals(5, a.restart().maxRestarts());
        assertEquals(2000, a.restart().minUptimeMs());
        assertEquals(100, a.restart().restartDelayMs());
        assertEquals(200, a.restart().expBackoffRestartDelayMs());
        assertEquals(List.of(0, 3), a.restart().stopExitCodes());
        assertEquals(5000, a.restart().killTimeoutMs());
        assertEquals("SIGTERM", a.restart().stopSignal());
        assertEquals("ns1", a.namespace());
        assertEquals(tmp.resolve("logs/out.log").toString(), a.logs().outFile());
        assertEquals("/dev/null", a.logs().errorFile());
        assertEquals("/var/x.log", a.logs().logFile());
        assertTrue(a.logs().mergeLogs());
        assertTrue(a.logs().time());
        assertEquals("YYYY", a.logs().logDateFormat());
        assertEquals("json", a.logs().logType());
        assertEquals(2, a.priority());
        assertTrue(a.isProtected());
    }

    @Test
    void aliasesMeanTheSameAsTheirKey() {
        eco.write("eco.json", """
                [ {
                    "name": "w", "exec": "job", "cwd": "work", "exec_interpreter": "none",
                    "node_args": "--x --y", "out": "o.log", "err": "e.log", "log": "l.log", "combine_logs": true
                  },
                  { "name": "v", "script": "srv", "interpreterArgs": "-q", "output": "o2", "error": "e2" },
                  { "name": "u", "script": "srv", "out_log": "o3", "err_file": "e3" },
                  { "name": "t", "script": "srv", "err_log": "e4" } ]
                """);
        List<AppSpec> apps = Eco.ok(eco.load("eco.json"));
        AppSpec w = Eco.named(apps, "w");
        Path work = tmp.resolve("work");
        assertEquals(work.resolve("job").toString(), w.script(), "a relative script resolves against cwd");
        assertEquals(work.toString(), w.cwd());
        assertEquals(null, w.interpreter());
        assertEquals(List.of("--x", "--y"), w.interpreterArgs());
        assertEquals(work.resolve("o.log").toString(), w.logs().outFile());
        assertEquals(work.resolve("e.log").toString(), w.logs().errorFile());
        assertEquals(work.resolve("l.log").toString(), w.logs().logFile());
        assertTrue(w.logs().mergeLogs());
        assertEquals(List.of("-q"), Eco.named(apps, "v").interpreterArgs());
        assertEquals(tmp.resolve("o2").toString(), Eco.named(apps, "v").logs().outFile());
        assertEquals(tmp.resolve("e2").toString(), Eco.named(apps, "v").logs().errorFile());
        assertEquals(tmp.resolve("o3").toString(), Eco.named(apps, "u").logs().outFile());
        assertEquals(tmp.resolve("e3").toString(), Eco.named(apps, "u").logs().errorFile());
        assertEquals(tmp.resolve("e4").toString(), Eco.named(apps, "t").logs().errorFile());
    }

    @Test
    void keyAndAliasTogetherIsAProblem() {
        eco.write("eco.json", """
                { "script": "srv", "out_file": "a", "out": "b" }
                """);
        Problem p = Eco.one(eco.load("eco.json"));
        assertEquals("out", p.field());
        assertTrue(p.message().contains("same attribute"), p.message());
    }

    @Test
    void envBlockMergesOverEnvOnlyWhenChosen() {
        eco.write("eco.json", """
                { "script": "srv",
                  "env": { "NODE_ENV": "development", "KEEP": "1" },
                  "env_production": { "NODE_ENV": "production", "EXTRA": 2 } }
                """);
        assertEquals(Map.of("NODE_ENV", "development", "KEEP", "1"), Eco.ok(eco.load("eco.json")).get(0).env());
        LoadOptions prod = new LoadOptions(null, "production", Set.of(), null, List.of());
        assertEquals(Map.of("NODE_ENV", "production", "KEEP", "1", "EXTRA", "2"),
                Eco.ok(eco.load("eco.json", prod)).get(0).env());
    }

    @Test
    void numericForms() {
        eco.write("eco.json", """
                [ { "name": "a", "script": "srv", "min_uptime": 1500, "instances": "max", "stop_exit_codes": 7 },
                  { "name": "b", "script": "srv", "min_uptime": "1m", "instances": 0, "stop_signal": "SIGUSR2" },
                  { "name": "c", "script": "srv", "min_uptime": "1h", "instances": -1 },
                  { "name": "d", "script": "srv", "min_uptime": "500ms" } ]
                """);
        List<AppSpec> apps = Eco.ok(eco.load("eco.json"));
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(1500, Eco.named(apps, "a").restart().minUptimeMs());
        assertEquals(cpus, Eco.named(apps, "a").instances());
        assertEquals(List.of(7), Eco.named(apps, "a").restart().stopExitCodes());
        assertEquals(60_000, Eco.named(apps, "b").restart().minUptimeMs());
        assertEquals(cpus, Eco.named(apps, "b").instances());
        assertEquals("SIGUSR2", Eco.named(apps, "b").restart().stopSignal());
        assertEquals(3_600_000, Eco.named(apps, "c").restart().minUptimeMs());
        assertEquals(Math.max(1, cpus - 1), Eco.named(apps, "c").instances(), "-1 is all cores but one, as PM2");
        assertEquals(500, Eco.named(apps, "d").restart().minUptimeMs());
    }

    @Test
    void extraArgsReplaceTheFilesArgs() {
        eco.write("eco.json", """
                { "script": "srv", "args": ["a", "b"] }
                """);
        LoadOptions opts = new LoadOptions(null, null, Set.of(), null, List.of("--only-this"));
        assertEquals(List.of("--only-this"), Eco.ok(eco.load("eco.json", opts)).get(0).args());
    }
}
