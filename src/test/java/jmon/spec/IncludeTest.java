package jmon.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jmon.api.AppSpec;

/** Composition with "include": relative paths, nesting, namespace inheritance, cycles. */
class IncludeTest {
    @TempDir Path tmp;
    Eco eco;

    @BeforeEach
    void setUp() {
        eco = new Eco(tmp);
        eco.exe("srv");
        eco.exe("svc/db/dbsrv");
    }

    @Test
    void includesResolveAgainstTheIncludingFileAndNest() {
        eco.write("main.json", """
                { "namespace": "shop", "tier": "test",
                  "apps": [ { "name": "api", "script": "srv" } ],
                  "include": ["svc/services.json"] }
                """);
        eco.write("svc/services.json", """
                { "include": ["db/db.json"], "apps": [ { "name": "mail", "script": "../srv" } ] }
                """);
        Path db = eco.write("svc/db/db.json", """
                { "namespace": "data", "tier": "production", "apps": [ { "name": "db", "script": "dbsrv" } ] }
                """);
        List<AppSpec> apps = Eco.ok(eco.load("main.json"));
        assertEquals(List.of("api", "mail", "db"), apps.stream().map(AppSpec::name).toList());
        AppSpec mail = Eco.named(apps, "mail");
        assertEquals("shop", mail.namespace(), "an included file without a namespace inherits the includer's");
        assertEquals("test", mail.tier());
        assertEquals(tmp.resolve("svc").toString(), mail.cwd(), "cwd defaults to the included file's folder");
        AppSpec dbApp = Eco.named(apps, "db");
        assertEquals("data", dbApp.namespace(), "an included file's own namespace applies to its apps");
        assertEquals("production", dbApp.tier());
        assertEquals(db.toString(), dbApp.source());
    }

    @Test
    void problemsInAnIncludedFileNameThatFile() {
        eco.write("main.json", """
                { "apps": [], "include": ["b.json"] }
                """);
        Path b = eco.write("b.json", """
                [
                  { "script": "srv", "max_restarts": -3 }
                ]
                """);
        Problem p = Eco.one(eco.load("main.json"));
        assertEquals(b.toString(), p.file());
        assertEquals(2, p.line());
        assertEquals("[0].max_restarts", p.field());
    }

    @Test
    void duplicateAcrossFilesNamesBothFiles() {
        Path main = eco.write("main.json", """
                { "apps": [ { "name": "api", "script": "srv" } ], "include": ["b.json"] }
                """);
        Path b = eco.write("b.json", """
                { "name": "api", "script": "srv" }
                """);
        Problem p = Eco.one(eco.load("main.json"));
        assertEquals(b.toString(), p.file());
        assertTrue(p.message().contains(main.toString()), p.message());
    }

    @Test
    void cycleIsAProblemNamingTheCycle() {
        Path a = eco.write("a.json", """
                { "apps": [ { "name": "a", "script": "srv" } ], "include": ["b.json"] }
                """);
        Path b = eco.write("b.json", """
                { "apps": [ { "name": "b", "script": "srv" } ],
                  "include": ["./a.json"] }
                """);
        Problem p = Eco.one(eco.load("a.json"));
        assertEquals(b.toString(), p.file());
        assertEquals(2, p.line());
        assertEquals("include[0]", p.field());
        assertEquals("include cycle: a.json -> b.json -> a.json", p.message());
        assertTrue(a.toString().endsWith("a.json"));
    }

    @Test
    void includedTwiceIsReadOnce() {
        eco.write("main.json", """
                { "include": ["x.json", "y.json"] }
                """);
        eco.write("x.json", """
                { "include": ["shared.json"] }
                """);
        eco.write("y.json", """
                { "include": ["shared.json"] }
                """);
        eco.write("shared.json", """
                { "name": "s", "script": "srv" }
                """);
        assertEquals(1, Eco.ok(eco.load("main.json")).size());
    }

    @Test
    void missingIncludeIsAProblemAtTheEntry() {
        eco.write("main.json", """
                { "apps": [ { "script": "srv" } ],
                  "include": ["nope.json"] }
                """);
        Problem p = Eco.one(eco.load("main.json"));
        assertEquals(2, p.line());
        assertTrue(p.message().startsWith("included file not found"), p.message());
    }
}
