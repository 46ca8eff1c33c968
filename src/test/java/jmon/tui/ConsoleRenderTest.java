package jmon.tui;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.api.LogLine;
import jmon.api.ProcessStatus;
import jmon.it.Jmon;
import jmon.tui.model.ConsoleModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The console drawn on lanterna's virtual terminal against a fake daemon; assertions read the character grid. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleRenderTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/nonexistent");

    private static ConsoleMain.Parts loaded(FakeApi api, String scope, boolean ro) {
        ConsoleMain.Parts p = Grid.parts(api, scope, ro, ENV);
        p.model().setProcesses(api.list(scope));
        p.model().setDaemon(api.ping());
        return p;
    }

    private static String row(List<String> lines, String needle) {
        return lines.stream().filter(l -> l.contains(needle)).findFirst().orElseThrow(() -> new AssertionError(needle + " not on screen:\n" + Grid.text(lines)));
    }

    @Test
    void processRowsGroupedByNamespaceAt80x24() throws Exception {
        ConsoleMain.Parts p = loaded(FakeApi.example(), null, false);
        try (Grid g = new Grid(80, 24)) {
            List<String> s = g.draw(p.view());
            String all = Grid.text(s);
            assertEquals(24, s.size());
            assertTrue(s.get(0).contains("testhost") && s.get(0).contains("9.9.9"), s.get(0));
            assertTrue(s.get(1).contains("all 6") && s.get(1).contains("2 down"), s.get(1)); // Health: errored and stopped-but-meant-to-run
            assertTrue(all.contains("▾ shop-prod"), all);
            assertTrue(all.contains("▾ shop-test"), all);
            String api = row(s, "shop-api ");
            assertTrue(api.contains("online") && api.contains("1000"), api);
            assertTrue(row(s, "shop-analytics").contains("errored"));
            // order: shop-prod group before shop-test before stock-alert-prod
            assertTrue(all.indexOf("▾ shop-prod") < all.indexOf("▾ shop-test"));
            assertTrue(all.indexOf("▾ shop-test") < all.indexOf("▾ stock-alert-prod"));
            for (String l : s) assertEquals(80, l.length());
            assertTrue(s.get(23).contains("help") && s.get(23).contains("restart"), s.get(23));
        }
    }

    @Test
    void aProcessWhoseLogFilesCannotBeWrittenIsMarkedInTheTable() throws Exception {
        FakeApi api = FakeApi.example();
        jmon.api.ProcessInfo p0 = api.processes.get(0);
        api.processes.set(0, jmon.cli.render.LogTroubleRenderTest.troubled(p0,
                new jmon.api.LogWriteState("write: No space left on device (errno 28)", 4096, 1L)));
        ConsoleMain.Parts p = loaded(api, null, false);
        for (int width : new int[] {80, 120}) {
            try (Grid g = new Grid(width, 24)) {
                List<String> s = g.draw(p.view());
                assertTrue(row(s, "shop-api ").contains("online !log"), Grid.text(s));
                assertFalse(row(s, "shop-worker").contains("!log"), Grid.text(s));
                for (String l : s) assertEquals(width, l.length());
            }
        }
    }

    @Test
    void namespaceScopeShowsNothingElse() throws Exception {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = Grid.parts(api, "shop-test", false, ENV);
        p.model().setProcesses(api.processes); // even if the daemon sent more, the scope filters
        try (Grid g = new Grid(80, 24)) {
            String all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("shop-test"), all);
            assertFalse(all.contains("shop-prod"), all);
            assertFalse(all.contains("stock-alert"), all);
            assertFalse(all.contains(" all "), all);
        }
        p.controller().runCommandLine("restart shop-api -n shop-prod");
        assertTrue(p.model().flash().contains("scoped to namespace shop-test"), p.model().flash());
    }

    @Test
    void filterByNameGlobAndStatus() throws Exception {
        ConsoleMain.Parts p = loaded(FakeApi.example(), null, false);
        try (Grid g = new Grid(80, 24)) {
            p.controller().key("/");
            for (char c : "worker".toCharArray()) p.controller().key(String.valueOf(c));
            p.controller().key("<Enter>");
            String all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("shop-worker"), all);
            assertFalse(all.contains("shop-analytics"), all);
            assertTrue(all.contains("filter /worker"), all);
            p.model().setFilter("errored");
            all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("shop-analytics") && !all.contains("shop-worker"), all);
            p.model().setFilter("stock-*");
            all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("stock-alert") && !all.contains("shop-api"), all);
            p.controller().key("<Esc>"); // back clears the filter
            assertEquals("", p.model().filter());
        }
    }

    @Test
    void stopAsksForConfirmationThenActs() throws Exception {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = loaded(api, null, false);
        try (Grid g = new Grid(80, 24)) {
            p.controller().key("x");
            String all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("confirm") && all.contains("stop shop-prod/shop-api (id 0)?"), all);
            assertTrue(all.contains("y: yes"), all);
            assertTrue(api.calls.isEmpty());
            p.controller().key("n");
            assertTrue(api.calls.isEmpty());
            p.controller().key("x");
            p.controller().key("y");
            Jmon.await("stop call", 5000, () -> api.calls.contains("stop shop-prod 0"));
            Jmon.await("outcome", 5000, () -> p.model().flash().startsWith("stop: shop-prod/shop-api"));
        }
    }

    @Test
    void bulkAcrossNamespacesNeedsTheWordTypedBack() throws Exception {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = loaded(api, null, false);
        try (Grid g = new Grid(100, 30)) {
            p.controller().key("A"); // restart the tab: 'all' = every namespace
            String all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("type 'all'"), all);
            p.controller().key("a");
            p.controller().key("<Enter>"); // "a" is not "all"
            assertTrue(p.model().flash().startsWith("cancelled"), p.model().flash());
            p.controller().key("<Tab>"); // next tab: shop-prod
            p.controller().key("A");
            for (char c : "shop-prod".toCharArray()) p.controller().key(String.valueOf(c));
            p.controller().key("<Enter>");
            Jmon.await("bulk call", 5000, () -> api.calls.contains("restart shop-prod all"));
        }
    }

    @Test
    void readOnlyRemovesEveryMutatingAction() throws Exception {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = loaded(api, null, true);
        try (Grid g = new Grid(80, 24)) {
            for (String k : List.of("x", "r", "s", "D", "+", "-", "S", "F", "A", "X")) p.controller().key(k);
            assertEquals(ConsoleModel.Overlay.NONE, p.model().overlay());
            p.controller().runCommandLine("restart shop-api");
            assertTrue(p.model().flash().contains("read-only"), p.model().flash());
            List<String> s = g.draw(p.view());
            assertTrue(s.get(0).contains("read-only"), s.get(0));
            assertFalse(s.get(23).contains("restart"), s.get(23));
            Thread.sleep(200);
            assertEquals(List.of(), api.calls);
        }
    }

    @Test
    void layoutAt200x60UsesTheRoomAndResizeRedraws() throws Exception {
        ConsoleMain.Parts p = loaded(FakeApi.example(), null, false);
        for (int i = 0; i < 5; i++) p.model().setProcesses(FakeApi.example().processes);
        try (Grid g = new Grid(200, 60)) {
            List<String> s = g.draw(p.view());
            String all = Grid.text(s);
            assertTrue(all.contains("cpu trend") && all.contains("mem trend") && all.contains("prio") && all.contains("ready"), all);
            assertTrue(s.get(0).contains("load") && s.get(0).contains("disk"), s.get(0));
            assertTrue(row(s, "shop-analytics").contains("errored"));
            g.resize(80, 24);
            s = g.draw(p.view());
            assertEquals(24, s.size());
            assertEquals(80, s.get(0).length());
            all = Grid.text(s);
            assertFalse(all.contains("cpu trend"), all);
            assertTrue(all.contains("shop-api") && s.get(23).contains("help"), all);
            g.resize(120, 40);
            s = g.draw(p.view());
            assertTrue(Grid.text(s).contains("cpu trend"));
            assertTrue(s.get(39).contains("help"), s.get(39));
        }
    }

    @Test
    void logsPaneShowsHistoryMarksStderrAndHighlightsSearch() throws Exception {
        ConsoleMain.Parts p = loaded(FakeApi.example(), null, false);
        ConsoleModel m = p.model();
        m.resetLogs("shop-prod/shop-api");
        for (int i = 0; i < 50; i++) m.addLog(new LogLine(i, 0, "shop-prod", "shop-api", 0, i == 49 ? "err" : "out", 0, false, "line " + i + (i == 20 ? " needle" : "")));
        try (Grid g = new Grid(80, 24)) {
            p.controller().key("l");
            String all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("logs: shop-prod/shop-api"), all);
            assertTrue(all.contains("err│line 49"), all);
            p.controller().key("/");
            for (char c : "needle".toCharArray()) p.controller().key(String.valueOf(c));
            p.controller().key("<Enter>");
            all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("line 20 needle") && all.contains("paused"), all);
            p.controller().key("f");
            assertTrue(m.follow());
            p.controller().key("q"); // back, not quit
            assertTrue(p.controller().running());
            assertEquals(ConsoleModel.Focus.PROCESSES, m.focus());
        }
    }

    @Test
    void detailsRedactSecretsAndHelpComesFromTheKeymap() throws Exception {
        ConsoleMain.Parts p = loaded(FakeApi.example(), null, false);
        try (Grid g = new Grid(120, 40)) {
            p.controller().key("d");
            String all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("details: shop-prod/shop-api"), all);
            p.controller().key("<PageDown>");
            p.controller().key("<PageDown>");
            all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("DB_PASSWORD=[redacted]") || all.contains("PORT=80"), all);
            assertFalse(all.contains("hunter2"), all);
            p.controller().key("q");
            p.controller().key("?");
            all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("help: keys of the 'default' keymap"), all);
            assertTrue(all.contains("restart") && all.contains("^r"), all);
            p.controller().key("<Esc>");
            assertEquals(ConsoleModel.Overlay.NONE, p.model().overlay());
        }
    }

    @Test
    void processDeletedUnderTheCursorMovesToItsNeighbour() throws Exception {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = loaded(api, null, false);
        p.controller().key("j");
        assertEquals(1, p.model().selected().pmId());
        api.processes.removeIf(x -> x.pmId() == 1);
        p.model().setProcesses(api.list(null));
        assertNotNull(p.model().selected());
        assertEquals(2, p.model().selected().pmId());
        try (Grid g = new Grid(80, 24)) {
            assertTrue(Grid.text(g.draw(p.view())).contains("›shop-analytics"));
        }
    }

    @Test
    void daemonGoneShowsUnreachableAndRecovers() throws Exception {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = Grid.parts(api, null, false, ENV);
        try (Grid g = new Grid(80, 24); ConsoleController c = p.controller()) {
            c.start();
            Jmon.await("first list", 10_000, () -> p.model().processes().size() == 6);
            api.down = true;
            Jmon.await("unreachable", 10_000, () -> !p.model().reachable());
            assertTrue(g.draw(p.view()).get(0).contains("DAEMON UNREACHABLE"));
            api.down = false;
            Jmon.await("reconnected", 15_000, () -> p.model().reachable());
            Jmon.await("header back", 10_000, () -> {
                try {
                    return g.draw(p.view()).get(0).contains("testhost");
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void commandLineCompletesAndRunsThroughTheCli() throws Exception {
        ConsoleMain.Parts p = loaded(FakeApi.example(), null, false);
        ConsoleController c = p.controller();
        c.key(":");
        c.key("r");
        c.key("e");
        c.key("s");
        c.key("<Tab>");
        assertEquals("res", p.model().input()); // restart, restore, resurrect
        assertTrue(p.model().flash().contains("resurrect"));
        c.key("t");
        c.key("a");
        c.key("<Tab>");
        assertEquals("restart ", p.model().input());
        c.key("s");
        c.key("t");
        c.key("o");
        c.key("<Tab>");
        assertEquals("restart stock-alert ", p.model().input());
        c.key("<Esc>");
        p.model().moveTab(1); // shop-prod tab: the namespace is added
        c.runCommandLine("restart shop-api");
        Jmon.await("ran", 5000, () -> p.model().flash().equals("ran restart -n shop-prod shop-api"));
        c.runCommandLine("bogus");
        assertTrue(p.model().flash().contains("unknown command"));
        c.runCommandLine("kill");
        assertTrue(p.model().flash().contains("not run from inside the console"));
    }

    @Test
    void noColorForcesMono() {
        ConsoleMain.Parts p = Grid.parts(FakeApi.example(), null, false, Map.of("NO_COLOR", "1", "HOME", "/nonexistent"));
        assertEquals("mono", p.model().themeName());
        ConsoleMain.Parts q = Grid.parts(FakeApi.example(), null, false, ENV);
        q.controller().key("<C-t>");
        assertEquals("light", q.model().themeName());
        assertNotNull(ProcessStatus.ONLINE);
    }
}
