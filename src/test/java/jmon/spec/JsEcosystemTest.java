package jmon.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jmon.api.AppSpec;

/** JavaScript ecosystem files, evaluated by the node found on the caller's PATH. */
class JsEcosystemTest {
    @TempDir Path tmp;
    Eco eco;

    @BeforeEach
    void setUp() {
        eco = new Eco(tmp);
        eco.exe("srv");
    }

    private static void assumeNode() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "node not installed");
    }

    @Test
    void cjsFileIsEvaluatedByNode() {
        assumeNode();
        eco.write("ecosystem.config.cjs", """
                const port = 3000 + 1; // real JavaScript: computed values work
                console.log("noise on stdout must not matter");
                module.exports = {
                  apps: [{ name: 'web', script: 'srv', env: { PORT: port, HOME_SEEN: process.env.HOME } },
                         { name: 'w2', script: 'srv', max_restarts: 'many' }],
                };
                """);
        LoadResult r = eco.load("ecosystem.config.cjs", Eco.only("web"));
        Problem p = Eco.one(r);
        assertEquals("apps[1].max_restarts", p.field(), "problems still name the field path");
        assertEquals(0, p.line(), "positions in generated JSON would mislead");

        eco.write("ecosystem.config.cjs", """
                module.exports = { apps: [{ name: 'web', script: 'srv', env: { PORT: 3000 + 1, H: process.env.HOME } }] };
                """);
        AppSpec web = Eco.ok(eco.load("ecosystem.config.cjs")).get(0);
        assertEquals(Map.of("PORT", "3001", "H", tmp.toString()), web.env());
        assertEquals(tmp.resolve("ecosystem.config.cjs").toString(), web.source());
    }

    @Test
    void mjsDefaultExport() {
        assumeNode();
        eco.write("ecosystem.config.mjs", """
                export default { namespace: 'esm', apps: [{ name: 'm', script: 'srv' }] };
                """);
        AppSpec m = Eco.ok(eco.load("ecosystem.config.mjs")).get(0);
        assertEquals("esm", m.namespace());
    }

    @Test
    void esmJsInsideATypeModulePackage() {
        assumeNode();
        eco.write("package.json", "{ \"type\": \"module\" }\n");
        eco.write("ecosystem.config.js", "export default [{ name: 'e', script: 'srv' }];\n");
        assertEquals("e", Eco.ok(eco.load("ecosystem.config.js")).get(0).name());
    }

    @Test
    void throwingModuleIsAProblem() {
        assumeNode();
        eco.write("bad.config.js", "throw new Error('boom from config');\n");
        Problem p = Eco.one(eco.load("bad.config.js"));
        assertTrue(p.message().contains("boom from config"), p.message());
    }

    @Test
    void nodeMissingFromPathIsAClearProblem() {
        eco.write("eco.config.js", "module.exports = { apps: [] };\n");
        LoadResult r = new EcosystemLoader(eco.isolatedEnv()).load(tmp.resolve("eco.config.js"), LoadOptions.none());
        assertTrue(Eco.one(r).message().startsWith("node is not on PATH"), r.problems().toString());
    }

    @Test
    void isEcosystemFileFollowsPm2sNaming() {
        for (String yes : List.of("ecosystem.config.js", "a/b/pm2.config.cjs", "ecosystem.mjs", "apps.json", "X.JSON",
                "config.yaml", "deploy/ecosystem.yml")) {
            assertTrue(EcosystemLoader.isEcosystemFile(yes), yes);
        }
        for (String no : List.of("app.js", "server.mjs", "run.sh", "sleep")) {
            assertTrue(!EcosystemLoader.isEcosystemFile(no), no);
        }
        assertEquals(Set.of(), LoadOptions.none().only());
    }
}
