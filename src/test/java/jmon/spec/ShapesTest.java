package jmon.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jmon.api.AppSpec;
import jmon.api.LogSpec;
import jmon.api.RestartPolicy;

/** The three shapes an ecosystem file may take, and what an app gets when it says almost nothing. */
class ShapesTest {
    @TempDir Path tmp;
    Eco eco;

    @BeforeEach
    void setUp() {
        eco = new Eco(tmp);
        eco.exe("a.sh");
        eco.exe("b.sh");
    }

    @Test
    void fileObjectWithAppsNamespaceTierAndIgnoredDeploy() {
        Path f = eco.write("ecosystem.json", """
                {
                  // PM2 reads .json as JavaScript: comments and trailing commas are fine
                  "namespace": "shop",
                  "tier": "production",
                  "apps": [
                    { "name": "a", "script": "./a.sh" },
                    { "name": "b", "script": "b.sh", "namespace": "other" },
                  ],
                  "deploy": { "production": { "user": "x", "host": ["h"] } },
                }
                """);
        List<AppSpec> apps = Eco.ok(eco.load("ecosystem.json"));
        assertEquals(2, apps.size());
        AppSpec a = Eco.named(apps, "a");
        assertEquals("shop", a.namespace());
        assertEquals("production", a.tier());
        assertEquals(f.toString(), a.source());
        assertEquals("other", Eco.named(apps, "b").namespace(), "an app's own namespace wins over the file's");
    }

    @Test
    void bareArrayOfApps() {
        eco.write("apps.json", """
                [ { "script": "a.sh" }, { "script": "b.sh" } ]
                """);
        List<AppSpec> apps = Eco.ok(eco.load("apps.json"));
        assertEquals(List.of("a", "b"), apps.stream().map(AppSpec::name).toList());
    }

    @Test
    void singleAppObject() {
        eco.write("one.json", """
                { "name": "solo", "script": "a.sh", "instances": 2 }
                """);
        List<AppSpec> apps = Eco.ok(eco.load("one.json"));
        assertEquals(1, apps.size());
        assertEquals("solo", apps.get(0).name());
        assertEquals(2, apps.get(0).instances());
    }

    @Test
    void defaultsFollowPm2() {
        eco.exe("worker.bin");
        eco.write("one.json", """
                { "script": "worker.bin" }
                """);
        AppSpec a = Eco.ok(eco.load("one.json")).get(0);
        assertEquals("worker", a.name(), "name defaults to the script file name without extension");
        assertEquals(AppSpec.DEFAULT_NAMESPACE, a.namespace());
        assertEquals(tmp.resolve("worker.bin").toString(), a.script());
        assertEquals(tmp.toString(), a.cwd(), "cwd defaults to the file's folder");
        assertNull(a.interpreter(), "an executable without a known extension runs directly");
        assertTrue(a.interpreterArgs().isEmpty());
        assertTrue(a.args().isEmpty());
        assertTrue(a.env().isEmpty());
        assertEquals(1, a.instances());
        assertEquals("NODE_APP_INSTANCE", a.instanceVar());
        assertEquals(RestartPolicy.defaults(), a.restart());
        assertEquals(LogSpec.defaults(), a.logs());
        assertEquals(0, a.priority());
        assertFalse(a.isProtected());
        assertNull(a.tier());
        assertTrue(a.autostart());
    }

    @Test
    void emptyFileAndScalarRootAreProblems() {
        eco.write("empty.json", "  // nothing\n");
        assertEquals("file is empty", Eco.one(eco.load("empty.json")).message());
        eco.write("num.json", "42");
        assertTrue(Eco.one(eco.load("num.json")).message().startsWith("expected an object"));
    }

    @Test
    void missingFile() {
        Problem p = Eco.one(eco.load("nope.json"));
        assertEquals("file not found", p.message());
        assertTrue(p.file().endsWith("nope.json"));
    }
}
