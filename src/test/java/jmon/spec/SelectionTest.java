package jmon.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jmon.api.AppSpec;

/** --only, --namespace and --name: which apps a load yields, and the safety rules around them. */
class SelectionTest {
    @TempDir Path tmp;
    Eco eco;

    @BeforeEach
    void setUp() {
        eco = new Eco(tmp);
        eco.exe("srv");
        eco.write("eco.json", """
                { "apps": [ { "name": "api", "script": "srv" },
                            { "name": "worker", "script": "srv" },
                            { "name": "cron", "script": "srv" } ] }
                """);
    }

    static List<String> names(List<AppSpec> apps) { return apps.stream().map(AppSpec::name).toList(); }

    @Test
    void onlyKeepsTheNamedApps() {
        assertEquals(List.of("api", "cron"), names(Eco.ok(eco.load("eco.json", Eco.only("api", "cron")))));
        assertEquals(List.of("api", "worker"), names(Eco.ok(eco.load("eco.json", Eco.only("api,worker")))),
                "an unsplit \"a,b\" is split as PM2 does");
    }

    @Test
    void onlyNameThatMatchesNothingListsTheApps() {
        Problem p = Eco.one(eco.load("eco.json", Eco.only("api", "wroker")));
        assertEquals("--only", p.field());
        assertEquals("no app named 'wroker'; apps: api, worker, cron", p.message());
    }

    @Test
    void onlySkipsDiskChecksOfAppsNotChosen() {
        eco.write("eco2.json", """
                [ { "name": "api", "script": "srv" }, { "name": "gone", "script": "missing.sh" } ]
                """);
        assertEquals(List.of("api"), names(Eco.ok(eco.load("eco2.json", Eco.only("api")))));
    }

    @Test
    void namespaceFillsAppsWithoutOne() {
        List<AppSpec> apps = Eco.ok(eco.load("eco.json", Eco.namespace("prod")));
        assertTrue(apps.stream().allMatch(a -> a.namespace().equals("prod")));
    }

    @Test
    void namespaceNeverLoadsAnotherNamespacesApps() {
        eco.write("mixed.json", """
                { "apps": [ { "name": "a", "script": "srv" },
                            { "name": "b", "script": "srv", "namespace": "staging" } ] }
                """);
        Problem p = Eco.one(eco.load("mixed.json", Eco.namespace("prod")));
        assertEquals("apps[1].namespace", p.field());
        assertTrue(p.message().contains("'staging'") && p.message().contains("--namespace prod"), p.message());

        eco.write("filens.json", """
                { "namespace": "staging", "apps": [ { "name": "a", "script": "srv" } ] }
                """);
        assertTrue(Eco.one(eco.load("filens.json", Eco.namespace("prod"))).message().contains("set by the file"));
        assertEquals("staging", Eco.ok(eco.load("filens.json", Eco.namespace("staging"))).get(0).namespace());
    }

    @Test
    void invalidNamespaceName() {
        eco.write("bad.json", """
                { "namespace": "../etc", "apps": [ { "script": "srv" } ] }
                """);
        assertEquals("namespace", Eco.one(eco.load("bad.json")).field());
    }

    @Test
    void nameOverrideAppliesToExactlyOneApp() {
        LoadOptions rename = new LoadOptions(null, null, Set.of("worker"), "w2", List.of());
        assertEquals(List.of("w2"), names(Eco.ok(eco.load("eco.json", rename))));
        LoadOptions tooMany = new LoadOptions(null, null, Set.of(), "w2", List.of());
        assertEquals("--name", Eco.one(eco.load("eco.json", tooMany)).field());
    }

    @Test
    void duplicateNamesNameBothPlaces() {
        String text = """
                { "apps": [ { "name": "api", "script": "srv" },
                            { "script": "srv", "name": "api" } ] }
                """;
        Path f = eco.write("dup.json", text);
        Problem p = Eco.one(eco.load("dup.json"));
        assertEquals(2, p.line());
        assertEquals("apps[1].name", p.field());
        assertEquals("duplicate app 'api' in namespace 'default': also declared at " + f + ":1:13 (apps[0])",
                p.message());
    }

    @Test
    void sameNameInTwoNamespacesIsFine() {
        eco.write("two.json", """
                [ { "name": "api", "script": "srv", "namespace": "a" },
                  { "name": "api", "script": "srv", "namespace": "b" } ]
                """);
        assertEquals(2, Eco.ok(eco.load("two.json")).size());
    }

    @Test
    void ambiguousAppNamesAreRefused() {
        eco.write("n.json", """
                [ { "name": "all", "script": "srv" }, { "name": "42", "script": "srv" } ]
                """);
        assertEquals(2, eco.load("n.json").problems().size());
    }
}
