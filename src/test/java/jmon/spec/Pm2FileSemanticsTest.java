package jmon.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jmon.api.AppSpec;

/** PM2's file semantics on real files: numeric strings, aliases, YAML, .json as JavaScript, env_file and friends. */
class Pm2FileSemanticsTest {
    @TempDir Path tmp;
    Eco eco;

    @BeforeEach
    void setUp() {
        eco = new Eco(tmp);
        eco.exe("srv");
    }

    @Test
    void instancesAsPm2CountsThem() {
        assertEquals(3, Conv.instancesFor(3, 8));
        assertEquals(8, Conv.instancesFor(0, 8));
        assertEquals(7, Conv.instancesFor(-1, 8));
        assertEquals(1, Conv.instancesFor(-1, 1), "never fewer than one");
        assertEquals(1, Conv.instancesFor(-9, 8));
        eco.write("eco.json", """
                [ { "name": "a", "script": "srv", "instances": "2", "kill_timeout": "1500", "max_restarts": "4" },
                  { "name": "b", "script": "srv", "instances": "MAX" },
                  { "name": "c", "script": "srv", "instances": "-1", "stop_exit_codes": ["3", 4] } ]
                """);
        List<AppSpec> apps = Eco.ok(eco.load("eco.json"));
        int cpus = Runtime.getRuntime().availableProcessors();
        AppSpec a = Eco.named(apps, "a");
        assertEquals(2, a.instances());
        assertEquals(1500, a.restart().killTimeoutMs());
        assertEquals(4, a.restart().maxRestarts());
        assertEquals(cpus, Eco.named(apps, "b").instances());
        assertEquals(Math.max(1, cpus - 1), Eco.named(apps, "c").instances());
        assertEquals(List.of(3, 4), Eco.named(apps, "c").restart().stopExitCodes());
        // a string that is no number is still an error at its position
        String text = "{ \"script\": \"srv\", \"instances\": \"two\" }\n";
        Path f = eco.write("bad.json", text);
        assertEquals(new Problem(f.toString(), 1, 33, "instances", "expected a number, got string \"two\""),
                Eco.one(eco.load("bad.json")));
    }

    @Test
    void cmdAndCommandAreScript() {
        eco.write("eco.json", """
                [ { "name": "a", "cmd": "srv" }, { "name": "b", "command": "srv" } ]
                """);
        List<AppSpec> apps = Eco.ok(eco.load("eco.json"));
        assertEquals(tmp.resolve("srv").toString(), Eco.named(apps, "a").script());
        assertEquals(tmp.resolve("srv").toString(), Eco.named(apps, "b").script());
        eco.write("two.json", "{ \"script\": \"srv\", \"cmd\": \"srv\" }");
        assertEquals("'cmd' and 'script' are the same attribute; keep one", Eco.one(eco.load("two.json")).message());
    }

    @Test
    void yamlFileWithPositions() {
        eco.write("ecosystem.config.yml", """
                # PM2's YAML form
                namespace: shop
                apps:
                  - name: api
                    script: srv
                    instances: "2"
                    autorestart: false
                    env: &base
                      PORT: 8080
                    env_production:
                      <<: *base
                      PORT: 80
                    args: [--port, 80]
                  - name: worker
                    script: srv
                    autorestart: yes
                """);
        LoadResult r = eco.load("ecosystem.config.yml");
        // yes is a string in YAML 1.2 (js-yaml's core schema), so autorestart: yes is a type error, at its line
        Problem p = Eco.one(r);
        assertEquals(16, p.line());
        assertEquals(18, p.column());
        assertEquals("apps[1].autorestart", p.field());

        eco.write("ok.yaml", """
                apps:
                  - name: api
                    script: srv
                    instances: "2"
                    autorestart: false
                    env: &base
                      PORT: 8080
                      EMPTY: ""
                    env_production:
                      <<: *base
                      PORT: 80
                    args: [--port, 80]
                """);
        List<AppSpec> apps = Eco.ok(eco.load("ok.yaml", new LoadOptions(null, "production", Set.of(), null, List.of())));
        AppSpec a = apps.get(0);
        assertEquals(2, a.instances());
        assertTrue(!a.restart().autorestart());
        assertEquals(Map.of("PORT", "80", "EMPTY", ""), a.env());
        assertEquals(List.of("--port", "80"), a.args());
        assertTrue(EcosystemLoader.isEcosystemFile("deploy/ecosystem.config.yaml"));

        eco.write("dup.yml", "apps:\n  - name: a\n    script: srv\n    name: b\n");
        Problem dup = Eco.one(eco.load("dup.yml"));
        assertEquals(4, dup.line(), dup.toString());
        assertTrue(dup.message().startsWith("key 'name' is written twice"), dup.toString());
    }

    @Test
    void jsonThatIsJavaScriptIsEvaluatedAsPm2Does() {
        eco.write("eco.json", """
                { apps: [ { name: 'api' + '-' + 'v2', script: 'srv', instances: 1 + 1,
                            env: { HOME_DIR: process.env.HOME } } ] }
                """);
        AppSpec a = Eco.ok(eco.load("eco.json")).get(0);
        assertEquals("api-v2", a.name());
        assertEquals(2, a.instances());
        assertEquals(tmp.toString(), a.env().get("HOME_DIR"));

        // neither JSON nor JavaScript: the JSON position, and what node said
        String text = "{ \"apps\": [ { \"script\": \"srv\" } ] ,, }\n";
        Path f = eco.write("broken.json", text);
        Problem p = Eco.one(eco.load("broken.json"));
        assertEquals(f.toString(), p.file());
        assertEquals(1, p.line());
        assertTrue(p.message().startsWith("invalid JSON: ") && p.message().contains("evaluated as JavaScript"),
                p.toString());

        // without node the error says what PM2 would have done
        LoadResult noNode = new EcosystemLoader(eco.isolatedEnv()).load(tmp.resolve("eco.json"), LoadOptions.none());
        Problem q = Eco.one(noNode);
        assertTrue(q.line() > 0 && q.message().contains("PM2 evaluates a .json file as JavaScript"), q.toString());
    }

    @Test
    void envFileIsReadRelativeToTheEcosystemFile() {
        eco.write("conf/app.env", """
                # comment
                export DB_URL=postgres://db/x
                NAME = "a \\"quoted\\" value"
                RAW='$HOME stays'
                PORT=1 # trailing comment
                """);
        eco.write("apps/eco.json", """
                { "script": "../srv", "env_file": "../conf/app.env", "env": { "PORT": "2" } }
                """);
        AppSpec a = Eco.ok(eco.load("apps/eco.json")).get(0);
        assertEquals(Map.of("DB_URL", "postgres://db/x", "NAME", "a \"quoted\" value", "RAW", "$HOME stays",
                "PORT", "2"), a.env(), "env wins over env_file");

        Path envFile = eco.write("conf/bad.env", "OK=1\n2BAD=x\nnot a line\n");
        eco.write("apps/bad.json", "{ \"script\": \"../srv\", \"env_file\": \"../conf/bad.env\" }");
        List<Problem> ps = eco.load("apps/bad.json").problems();
        assertEquals(2, ps.size(), ps::toString);
        assertEquals(envFile.toString(), ps.get(0).file());
        assertEquals(2, ps.get(0).line());
        assertEquals(3, ps.get(1).line());

        String text = "{ \"script\": \"../srv\",\n  \"env_file\": \"missing.env\" }";
        Path f = eco.write("apps/missing.json", text);
        Problem m = Eco.one(eco.load("apps/missing.json"));
        assertEquals(f.toString(), m.file());
        assertEquals(2, m.line());
        assertEquals("env_file", m.field());
        assertTrue(m.message().startsWith("env_file not found: " + tmp.resolve("apps/missing.env")), m.toString());
    }

    @Test
    void appendEnvToNameAndDisableLogs() {
        eco.write("eco.json", """
                [ { "name": "api", "script": "srv", "append_env_to_name": true, "disable_logs": true,
                    "out_file": "out.log" },
                  { "name": "web", "script": "srv" } ]
                """);
        LoadOptions prod = new LoadOptions(null, "production", Set.of("api"), null, List.of());
        AppSpec a = Eco.ok(eco.load("eco.json", prod)).get(0);
        assertEquals("api-production", a.name(), "--only matches the name as written, as PM2");
        assertEquals("/dev/null", a.logs().outFile());
        assertEquals("/dev/null", a.logs().errorFile());
        assertNull(a.logs().logFile());
        assertEquals("api", Eco.ok(eco.load("eco.json", Eco.only("api"))).get(0).name(), "no --env: the name as is");
    }

    @Test
    void pidFileIsPm2sPerInstancePath() {
        eco.write("eco.json", "{ \"script\": \"srv\", \"pid_file\": \"run/app.pid\" }");
        jmon.api.LogSpec l = Eco.ok(eco.load("eco.json")).get(0).logs();
        assertEquals(tmp.resolve("run/app.pid").toString(), l.pidFile());
        assertEquals(tmp.resolve("run/app-3.pid").toString(), l.pidPathFor(3));
        assertEquals("/x/a-7.pid", new jmon.api.LogSpec(null, null, null, false, false, null, null, 0, 0, "/x/a-0.pid").pidPathFor(7));
        assertEquals("/x/a", new jmon.api.LogSpec(null, null, null, false, false, null, null, 0, 0, "/x/a").pidPathFor(7));
        assertNull(jmon.api.LogSpec.defaults().pidPathFor(1));
    }

    @Test
    void ignoreWatchGlobsAreCheckedWhereWritten() {
        Eco.ok(eco.load(eco.write("ok.json", """
                { "script": "srv", "watch": true, "ignore_watch": ["*.pyc", "node_modules", "**/tmp/**", "\\\\.git",
                  "{a,b}/*.log", "[!x]y"] }
                """).getFileName().toString()));
        String text = """
                { "script": "srv", "watch": true,
                  "ignore_watch": ["ok/**",
                                   "[ab",
                                   "\\\\.log$",
                                   "!keep"] }
                """;
        Path f = eco.write("eco.json", text);
        List<Problem> ps = eco.load("eco.json").problems();
        assertEquals(3, ps.size(), ps::toString);
        assertEquals(new Problem(f.toString(), 3, 20, "ignore_watch[1]",
                "\"[ab\": the '[' at character 1 is not closed by ']'"), ps.get(0));
        assertEquals(4, ps.get(1).line());
        assertTrue(ps.get(1).message().contains("looks like a regular expression"), ps.get(1).toString());
        assertEquals("ignore_watch[3]", ps.get(2).field());
        // the daemon refuses the same over the socket
        AppSpec s = Eco.ok(eco.load("ok.json")).get(0);
        jmon.api.RestartPolicy r = s.restart();
        jmon.api.RestartPolicy bad = new jmon.api.RestartPolicy(r.autorestart(), r.maxRestarts(), r.minUptimeMs(),
                r.restartDelayMs(), r.expBackoffRestartDelayMs(), r.stopExitCodes(), r.killTimeoutMs(), r.stopSignal(),
                r.maxMemoryRestartBytes(), r.cronRestart(), r.watch(), List.of("{x"), r.watchDelayMs());
        AppSpec sent = new AppSpec(s.namespace(), s.name(), s.script(), s.args(), s.interpreter(), s.interpreterArgs(),
                s.cwd(), s.env(), s.instances(), s.instanceVar(), bad, s.logs(), s.priority(), s.isProtected(), s.tier(),
                s.autostart(), s.source(), s.health());
        assertEquals(List.of(new SpecRules.Violation("ignore_watch[0]", "the '{' at character 1 is not closed by '}'")),
                SpecRules.of(sent));
    }
}
