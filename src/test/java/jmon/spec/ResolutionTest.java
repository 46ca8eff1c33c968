package jmon.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jmon.api.AppSpec;

/** Scripts, interpreters and working directories found on the real filesystem and the caller's PATH. */
class ResolutionTest {
    @TempDir Path tmp;
    Eco eco;

    @BeforeEach
    void setUp() { eco = new Eco(tmp); }

    private LoadResult loadIsolated(String rel) {
        return new EcosystemLoader(eco.isolatedEnv()).load(tmp.resolve(rel), LoadOptions.none());
    }

    @Test
    void missingScriptIsAProblemAtTheScript() {
        eco.write("eco.json", """
                { "apps": [ { "name": "x", "script": "./nope.js" } ] }
                """);
        Problem p = Eco.one(eco.load("eco.json"));
        assertEquals("apps[0].script", p.field());
        assertEquals(1, p.line());
        assertEquals("script not found: " + tmp.resolve("nope.js"), p.message());
    }

    @Test
    void bareCommandFoundOnPathKeepsItsName() {
        eco.write("eco.json", """
                { "name": "nap", "script": "sleep", "args": "60" }
                """);
        AppSpec a = Eco.ok(eco.load("eco.json")).get(0);
        assertEquals("sleep", a.script());
        assertNull(a.interpreter());
        assertEquals(List.of("60"), a.args());
    }

    @Test
    void bareCommandFoundNowhere() {
        eco.write("eco.json", """
                { "script": "no-such-command-jmon" }
                """);
        assertTrue(Eco.one(eco.load("eco.json")).message().contains("nor on PATH"));
    }

    @Test
    void aFileInCwdWinsOverPath() {
        eco.exe("sleep");
        eco.write("eco.json", """
                { "script": "sleep" }
                """);
        assertEquals(tmp.resolve("sleep").toString(), Eco.ok(eco.load("eco.json")).get(0).script());
    }

    @Test
    void interpreterInferredFromTheExtension() {
        for (String tool : List.of("node", "tsx", "python3", "bash", "java")) eco.tool(tool);
        for (String f : List.of("a.js", "b.cjs", "c.mjs", "d.ts", "e.py", "f.sh", "g.java", "h.jar")) eco.write(f, "");
        eco.write("eco.json", """
                [ { "script": "a.js" }, { "script": "b.cjs" }, { "script": "c.mjs" }, { "script": "d.ts" },
                  { "script": "e.py" }, { "script": "f.sh" }, { "script": "g.java" },
                  { "script": "h.jar", "interpreter_args": "-Xmx64m" } ]
                """);
        LoadResult r = loadIsolated("eco.json");
        assertTrue(r.ok(), () -> r.problems().toString());
        List<String> interpreters = r.apps().stream().map(a -> Path.of(a.interpreter()).getFileName().toString()).toList();
        assertEquals(List.of("node", "node", "node", "tsx", "python3", "bash", "java", "java"), interpreters);
        assertEquals(eco.bin.resolve("node").toString(), r.apps().get(0).interpreter());
        assertEquals(List.of("-Xmx64m", "-jar"), Eco.named(r.apps(), "h").interpreterArgs());
    }

    @Test
    void inferredInterpreterMissingFromPath() {
        eco.write("app.ts", "");
        eco.write("eco.json", """
                { "script": "app.ts" }
                """);
        Problem p = Eco.one(loadIsolated("eco.json"));
        assertEquals("script", p.field());
        assertTrue(p.message().startsWith("'tsx' is needed to run app.ts"), p.message());
    }

    @Test
    void explicitInterpreterLookedUpOrRefused() {
        eco.tool("ruby");
        eco.write("app.rb", "");
        eco.write("ok.json", """
                { "script": "app.rb", "interpreter": "ruby" }
                """);
        LoadResult ok = loadIsolated("ok.json");
        assertEquals(eco.bin.resolve("ruby").toString(), Eco.ok(ok).get(0).interpreter());
        eco.write("bad.json", """
                { "script": "app.rb", "exec_interpreter": "perl9" }
                """);
        Problem p = Eco.one(loadIsolated("bad.json"));
        assertEquals("interpreter", p.field());
        assertEquals("'perl9' not found on PATH", p.message());
    }

    @Test
    void interpreterNoneRunsTheScriptItself() {
        eco.exe("tool.js");
        eco.write("eco.json", """
                { "script": "tool.js", "interpreter": "none" }
                """);
        assertNull(Eco.ok(loadIsolated("eco.json")).get(0).interpreter());
    }

    @Test
    void nonExecutableWithoutInterpreter() {
        eco.write("data.bin", "x");
        eco.write("eco.json", """
                { "script": "data.bin" }
                """);
        assertTrue(Eco.one(eco.load("eco.json")).message().contains("is not executable"));
    }

    @Test
    void cwdRelativeToTheFileAndMustExist() {
        eco.exe("sub/dir/run");
        eco.write("conf/eco.json", """
                [ { "name": "a", "script": "run", "cwd": "../sub/dir" },
                  { "name": "b", "script": "run", "cwd": "../missing" } ]
                """);
        LoadResult r = eco.load("conf/eco.json");
        Problem p = Eco.one(r);
        assertEquals("[1].cwd", p.field());
        assertEquals("directory does not exist: " + tmp.resolve("missing"), p.message());
        assertEquals(tmp.resolve("sub/dir").toString(),
                Eco.ok(eco.load("conf/eco.json", Eco.only("a"))).get(0).cwd());
    }

    @Test
    void fromScriptBuildsOneApp() {
        eco.exe("jobs/backup.sh");
        EcosystemLoader loader = new EcosystemLoader(eco.systemEnv());
        LoadResult r = loader.fromScript(tmp.resolve("jobs"), "backup.sh",
                new LoadOptions("ops", null, java.util.Set.of(), null, List.of("--full")), null);
        AppSpec a = Eco.ok(r).get(0);
        assertEquals("backup", a.name());
        assertEquals("ops", a.namespace());
        assertEquals(tmp.resolve("jobs/backup.sh").toString(), a.script());
        assertTrue(a.interpreter().endsWith("/bash"), a.interpreter());
        assertEquals(List.of("--full"), a.args());
        assertNull(a.source());

        LoadResult named = loader.fromScript(tmp, "sleep",
                new LoadOptions(null, null, java.util.Set.of(), "napper", List.of()), "none");
        assertEquals("napper", Eco.ok(named).get(0).name());
        assertEquals("sleep", named.apps().get(0).script());

        Problem p = Eco.one(loader.fromScript(tmp, "ghost.sh", LoadOptions.none(), null));
        assertEquals("ghost.sh", p.file());
        assertEquals("script", p.field());
    }
}
