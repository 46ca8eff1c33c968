package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import jmon.cli.Command;
import jmon.cli.Opt;
import jmon.cli.commands.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile names and namespaces at every verb of the command table, through the real CLI with a real daemon
 * running: exit 2 naming the field, never a stack trace, and nothing created on disk, inside the home or out.
 */
@Timeout(120)
class HostileNamesTest {
    static final List<String> HOSTILE = List.of("../x", "../../../../" + "x", "a".repeat(300), ".", "..", "", "a/b",
            "x\ny", "-x");

    @TempDir Path tmp;

    private static Set<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            TreeSet<String> out = new TreeSet<>();
            // the daemon's own log grows as it runs; what matters is that no file or folder appears
            s.map(p -> root.relativize(p).toString()).forEach(out::add);
            return out;
        }
    }

    private static void refused(Jmon.Result r, String what, String field) {
        assertEquals(2, r.code(), what + ": " + r.all());
        assertTrue(r.err().contains(field + ": "), what + ": field " + field + " not named in: " + r.err());
        assertFalse(r.all().contains("Exception") || r.all().contains("\tat "), what + ": " + r.all());
    }

    @Test
    void everyVerbRefusesHostileNamespacesAndNames() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root);
        try (Jmon j = new Jmon(root)) {
            j.ok("start", "sleep", "--name", "keeper", "-n", "safe", "--", "600");
            Set<String> before = tree(tmp);
            int checked = 0;
            for (Command c : Commands.all()) {
                if (c.options().contains(Opt.NAMESPACE)) {
                    for (String bad : HOSTILE) {
                        String what = c.name() + " -n '" + bad + "'";
                        refused(j.run(c.name(), "-n", bad), what, "--namespace");
                        refused(j.run(c.name(), "--namespace=" + bad), what, "--namespace");
                        checked++;
                    }
                }
                if (c.arguments().contains("<name|id|all|glob>") || c.arguments().startsWith("[name") || c.arguments().startsWith("<name")) {
                    for (String bad : HOSTILE) {
                        if (bad.startsWith("-")) continue; // an option to the parser: exit 2 as an unknown option
                        List<String> argv = new java.util.ArrayList<>(List.of(c.name()));
                        if (c.name().equals("migrate")) argv.addAll(List.of("--to-namespace", "other"));
                        argv.addAll(List.of("-n", "safe", bad));
                        refused(j.run(argv.toArray(String[]::new)), String.join(" ", argv), "argument 1");
                        checked++;
                    }
                }
            }
            assertTrue(checked > 150, "checked " + checked);
            for (String bad : HOSTILE) {
                refused(j.run("migrate", "--to-namespace", bad, "keeper", "-n", "safe"), "migrate --to-namespace " + bad, "--to-namespace");
                refused(j.run("start", "sleep", "--name", bad, "-n", "safe", "--", "1"), "start --name " + bad, "--name");
            }
            j.env.put("JMON_NAMESPACE", "../x");
            refused(j.run("list"), "JMON_NAMESPACE=../x list", "JMON_NAMESPACE");
            j.env.remove("JMON_NAMESPACE");

            // the same names in a file: validate and start say where, and start nothing
            j.write("eco-ns.json", "{\"namespace\": \"../x\", \"apps\": [{\"name\": \"a\", \"script\": \"sleep\", \"args\": [\"60\"]}]}");
            j.write("eco-name.json", "{\"apps\": [{\"name\": \"" + "n".repeat(300) + "\", \"script\": \"sleep\"}]}");
            j.write("eco-many.json", "{\"apps\": [{\"name\": \"fork\", \"script\": \"sleep\", \"instances\": 100000000}]}");
            for (String f : List.of("eco-ns.json", "eco-name.json", "eco-many.json")) {
                for (String verb : List.of("validate", "start")) {
                    Jmon.Result r = j.run(verb, f);
                    assertEquals(2, r.code(), verb + " " + f + ": " + r.all());
                    assertTrue(r.err().contains(f + ":1:"), verb + " " + f + ": no file:line in " + r.err());
                    assertFalse(r.all().contains("Exception"), r.all());
                }
            }
            assertTrue(j.run("validate", "eco-many.json").err().contains("apps[0].instances: must be between 1 and 1024"));

            Set<String> after = tree(tmp);
            after.removeAll(Set.of("root/eco-ns.json", "root/eco-name.json", "root/eco-many.json"));
            assertEquals(before, after, "files appeared or went");
            assertFalse(Files.exists(tmp.resolve("x")) || Files.exists(root.resolve("x")) || Files.exists(Path.of("/x")));
            assertEquals(1, j.jlist().size(), "only the keeper runs");
        }
    }
}
