package jmon.tui;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.api.EngineEvent;
import jmon.api.ProcessStatus;
import jmon.cli.commands.Commands;
import jmon.it.Jmon;
import jmon.tui.keymap.Action;
import jmon.tui.model.ConsoleModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Truth at a glance, drawn on lanterna's virtual terminal at 80×24 and 60×20: a daemon that stops answering turns
 * the table stale (banner, last seen, uptimes frozen) with one key to start it; crash loops and freezes are marked
 * in rows and tabs; the first moment says "connecting"; changes seen on the event stream are announced and every
 * message is kept one key away. Also the safe actions: flush and production apps ask, one-key sorts, type-back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleTruthTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/nonexistent");
    private static final int[][] SIZES = {{80, 24}, {60, 20}};

    private final List<List<String>> ran = Collections.synchronizedList(new ArrayList<>());

    private ConsoleMain.Parts console(FakeApi api, boolean readOnly) {
        return ConsoleMain.build(new ConsoleMain.Options(null, readOnly, null, null), ENV, () -> api, argv -> {
            ran.add(List.copyOf(argv));
            return new ConsoleController.Outcome(0, "jmon daemon 9.9.9 pid 42 (started)");
        }, ConsoleMain.verbs(Commands.all()), "test");
    }

    private static ConsoleMain.Parts loaded(ConsoleMain.Parts p, FakeApi api) {
        p.model().setProcesses(api.list(null));
        p.model().setDaemon(api.ping());
        p.model().setReachable(true, null);
        return p;
    }

    private static String row(List<String> lines, String needle) {
        return lines.stream().filter(l -> l.contains(needle)).findFirst()
                .orElseThrow(() -> new AssertionError(needle + " not on screen:\n" + Grid.text(lines)));
    }

    @Test
    void daemonGoneTurnsTheTableStaleWithFrozenUptimesAndOneKeyStartsIt() throws Exception {
        for (int[] size : SIZES) {
            FakeApi api = FakeApi.example();
            ConsoleMain.Parts p = console(api, false);
            try (Grid g = new Grid(size[0], size[1]); ConsoleController c = p.controller()) {
                c.start();
                Jmon.await("first list", 10_000, () -> p.model().processes().size() == 6);
                String uptime = row(g.draw(p.view()), "shop-worker").trim();
                api.down = true;
                Jmon.await("stale", 10_000, () -> p.model().stale());
                String seen = ConsoleViewClock.of(p.model().lastSeenAt());
                List<String> s = g.draw(p.view());
                assertTrue(s.get(0).contains("DAEMON UNREACHABLE") && s.get(0).contains("P starts it"), s.get(0));
                assertTrue(Grid.text(s).contains("last seen " + seen), Grid.text(s));
                assertTrue(row(s, "processes").contains("STALE"), Grid.text(s));
                Thread.sleep(1100); // a live table would count the uptime on
                String later = row(g.draw(p.view()), "shop-worker").trim();
                assertEquals(uptime.replaceAll("\\s+", " ").replace("›", ""), later.replaceAll("\\s+", " ").replace("›", ""),
                        "uptime moved on a stale table");
                for (String l : g.draw(p.view())) assertEquals(size[0], l.length());
                ran.clear();
                c.key("P");
                Jmon.await("ping ran", 5000, () -> ran.contains(List.of("ping")));
                Jmon.await("said so", 5000, () -> p.model().flash().startsWith("daemon started"));
                api.down = false;
                Jmon.await("live again", 15_000, () -> p.model().reachable() && !p.model().stale());
                assertFalse(g.draw(p.view()).get(0).contains("UNREACHABLE"));
            }
        }
    }

    @Test
    void readOnlyConsoleCannotStartTheDaemonAndSaysHowInstead() throws Exception {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = loaded(console(api, true), api);
        p.model().setReachable(false, "jmon daemon is not running");
        try (Grid g = new Grid(80, 24)) {
            p.controller().key("P");
            Thread.sleep(100);
            assertEquals(List.of(), ran);
            assertTrue(g.draw(p.view()).get(0).contains("jmon ping"), g.lines().get(0));
        }
    }

    @Test
    void connectingIsSaidWhileTheFirstAnswerIsPending() throws Exception {
        FakeApi api = FakeApi.example();
        api.down = true;
        ConsoleMain.Parts p = console(api, false);
        try (Grid g = new Grid(80, 24); ConsoleController c = p.controller()) {
            String before = Grid.text(g.draw(p.view()));
            assertTrue(before.contains("connecting to the daemon…"), before);
            assertFalse(before.contains("no processes"), before);
            c.start();
            Jmon.await("tried", 5000, () -> !p.model().reachable());
            String after = Grid.text(g.draw(p.view()));
            assertTrue(after.contains("connecting to the daemon…") && !after.contains("no processes"), after);
            assertFalse(after.contains("STALE"), after); // nothing was ever seen: not stale, just not there yet
        }
    }

    @Test
    void crashLoopsAreMarkedInTheRowAndTheTabsAndFreezesOnTheirTab() throws Exception {
        FakeApi api = FakeApi.example();
        api.processes.set(0, FakeApi.proc(0, "shop-prod", "shop-api", ProcessStatus.ONLINE, 1, "production", true, 7));
        api.frozen.add(new jmon.api.FreezeInfo("shop-prod", "INC-42", "op", 1, null));
        for (int[] size : SIZES) {
            ConsoleMain.Parts p = console(api, false);
            try (Grid g = new Grid(size[0], size[1]); ConsoleController c = p.controller()) {
                c.start();
                Jmon.await("frozen seen", 10_000, () -> p.model().frozen("shop-prod"));
                List<String> s = g.draw(p.view());
                String r = row(s, "shop-api ");
                assertTrue(r.contains("online") && r.contains("loop"), Grid.text(s));
                assertFalse(row(s, "shop-worker").contains("loop"), Grid.text(s));
                assertTrue(s.get(1).contains("looping"), s.get(1)); // the all tab
                assertTrue(s.get(1).contains("down"), s.get(1));
                c.key("<Tab>"); // shop-prod
                s = g.draw(p.view());
                assertTrue(s.get(1).contains("shop-prod") && s.get(1).contains("frozen"), s.get(1));
                assertTrue(s.get(1).contains("1 looping"), s.get(1));
                for (String l : s) assertEquals(size[0], l.length());
            }
        }
    }

    @Test
    void changesFromAnotherShellAreAnnouncedAndKeptInTheMessageHistory() throws Exception {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = loaded(console(api, false), api);
        ConsoleController c = p.controller();
        long now = System.currentTimeMillis();
        for (String n : List.of("shop-api", "shop-worker", "shop-analytics")) {
            c.onEvent(new EngineEvent.StatusChanged(0, "shop-prod", n, ProcessStatus.ONLINE, ProcessStatus.STOPPED,
                    "stopped by request", null, "SIGINT", now));
        }
        for (String n : List.of("shop-api", "shop-worker", "shop-analytics")) c.onEvent(new EngineEvent.ProcessRemoved(0, "shop-prod", n, now + 10));
        for (int[] size : SIZES) {
            try (Grid g = new Grid(size[0], size[1])) {
                List<String> s = g.draw(p.view());
                String act = row(s, "»");
                assertTrue(act.contains("shop-prod: 3 apps removed"), act);
                assertEquals(size[1] - 3, s.indexOf(act), Grid.text(s)); // just above the status line
            }
        }
        p.model().flash("first message", false);
        p.model().flash("an error", true);
        p.model().flash("last message", false);
        try (Grid g = new Grid(80, 24)) {
            c.key("M");
            String all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("messages"), all);
            for (String m : List.of("3 apps stopped", "3 apps removed", "first message", "! an error", "last message")) {
                assertTrue(all.contains(m), m + " missing:\n" + all);
            }
            c.key("<Esc>");
            assertEquals(ConsoleModel.Overlay.NONE, p.model().overlay());
        }
    }

    @Test
    void flushAndActionsOnProductionOrProtectedAppsAskFirst() throws Exception {
        FakeApi api = FakeApi.example();
        api.processes.set(1, FakeApi.proc(1, "shop-prod", "shop-worker", ProcessStatus.ONLINE, 2, "test", false, 0));
        ConsoleMain.Parts p = loaded(console(api, false), api);
        ConsoleController c = p.controller();
        try (Grid g = new Grid(80, 24)) {
            c.key("F"); // shop-api: production
            String all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("flush the logs of shop-prod/shop-api"), all);
            c.key("n");
            c.key("r");
            all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("restart shop-prod/shop-api (id 0)?") && all.contains("production app"), all);
            c.key("<Esc>");
            Thread.sleep(100);
            assertEquals(List.of(), api.calls);
            c.key("r");
            c.key("y");
            Jmon.await("restart after yes", 5000, () -> api.calls.contains("restart shop-prod 0"));
            c.key("j"); // shop-worker: a test app, not protected: restart runs at once
            c.key("r");
            assertEquals(ConsoleModel.Overlay.NONE, p.model().overlay());
            Jmon.await("restart at once", 5000, () -> api.calls.contains("restart shop-prod 1"));
            c.key("F"); // flush asks even there
            assertEquals(ConsoleModel.Overlay.CONFIRM, p.model().overlay());
            c.key("y");
            Jmon.await("flush after yes", 5000, () -> api.calls.contains("flush shop-prod 1"));
        }
    }

    @Test
    void typeBackCancelSaysWhatWasTyped() {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = loaded(console(api, false), api);
        p.controller().key("A");
        p.controller().key("a");
        p.controller().key("l");
        p.controller().key("<Enter>");
        assertEquals("cancelled: you typed 'al', not 'all'", p.model().flash());
    }

    @Test
    void oneKeySortsByCpuMemoryRestartsAndName() throws Exception {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = loaded(console(api, false), api);
        ConsoleController c = p.controller();
        try (Grid g = new Grid(80, 24)) {
            c.key("c");
            assertEquals(jmon.tui.model.Column.CPU, p.model().sort());
            assertTrue(p.model().sortDesc());
            assertTrue(row(g.draw(p.view()), "processes").contains("sort cpu ↓"), g.lines().get(2));
            List<String> s = g.draw(p.view());
            // shop-prod: cpu 1.5 × id → shop-worker (1.5%) before shop-api (0%)
            assertTrue(Grid.text(s).indexOf("shop-worker") < Grid.text(s).indexOf("shop-api"), Grid.text(s));
            c.key("c");
            assertFalse(p.model().sortDesc());
            c.key("m");
            assertEquals(jmon.tui.model.Column.MEM, p.model().sort());
            c.key("b");
            assertEquals(jmon.tui.model.Column.RESTARTS, p.model().sort());
            c.key("a");
            assertEquals(jmon.tui.model.Column.NAME, p.model().sort());
            assertFalse(p.model().sortDesc());
        }
    }

    @Test
    void everyMutatingKeyActionIsRefusedInReadOnly() throws Exception {
        FakeApi api = FakeApi.example();
        ConsoleMain.Parts p = loaded(console(api, true), api);
        for (Action a : Action.values()) {
            if (!a.mutating()) continue;
            p.controller().perform(a);
            assertTrue(p.model().flash().startsWith("read-only console: " + a.label()), a + ": " + p.model().flash());
            assertEquals(ConsoleModel.Overlay.NONE, p.model().overlay(), a.id());
        }
        Thread.sleep(100);
        assertEquals(List.of(), api.calls);
        assertEquals(List.of(), ran);
    }

    @Test
    void detailsDoNotContradictTheReasonOfAnAppThatGaveUp() throws Exception {
        FakeApi api = FakeApi.example();
        jmon.api.ProcessInfo e = api.processes.get(2);
        api.processes.set(2, new jmon.api.ProcessInfo(e.pmId(), e.namespace(), e.name(), 0, ProcessStatus.ERRORED, e.desired(), 0,
                false, 10, 0, 0, e.createdAt(), 1, null, "exited with code 1 after 12 ms; too many unstable restarts (10, max_restarts 10)",
                e.outLogPath(), e.errLogPath(), 0, 0, e.spec()));
        ConsoleMain.Parts p = loaded(console(api, false), api);
        p.controller().key("j");
        p.controller().key("j");
        p.controller().key("d");
        String all = String.join("\n", p.view().detailLines());
        assertTrue(all.contains("too many unstable restarts (10"), all);
        assertFalse(all.matches("(?s).*unstable restarts\\s+0\\b.*"), all);
        assertTrue(all.contains("gave up"), all);
    }

    /** The view's clock format (HH:MM:SS, local time), for the assertion. */
    static final class ConsoleViewClock {
        static String of(long ms) {
            java.time.LocalTime t = java.time.Instant.ofEpochMilli(ms).atZone(java.time.ZoneId.systemDefault()).toLocalTime();
            return String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        }
    }
}
