package jmon.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken file is reported precisely (file, line, column, field) and completely (every problem at once). */
class MalformedTest {
    @TempDir Path tmp;
    Eco eco;

    @BeforeEach
    void setUp() {
        eco = new Eco(tmp);
        eco.exe("srv");
    }

    /** 1-based line and column of the first occurrence of {@code needle}. */
    static int[] pos(String text, String needle) {
        int at = text.indexOf(needle);
        int line = 1, col = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') { line++; col = 1; } else col++;
        }
        return new int[] {line, col};
    }

    @Test
    void badJsonSyntaxNamesTheParserPosition() {
        String text = """
                {
                  "apps": [
                    { "script": "srv" }
                    { "script": "other" }
                  ]
                }
                """;
        Path f = eco.write("eco.json", text);
        Problem p = Eco.one(eco.load("eco.json"));
        assertEquals(f.toString(), p.file());
        int[] at = pos(text, "{ \"script\": \"other\"");
        assertEquals(at[0], p.line());
        assertTrue(p.column() == at[1] || p.column() == at[1] + 1, "column " + p.column() + " near " + at[1]);
        assertEquals("apps", p.field());
        assertTrue(p.message().startsWith("invalid JSON"), p.message());
        assertTrue(p.toString().startsWith(f + ":4:"), p.toString());
    }

    @Test
    void unknownKeyPointsAtTheKeyAndSuggests() {
        String text = """
                {
                  "apps": [
                    { "script": "srv",
                      "autorestrat": false }
                  ]
                }
                """;
        Path f = eco.write("eco.json", text);
        Problem p = Eco.one(eco.load("eco.json"));
        int[] at = pos(text, "\"autorestrat\"");
        assertEquals(new Problem(f.toString(), at[0], at[1], "apps[0].autorestrat",
                "unknown key 'autorestrat': did you mean 'autorestart'?"), p);
        assertEquals(f + ":4:7: apps[0].autorestrat: unknown key 'autorestrat': did you mean 'autorestart'?",
                p.toString());
    }

    @Test
    void wrongTypePointsAtTheValue() {
        String text = """
                { "apps": [
                    { "name": "one", "script": "srv" },
                    { "name": "two", "script": "srv", "max_restarts": "abc" }
                ] }
                """;
        Path f = eco.write("eco.json", text);
        Problem p = Eco.one(eco.load("eco.json"));
        int[] at = pos(text, "\"abc\"");
        assertEquals(new Problem(f.toString(), at[0], at[1], "apps[1].max_restarts",
                "expected a number, got string \"abc\""), p);
    }

    @Test
    void everyProblemIsCollectedNotJustTheFirst() {
        eco.write("eco.json", """
                { "apps": [
                    { "script": "srv", "pid_file": 7, "instances": 1.5 },
                    { "script": "srv", "name": "b", "env": { "A": { "nested": 1 } }, "kill_timeout": -1 },
                    { "name": "c", "stop_signal": "SIGSTOP", "log_type": "raw", "priority": 0 }
                ], "nmespace": "x" }
                """);
        LoadResult r = eco.load("eco.json");
        List<String> got = r.problems().stream().map(p -> p.field() + ": " + p.message()).toList();
        assertTrue(r.apps().isEmpty());
        assertEquals(List.of(
                "apps[0].pid_file: expected a string, got number 7",
                "apps[0].instances: expected a whole number, got number 1.5",
                "apps[1].env.A: expected a string, number or boolean, got an object",
                "apps[1].kill_timeout: must be 0 or more, got -1",
                "apps[2].script: script is required",
                "apps[2].stop_signal: unsupported signal \"SIGSTOP\": use one of SIGINT, SIGTERM, SIGHUP, SIGQUIT, "
                        + "SIGUSR1, SIGUSR2, SIGKILL",
                "apps[2].log_type: must be one of json, got \"raw\"",
                "apps[2].priority: must be at least 1, got 0",
                "nmespace: unknown key 'nmespace': did you mean 'namespace'?"), got);
    }

    @Test
    void appKeyAtFileLevelIsExplained() {
        eco.write("eco.json", """
                { "apps": [ { "script": "srv" } ], "autorestart": false }
                """);
        assertEquals("'autorestart' belongs inside an app of \"apps\", not at file level",
                Eco.one(eco.load("eco.json")).message());
    }

    @Test
    void badTierAndBadYaml() {
        eco.write("eco.json", """
                { "tier": "staging", "apps": [ { "script": "srv" } ] }
                """);
        Problem p = Eco.one(eco.load("eco.json"));
        assertEquals("tier", p.field());
        assertEquals("must be one of production, test, development, got \"staging\"", p.message());
        eco.write("eco.yml", "apps:\n  - name: a\n    script: [srv\n");
        Problem y = Eco.one(eco.load("eco.yml"));
        assertTrue(y.message().startsWith("invalid YAML: "), y.toString());
        assertTrue(y.line() >= 3 && y.column() > 0, y.toString());
    }

    @Test
    void badArgsQuoting() {
        eco.write("eco.json", """
                { "script": "srv", "args": "--name 'oops" }
                """);
        Problem p = Eco.one(eco.load("eco.json"));
        assertEquals("args", p.field());
        assertTrue(p.message().startsWith("unterminated ' quote"), p.message());
    }
}
