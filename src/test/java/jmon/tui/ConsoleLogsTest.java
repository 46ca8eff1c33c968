package jmon.tui;

import static org.junit.jupiter.api.Assertions.*;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.api.LogLine;
import jmon.it.Jmon;
import jmon.tui.model.ConsoleModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The log pane on lanterna's virtual terminal: history at once, a pause that holds and belongs to its app, regex
 * search both ways with highlighting, stream and timestamp toggles, ANSI colours rendered (or dropped on mono),
 * wide characters measured, and a wrap that drops nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleLogsTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/nonexistent", "COLORTERM", "truecolor");

    private static ConsoleMain.Parts loaded(FakeApi api, Map<String, String> env) {
        ConsoleMain.Parts p = Grid.parts(api, null, false, env);
        p.model().setProcesses(api.list(null));
        p.model().setDaemon(api.ping());
        p.model().setReachable(true, null);
        return p;
    }

    private static LogLine line(long i, String stream, String text) {
        return new LogLine(i, 0, "shop-prod", "shop-api", 0, stream, 1_700_000_000_000L + i * 1000, false, text);
    }

    private static ConsoleMain.Parts withLines(Map<String, String> env, List<LogLine> lines) {
        ConsoleMain.Parts p = loaded(FakeApi.example(), env);
        p.model().resetLogs("shop-prod/shop-api");
        p.model().addLogs(lines);
        p.controller().key("l");
        return p;
    }

    private static int rowOf(List<String> s, String needle) {
        for (int i = 0; i < s.size(); i++) if (s.get(i).contains(needle)) return i;
        throw new AssertionError(needle + " not on screen:\n" + Grid.text(s));
    }

    @Test
    void historyShowsAtOnceWithoutWaitingForTheNextLineOrTheIdleSignal() throws Exception {
        FakeApi api = FakeApi.example();
        for (int i = 0; i < 30; i++) api.logLines.add(line(i, "out", "history line " + i));
        api.holdStream = true; // the stream stays open after the history, as a quiet app's does
        ConsoleMain.Parts p = loaded(api, ENV);
        try (Grid g = new Grid(80, 24)) {
            long t0 = System.currentTimeMillis();
            Jmon.await("history on screen", 2000, () -> {
                p.controller().tick();
                try {
                    return Grid.text(g.draw(p.view())).contains("history line 29");
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(System.currentTimeMillis() - t0 < 2000);
        } finally {
            api.holdStream = false;
            p.controller().close();
        }
    }

    @Test
    void pauseHoldsUnderANoisyAppAndBelongsToTheApp() throws Exception {
        List<LogLine> first = new ArrayList<>();
        for (int i = 0; i < 100; i++) first.add(line(i, "out", "old " + i));
        ConsoleMain.Parts p = withLines(ENV, first);
        ConsoleModel m = p.model();
        try (Grid g = new Grid(80, 24)) {
            g.draw(p.view());
            p.controller().key("f"); // pause
            List<String> before = logRows(g.draw(p.view()));
            assertTrue(String.join("\n", before).contains("old 99"), before.toString());
            List<LogLine> flood = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) flood.add(line(100 + i, "out", "new " + i));
            m.addLogs(flood); // 10k lines: more than the pane's ring holds
            List<String> screen = g.draw(p.view());
            String after = Grid.text(screen);
            assertEquals(before, logRows(screen), "the paused view moved");
            assertTrue(after.contains("paused · 10000 new"), after);
            p.controller().key("f"); // follow again: the newest is shown
            assertTrue(Grid.text(g.draw(p.view())).contains("new 9999"));
            p.controller().key("f");
            assertFalse(m.follow());
            m.resetLogs("shop-prod/shop-worker"); // another app: not paused
            assertTrue(m.follow());
        }
    }

    /** The rows of the log pane: below its rule, above the status line. */
    private static List<String> logRows(List<String> s) {
        int rule = rowOf(s, "─ logs:");
        return s.subList(rule + 1, s.size() - 2);
    }

    @Test
    void regexSearchGoesBothWaysAndHighlightsTheMatch() throws Exception {
        List<LogLine> ls = new ArrayList<>();
        for (int i = 0; i < 200; i++) ls.add(line(i, "out", "request id=" + i + (i % 50 == 7 ? " status=503" : " status=200")));
        ConsoleMain.Parts p = withLines(ENV, ls);
        ConsoleController c = p.controller();
        try (Grid g = new Grid(80, 24)) {
            c.key("/");
            for (char ch : "status=5\\d\\d".toCharArray()) c.key(String.valueOf(ch));
            c.key("<Enter>");
            List<String> s = g.draw(p.view());
            int r = rowOf(s, "id=157 status=503");
            int col = s.get(r).indexOf("status=503");
            TextColor matchBg = g.term.getCharacter(col, r).getBackgroundColor();
            TextColor plainBg = g.term.getCharacter(s.get(r).indexOf("request"), r).getBackgroundColor();
            assertNotEquals(plainBg, matchBg, "the match is not highlighted");
            c.key("n"); // older
            assertTrue(Grid.text(g.draw(p.view())).contains("id=107 status=503"));
            c.key("n");
            c.key("n");
            c.key("n"); // 57, 7, then wraps around to the newest
            assertTrue(Grid.text(g.draw(p.view())).contains("id=157 status=503"));
            c.key("N"); // newer from 157: wraps to the oldest
            assertTrue(Grid.text(g.draw(p.view())).contains("id=7 status=503"));
            c.key("N");
            assertTrue(Grid.text(g.draw(p.view())).contains("id=57 status=503"));
            assertTrue(g.lines().stream().anyMatch(l -> l.contains("/status=5\\d\\d/")), Grid.text(g.lines()));
        }
    }

    @Test
    void streamsAndTimestampsToggle() throws Exception {
        ConsoleMain.Parts p = withLines(ENV, List.of(line(1, "out", "to stdout"), line(2, "err", "to stderr")));
        ConsoleController c = p.controller();
        try (Grid g = new Grid(80, 24)) {
            String both = Grid.text(g.draw(p.view()));
            assertTrue(both.contains("to stdout") && both.contains("err│to stderr"), both);
            c.key("e"); // stdout only
            String out = Grid.text(g.draw(p.view()));
            assertTrue(out.contains("to stdout") && !out.contains("to stderr") && out.contains("stdout only"), out);
            c.key("e"); // stderr only
            String err = Grid.text(g.draw(p.view()));
            assertTrue(!err.contains("to stdout") && err.contains("to stderr"), err);
            c.key("e");
            c.key("t");
            String ts = Grid.text(g.draw(p.view()));
            String stamp = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
                    .format(java.time.Instant.ofEpochMilli(1_700_000_001_000L).atZone(java.time.ZoneId.systemDefault()));
            assertTrue(ts.contains(stamp + " │to stdout"), ts);
        }
    }

    @Test
    void ansiColoursAreRenderedOrDroppedOnMonoAndWideCharactersMeasured() throws Exception {
        String red = "\u001b[31mFAILED\u001b[0m then \u001b[1;38;2;0;200;0mOK\u001b[0m \u001b]0;title\u0007done";
        String wide = "a😀b日本c end";
        for (Map<String, String> env : List.of(ENV, Map.of("HOME", "/nonexistent", "NO_COLOR", "1"))) {
            ConsoleMain.Parts p = withLines(env, List.of(line(1, "out", red), line(2, "out", wide)));
            for (int[] size : new int[][] {{80, 24}, {60, 20}}) {
                try (Grid g = new Grid(size[0], size[1])) {
                    List<String> s = g.draw(p.view());
                    String all = Grid.text(s);
                    assertFalse(all.contains("[31m") || all.contains("?[") || all.contains("title"), all);
                    int r = rowOf(s, "FAILED then OK done");
                    int col = s.get(r).indexOf("FAILED");
                    TextCharacter f = g.term.getCharacter(col, r);
                    if (env.containsKey("NO_COLOR")) assertEquals(TextColor.ANSI.DEFAULT, f.getForegroundColor());
                    else assertEquals(TextColor.ANSI.RED, f.getForegroundColor());
                    int w = rowOf(s, "end");
                    assertFalse(s.get(w).contains("?"), s.get(w));
                    // a wide character takes two cells: what follows it sits two columns on
                    int x = s.get(w).indexOf('a');
                    assertEquals("😀", g.term.getCharacter(x + 1, w).getCharacterString());
                    assertEquals("b", g.term.getCharacter(x + 3, w).getCharacterString());
                    assertEquals("日", g.term.getCharacter(x + 4, w).getCharacterString());
                    assertEquals("本", g.term.getCharacter(x + 6, w).getCharacterString());
                    assertEquals("c", g.term.getCharacter(x + 8, w).getCharacterString());
                }
            }
        }
    }

    @Test
    void mergedLogsKeepThePrefixApartFromTheStreamMark() throws Exception {
        LogLine other = new LogLine(2, 1, "shop-prod", "shop-worker", 0, "err", 0, false, "worker failed");
        ConsoleMain.Parts p = withLines(ENV, List.of(line(1, "out", "api says"), other));
        try (Grid g = new Grid(80, 24)) {
            String all = Grid.text(g.draw(p.view()));
            assertTrue(all.contains("shop-prod/shop-worker err│worker failed"), all);
            assertTrue(all.contains("shop-prod/shop-api │api says"), all);
        }
    }

    @Test
    void wrapDropsNoCharacter() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 400; i++) b.append((char) ('a' + i % 26));
        b.append("日本語の終わり");
        String text = b.toString();
        ConsoleMain.Parts p = withLines(ENV, List.of(line(1, "out", text)));
        p.controller().key("w");
        for (int[] size : new int[][] {{80, 24}, {60, 20}}) {
            try (Grid g = new Grid(size[0], size[1])) {
                List<String> s = g.draw(p.view());
                int first = rowOf(s, "│abcdefg");
                StringBuilder got = new StringBuilder();
                for (int r = first; r < s.size() - 2; r++) {
                    String l = s.get(r);
                    int bar = r == first ? l.indexOf('│') : l.indexOf('↪');
                    if (bar < 0) break;
                    StringBuilder row = new StringBuilder();
                    for (int x = bar + 1; x < size[0]; x++) {
                        TextCharacter tc = g.term.getCharacter(x, r);
                        row.append(tc.getCharacterString());
                        if (tc.isDoubleWidth()) x++; // the terminal repeats a wide character in its second cell
                    }
                    got.append(row.toString().stripTrailing());
                }
                assertEquals(text, got.toString(), Grid.text(s));
            }
        }
    }
}
