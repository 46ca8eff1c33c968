package jmon.tui;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.cli.Access;
import jmon.cli.Command;
import jmon.cli.commands.Commands;
import jmon.it.Jmon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read-only console decides from each verb's own {@link Access}: every mutating verb of the command table is
 * refused on its {@code :} line (the loop covers a verb added later), every read-only one runs, internal verbs are
 * neither offered nor run. Drawn on lanterna's virtual terminal.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadOnlyVerbsTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/nonexistent");

    private final List<List<String>> ran = Collections.synchronizedList(new ArrayList<>());

    private ConsoleMain.Parts console(boolean readOnly) {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = ConsoleMain.build(new ConsoleMain.Options(null, readOnly, null, null), ENV, () -> api, argv -> {
            ran.add(List.copyOf(argv));
            return new ConsoleController.Outcome(0, "ran " + String.join(" ", argv));
        }, ConsoleMain.verbs(Commands.all()), "test");
        p.model().setProcesses(api.list(null));
        p.model().setDaemon(api.ping());
        return p;
    }

    private static List<String> names(Command c) {
        List<String> n = new ArrayList<>(List.of(c.name()));
        n.addAll(c.aliases());
        return n;
    }

    @Test
    void everyMutatingVerbIsRefusedAndEveryReadOnlyOneRuns() throws Exception {
        ConsoleMain.Parts p = console(true);
        int mutating = 0, readOnly = 0;
        try (Grid g = new Grid(100, 24)) {
            for (Command c : Commands.all()) {
                assertNotNull(c.access(), c.name());
                for (String verb : names(c)) {
                    ran.clear();
                    p.controller().runCommandLine(verb + " x");
                    List<String> screen = g.draw(p.view());
                    String status = Grid.text(screen);
                    Access a = c.access(List.of("x"));
                    if (c.access() == Access.INTERNAL) {
                        assertTrue(p.model().flash().contains("unknown command"), verb + ": " + p.model().flash());
                    } else if (a != Access.READ_ONLY) {
                        mutating++;
                        assertTrue(p.model().flash().startsWith("read-only console: '" + verb + " x'"), verb + ": " + p.model().flash());
                        assertTrue(status.contains("read-only console"), verb + ": " + status);
                    } else {
                        readOnly++;
                        Jmon.await(verb + " ran", 5000, () -> ran.stream().anyMatch(r -> r.get(0).equals(verb) && r.contains("x")));
                    }
                    Thread.sleep(20);
                    if (a != Access.READ_ONLY) assertEquals(List.of(), ran, verb + " reached the CLI");
                }
            }
        }
        assertTrue(mutating >= 20 && readOnly >= 5, mutating + " mutating, " + readOnly + " read-only");
    }

    @Test
    void theIssuesVerbsAreRefusedTheirReadingFormsRun() throws Exception {
        ConsoleMain.Parts p = console(true);
        for (String line : List.of("freeze -n shop-prod", "unfreeze -n shop-prod", "inventory add eco.json",
                "inventory remove eco.json", "migrate --to-namespace b shop-api", "import pm2", "unstartup", "startup",
                "incident", "save -n shop-prod", "ping", "export systemd eco.json --out /tmp/x")) {
            p.controller().runCommandLine(line);
            assertTrue(p.model().flash().startsWith("read-only console"), line + ": " + p.model().flash());
        }
        Thread.sleep(100);
        assertEquals(List.of(), ran);
        for (String line : List.of("inventory", "incident status", "incident -n shop-prod list", "describe shop-api",
                "logs shop-api", "validate eco.json")) {
            p.controller().runCommandLine(line);
            Jmon.await(line, 5000, () -> ran.stream().anyMatch(a -> String.join(" ", a).startsWith(line.split(" ")[0])));
            ran.clear();
        }
    }

    @Test
    void completionOffersNoMutatingNorInternalVerb() throws Exception {
        ConsoleMain.Parts ro = console(true);
        ro.controller().key(":");
        ro.controller().key("<Tab>");
        String offered = ro.model().flash();
        for (Command c : Commands.all()) {
            for (String verb : names(c)) {
                boolean shown = List.of(offered.split("\\s+")).contains(verb);
                if (c.access() == Access.INTERNAL || c.access(List.of()) != Access.READ_ONLY) {
                    assertFalse(shown, verb + " offered in: " + offered);
                }
            }
        }
        assertTrue(offered.contains("list") && offered.contains("logs"), offered);
        ConsoleMain.Parts rw = console(false);
        rw.controller().key(":");
        rw.controller().key("_");
        rw.controller().key("<Tab>");
        assertTrue(rw.model().flash().contains("no completion"), rw.model().flash()); // __complete, __cds-training
        assertTrue(jmon.cli.Completion.verbs(Commands.all()).stream().noneMatch(v -> v.startsWith("__")));
    }

    @Test
    void plusScalesOnlyTheCountNeverRestartingTheInstancesThatStay() throws Exception {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = ConsoleMain.build(new ConsoleMain.Options(null, false, null, null), ENV, () -> api,
                argv -> new ConsoleController.Outcome(0, ""), ConsoleMain.verbs(Commands.all()), "test");
        p.model().setProcesses(api.list(null));
        p.model().setDaemon(api.ping());
        jmon.api.ProcessInfo first = api.list(null).get(0);
        try (Grid g = new Grid(100, 24)) {
            p.controller().key("+");
            Jmon.await("the scale request", 5_000, () -> api.calls.stream().anyMatch(c -> c.startsWith("scale ")));
        }
        String call = api.calls.stream().filter(c -> c.startsWith("scale ")).findFirst().orElseThrow();
        assertTrue(call.startsWith("scale " + first.namespace() + "/"), call);
        assertFalse(api.calls.stream().anyMatch(c -> c.startsWith("start ") || c.startsWith("restart ")),
                "scale is not a start or restart of the app: " + api.calls);
    }
}
