package jmon.tui;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jmon.api.ProcessStatus;
import jmon.tui.keymap.HelpText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing is cut, at 80×24 and 60×20 on lanterna's virtual terminal: help and command output scroll to their
 * last line, the tab bar with 10 namespaces scrolls to the active tab, Tab completion's candidates stand above
 * the prompt and never include an internal verb.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleScrollTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/nonexistent");
    private static final int[][] SIZES = {{80, 24}, {60, 20}};

    private static ConsoleMain.Parts loaded(FakeApi api) {
        ConsoleMain.Parts p = Grid.parts(api, null, false, ENV);
        p.model().setProcesses(api.list(null));
        p.model().setDaemon(api.ping());
        p.model().setReachable(true, null);
        return p;
    }

    /** Pages through the open popup and returns every line it showed (trimmed, box borders removed). */
    private static Set<String> pageThrough(Grid g, ConsoleMain.Parts p) throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < 40; i++) {
            for (String l : g.draw(p.view())) {
                int a = l.indexOf('│'), b = l.lastIndexOf('│');
                if (a >= 0 && b > a) seen.add(l.substring(a + 1, b).trim());
            }
            p.controller().key("<PageDown>");
        }
        return seen;
    }

    @Test
    void helpScrollsToItsLastLine() throws Exception {
        for (int[] size : SIZES) {
            ConsoleMain.Parts p = loaded(FakeApi.example());
            try (Grid g = new Grid(size[0], size[1])) {
                p.controller().key("?");
                String first = Grid.text(g.draw(p.view()));
                assertTrue(first.contains(" of ") && first.contains("more"), first);
                assertFalse(first.contains("… "), "cut instead of scrolled:\n" + first);
                Set<String> seen = pageThrough(g, p);
                List<String> help = HelpText.lines(p.view().keymap());
                for (String l : help) {
                    String want = l.trim();
                    if (want.isEmpty()) continue;
                    String head = want.length() > size[0] - 12 ? want.substring(0, size[0] - 12) : want;
                    assertTrue(seen.stream().anyMatch(x -> x.startsWith(head)), "help line never shown at " + size[0] + ": " + want);
                }
                p.controller().key("<Home>");
                assertEquals(0, p.model().overlayScroll());
            }
        }
    }

    @Test
    void commandOutputScrollsToItsLastLine() throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= 120; i++) out.add("output line " + i);
        for (int[] size : SIZES) {
            ConsoleMain.Parts p = loaded(FakeApi.example());
            p.model().showOutput(":describe shop-api → exit 0", out);
            try (Grid g = new Grid(size[0], size[1])) {
                assertFalse(Grid.text(g.draw(p.view())).contains("output line 120"));
                p.controller().key("G");
                String end = Grid.text(g.draw(p.view()));
                assertTrue(end.contains("output line 120") && end.contains("of 120"), end);
                Set<String> seen = new LinkedHashSet<>();
                p.controller().key("g");
                seen.addAll(pageThrough(g, p));
                for (String l : out) assertTrue(seen.contains(l), l + " never shown");
            }
        }
    }

    @Test
    void tabBarWithTenNamespacesScrollsToTheActiveTab() throws Exception {
        FakeApi api = new FakeApi();
        for (int i = 0; i < 10; i++) api.processes.add(FakeApi.proc(i, "namespace-" + i, "app", ProcessStatus.ONLINE, i + 1));
        for (int[] size : SIZES) {
            ConsoleMain.Parts p = loaded(api);
            try (Grid g = new Grid(size[0], size[1])) {
                for (int t = 0; t < 10; t++) {
                    p.controller().key("<Tab>");
                    String bar = g.draw(p.view()).get(1);
                    assertTrue(bar.contains(" namespace-" + t + " "), "tab " + t + " not shown: " + bar);
                    if (t >= 3) assertTrue(bar.startsWith("‹"), bar);
                    if (t < 9) assertTrue(bar.endsWith("›"), bar);
                    assertEquals(size[0], bar.length());
                }
            }
        }
    }

    @Test
    void completionCandidatesStandAboveThePromptAndNoInternalVerb() throws Exception {
        for (int[] size : SIZES) {
            ConsoleMain.Parts p = loaded(FakeApi.example());
            try (Grid g = new Grid(size[0], size[1])) {
                p.controller().key(":");
                p.controller().key("<Tab>");
                List<String> s = g.draw(p.view());
                String prompt = s.get(size[1] - 2);
                assertTrue(prompt.startsWith(":"), prompt);
                String above = s.get(size[1] - 3);
                assertFalse(above.isBlank(), Grid.text(s));
                String all = Grid.text(s);
                assertFalse(all.contains("__"), all);
                List<String> cands = p.model().candidates();
                assertTrue(cands.contains("restart") && cands.contains("list"), cands.toString());
                assertTrue(cands.stream().noneMatch(c -> c.startsWith("__")), cands.toString());
                p.controller().key("r");
                p.controller().key("e");
                p.controller().key("s");
                p.controller().key("<Tab>");
                s = g.draw(p.view());
                for (String c : p.model().candidates()) assertTrue(Grid.text(s.subList(0, size[1] - 2)).contains(c), c + " not shown:\n" + Grid.text(s));
                p.controller().key("t");
                assertTrue(p.model().candidates().isEmpty()); // typing hides them
            }
        }
    }
}
