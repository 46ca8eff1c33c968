package jmon.cli.render;

import jmon.format.Fixtures;
import static jmon.format.Fixtures.NOW;
import static jmon.format.Fixtures.online;
import static jmon.format.Fixtures.proc;
import static jmon.format.Fixtures.strip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import org.junit.jupiter.api.Test;

class ListTableTest {
    private static final ListTable.Options PLAIN = new ListTable.Options(80, false, false, NOW);

    private static List<ProcessInfo> many() {
        List<ProcessInfo> ps = new ArrayList<>();
        ProcessStatus[] st = ProcessStatus.values();
        for (int i = 0; i < 40; i++) {
            String ns = i % 3 == 0 ? "production-eu-west-1-payments" : i % 3 == 1 ? "batch" : "default";
            String name = i % 4 == 0 ? "a-very-long-application-name-that-would-never-fit-in-a-column-" + i : "api-" + i;
            ProcessInfo p = proc(1000 - i, ns, name, st[i % st.length]);
            ps.add(p);
        }
        return ps;
    }

    private static List<String> lines(String s) {
        return List.of(s.split("\n"));
    }

    private static void assertFits(String out, int width) {
        for (String l : lines(strip(out))) {
            assertTrue(Text.width(l) <= width, "line wider than " + width + " (" + Text.width(l) + "): " + l);
        }
    }

    @Test
    void everyLineFitsEightyColumnsWithLongNamesAndManyProcesses() {
        List<ProcessInfo> ps = many();
        assertFits(ListTable.render(ps, PLAIN), 80);
        assertFits(ListTable.render(ps, new ListTable.Options(80, false, true, NOW)), 80);
        assertFits(ListTable.render(ps, new ListTable.Options(80, true, true, NOW)), 80);
        assertEquals(2 + ps.size(), lines(ListTable.render(ps, PLAIN)).size(), "header, rule, one line per process");
    }

    @Test
    void notWideStaysWithinEightyOnAWideTerminalWhileWideUsesTheWidth() {
        List<ProcessInfo> ps = many();
        assertFits(ListTable.render(ps, new ListTable.Options(200, false, false, NOW)), 80);
        String wide = ListTable.render(ps, new ListTable.Options(200, true, false, NOW));
        assertFits(wide, 200);
        assertTrue(lines(wide).stream().anyMatch(l -> l.length() > 80), "wide uses the room it has");
    }

    @Test
    void narrowTerminalsAndUnknownWidthStillFit() {
        List<ProcessInfo> ps = many();
        assertFits(ListTable.render(ps, new ListTable.Options(60, false, false, NOW)), 60);
        assertFits(ListTable.render(ps, new ListTable.Options(30, true, true, NOW)), 30);
        assertFits(ListTable.render(ps, new ListTable.Options(0, false, false, NOW)), 80);
        assertFits(ListTable.render(List.of(), new ListTable.Options(20, false, false, NOW)), 20);
    }

    @Test
    void longNamesAreTruncatedWithAnEllipsisNotWrapped() {
        String longName = "x".repeat(120);
        String out = ListTable.render(List.of(online(0, "default", longName)), PLAIN);
        List<String> ls = lines(out);
        assertEquals(3, ls.size());
        assertTrue(ls.get(2).contains("xxx…"), ls.get(2));
        assertFalse(out.contains(longName));
        assertTrue(ls.get(2).contains("online"));
    }

    /** Piped (a script's grep) or --wide: the whole name and namespace, however long, on one line. */
    @Test
    void uncutShowsWholeNamesAtAnyWidth() {
        String longName = "flyer-" + "x".repeat(120);
        String longNs = "ns-" + "y".repeat(70);
        for (ListTable.Options o : List.of(new ListTable.Options(80, false, false, NOW, true),
                new ListTable.Options(100, true, false, NOW, true))) {
            String out = ListTable.render(List.of(online(0, longNs, longName)), o);
            assertTrue(out.contains(longName) && out.contains(longNs), out);
            assertFalse(out.contains("…"), out);
            assertEquals(3, out.lines().count(), "header, rule, one row: nothing wrapped");
        }
    }

    @Test
    void rowsAreGroupedByNamespaceThenPmId() {
        List<ProcessInfo> ps = List.of(online(5, "prod", "p5"), online(2, "batch", "b2"), online(1, "prod", "p1"),
                online(9, "batch", "b9"), online(3, "default", "d3"));
        List<String> ls = lines(ListTable.render(ps, PLAIN));
        List<String> names = new ArrayList<>();
        for (String l : ls.subList(2, ls.size())) names.add(l.trim().split("\\s+")[1]);
        assertEquals(List.of("b2", "b9", "d3", "p1", "p5"), names);
    }

    @Test
    void columnsAndValues() {
        List<String> ls = lines(ListTable.render(List.of(online(7, "prod", "api"),
                proc(8, "prod", "worker", ProcessStatus.STOPPED)), PLAIN));
        assertEquals(List.of("id", "name", "namespace", "status", "pid", "uptime", "↺", "cpu", "mem"),
                List.of(ls.get(0).trim().split("\\s+")));
        assertTrue(ls.get(1).matches("─+"), ls.get(1));
        assertEquals(List.of("7", "api", "prod", "online", "1007", "3h", "4", "12.3%", "12.3mb"),
                List.of(ls.get(2).trim().split("\\s+")));
        assertEquals(List.of("8", "worker", "prod", "stopped", "-", "-", "4", "-", "-"),
                List.of(ls.get(3).trim().split("\\s+")));
    }

    @Test
    void columnsAreAlignedByDisplayWidth() {
        List<String> ls = lines(ListTable.render(List.of(online(0, "default", "短い名前"), online(11, "default", "api"),
                proc(12, "default", "w", ProcessStatus.WAITING_RESTART)), PLAIN));
        int statusAt = Text.width(ls.get(0).substring(0, ls.get(0).indexOf("status")));
        for (String l : ls.subList(2, ls.size())) {
            int i = l.indexOf("online") >= 0 ? l.indexOf("online") : l.indexOf("waiting restart");
            assertEquals(statusAt, Text.width(l.substring(0, i)), l);
        }
        int memEnd = Text.width(ls.get(0));
        for (String l : ls.subList(2, ls.size())) assertEquals(memEnd, Text.width(l), "right-aligned last column: " + l);
    }

    @Test
    void wideAddsColumns() {
        ProcessInfo err = proc(3, "prod", "api", ProcessStatus.ERRORED);
        String narrow = ListTable.render(List.of(err), new ListTable.Options(200, false, false, NOW));
        String wide = ListTable.render(List.of(err), new ListTable.Options(200, true, false, NOW));
        String head = lines(wide).get(0);
        for (String c : List.of("inst", "ready", "prio", "exit", "reason")) {
            assertTrue(head.contains(c), c);
            assertFalse(lines(narrow).get(0).contains(c), c);
        }
        String row = lines(wide).get(2);
        assertTrue(row.contains("SIGKILL"), row);
        assertTrue(row.contains("started by user"), row);
        assertTrue(row.contains(" no "), row);
    }

    @Test
    void colourOffHasNoEscapesAndColourOnKeepsTheWords() {
        List<ProcessInfo> ps = List.of(online(0, "a", "on"), proc(1, "a", "err", ProcessStatus.ERRORED),
                proc(2, "a", "stp", ProcessStatus.STOPPED), proc(3, "a", "wr", ProcessStatus.WAITING_RESTART),
                online(4, "a", "evil\u001b[31mname\n"));
        String plain = ListTable.render(ps, PLAIN);
        assertFalse(plain.contains("\u001b"), "no ESC without colour, even from a hostile name");
        String colour = ListTable.render(ps, new ListTable.Options(80, false, true, NOW));
        assertTrue(colour.contains(Ansi.GREEN + "online" + Ansi.RESET));
        assertTrue(colour.contains(Ansi.RED + "errored" + Ansi.RESET));
        assertTrue(colour.contains(Ansi.GREY + "stopped" + Ansi.RESET));
        assertTrue(colour.contains(Ansi.YELLOW + "waiting restart" + Ansi.RESET));
        assertEquals(plain, strip(colour), "colour only adds escapes");
        assertEquals(7, lines(plain).size(), "a newline in a name does not break the row");
    }

    @Test
    void emptyListShowsTheHeaderAndAHint() {
        List<String> ls = lines(ListTable.render(List.of(), PLAIN));
        assertEquals(3, ls.size());
        assertTrue(ls.get(0).startsWith("id"));
        assertEquals(ListTable.EMPTY_HINT, ls.get(2));
        assertEquals(ListTable.render(null, PLAIN), ListTable.render(List.of(), PLAIN));
    }
}
