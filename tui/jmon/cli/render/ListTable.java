package jmon.cli.render;

import jmon.format.Facts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jmon.api.ProcessInfo;

/**
 * The {@code jmon ls} table: a clean space-separated layout with a ruled header, one row per process,
 * grouped by namespace (namespaces sorted, then pm_id). On a terminal every line fits the width: long names,
 * namespaces and reasons are cut with '…' instead of wrapping; piped, or with --wide, nothing is ever cut. Pure: no I/O, the clock comes in {@link Options#nowMs()}.
 */
public final class ListTable {
    private ListTable() {}

    /** Shown under the header when there is nothing to list. */
    /** After the status of an app whose log files cannot be written (disk full…): {@code describe} says more. */
    public static final String LOG_MARK = " !log";

    public static final String EMPTY_HINT = "no processes; start one with: jmon start <ecosystem.json|script>";

    /** Width used when the caller does not know it (no terminal). */
    public static final int DEFAULT_WIDTH = 80;

    /**
     * @param width  terminal columns; 0 or less means {@link #DEFAULT_WIDTH}
     * @param wide   add instance, ready, priority, exit and reason, and use the whole width; otherwise the table
     *               stays within 80 columns even on a wider terminal
     * @param color  colour the status with ANSI SGR (the word is always there)
     * @param nowMs  the clock, for uptimes
     * @param uncut  no column is ever cut, whatever the width: output read by a program ({@code jmon ls | grep api}
     *               must find the whole name) and {@code --wide}
     */
    public record Options(int width, boolean wide, boolean color, long nowMs, boolean uncut) {
        public Options(int width, boolean wide, boolean color, long nowMs) { this(width, wide, color, nowMs, false); }

        public static Options plain(long nowMs) { return new Options(DEFAULT_WIDTH, false, false, nowMs); }
    }

    private static final int GAP = 2;

    /** A column: header, right-aligned or not, and for flexible ones the width below which it is not cut. */
    private record Col(String header, String shortHeader, boolean right, boolean flex, int min) {
        static Col fixed(String h, boolean right) { return new Col(h, h, right, false, 0); }
        static Col flex(String h, String shortH, int min) { return new Col(h, shortH, false, true, min); }

        /** The header that fits {@code width}: the short one ("ns") rather than a cut one ("name…"). */
        String headerFor(int width) { return Text.width(header) <= width ? header : shortHeader; }
    }

    private static final Col ID = Col.fixed("id", true);
    private static final Col NAME = Col.flex("name", "name", 6);
    private static final Col NS = Col.flex("namespace", "ns", 4);
    private static final Col STATUS = Col.fixed("status", false);
    private static final Col PID = Col.fixed("pid", true);
    private static final Col UPTIME = Col.fixed("uptime", true);
    private static final Col RESTARTS = Col.fixed("↺", true);
    private static final Col CPU = Col.fixed("cpu", true);
    private static final Col MEM = Col.fixed("mem", true);
    private static final Col INSTANCE = Col.fixed("inst", true);
    private static final Col READY = Col.fixed("ready", false);
    /** jmon.api.Health: the same word the console, the HTTP endpoint and the incident wizard use. */
    private static final Col HEALTH = Col.fixed("health", false);
    private static final Col PRIORITY = Col.fixed("prio", true);
    private static final Col EXIT = Col.fixed("exit", true);
    private static final Col REASON = Col.flex("reason", "reason", 6);

    /**
     * Namespaces sorted, then pm_id, then instance id. A plain class rather than {@code Comparator.comparing}
     * chains: those are lambdas of the JDK's own classes, which a dynamic CDS archive cannot keep, so every
     * run would spin them anew.
     */
    static final Comparator<ProcessInfo> ORDER = new Comparator<>() {
        @Override
        public int compare(ProcessInfo a, ProcessInfo b) {
            int c = (a.namespace() == null ? "" : a.namespace()).compareTo(b.namespace() == null ? "" : b.namespace());
            if (c != 0) return c;
            c = Integer.compare(a.pmId(), b.pmId());
            return c != 0 ? c : Integer.compare(a.instanceId(), b.instanceId());
        }
    };

    public static String render(List<ProcessInfo> ps, Options o) {
        if (o == null) o = Options.plain(System.currentTimeMillis());
        int limit = o.width() > 0 ? o.width() : DEFAULT_WIDTH;
        if (!o.wide()) limit = Math.min(limit, DEFAULT_WIDTH);
        if (o.uncut()) limit = Integer.MAX_VALUE / 4; // every column at its natural width

        List<Col> cols = new ArrayList<>(List.of(ID, NAME, NS, STATUS, PID, UPTIME, RESTARTS, CPU, MEM));
        if (o.wide()) {
            cols.add(2, INSTANCE);
            cols.addAll(List.of(READY, HEALTH, PRIORITY, EXIT, REASON));
        }
        int statusCol = indexOf(cols, STATUS);

        List<ProcessInfo> sorted = new ArrayList<>(ps == null ? List.of() : ps);
        sorted.sort(ORDER);
        List<String[]> rows = new ArrayList<>();
        for (ProcessInfo p : sorted) rows.add(cells(p, cols, o.nowMs()));

        int[] natural = natural(cols, rows);
        int[] widths = layout(cols, natural, limit, GAP);
        int gap = GAP;
        if (truncatesFlex(cols, natural, widths)) { // tight: a narrower gap leaves more room for names
            gap = 1;
            widths = layout(cols, natural, limit, gap);
        }

        StringBuilder out = new StringBuilder();
        String[] headers = new String[cols.size()];
        for (int i = 0; i < headers.length; i++) headers[i] = cols.get(i).headerFor(widths[i]);
        int total = 0;
        for (int w : widths) total += w;
        total += gap * (widths.length - 1);
        boolean fits = total <= limit; // every line is at most as wide as the columns and gaps: none needs clipping
        String head = line(cols, headers, widths, gap, -1, null, false);
        out.append(clip(o.color() ? Ansi.BOLD + head + Ansi.RESET : head, head, fits, limit)).append('\n');
        out.append("─".repeat(Math.min(total, limit))).append('\n');
        if (rows.isEmpty()) {
            out.append(Text.truncate(EMPTY_HINT, limit)).append('\n');
            return out.toString();
        }
        for (int i = 0; i < rows.size(); i++) {
            ProcessInfo p = sorted.get(i);
            String plain = line(cols, rows.get(i), widths, gap, statusCol, p, false);
            String shown = o.color() ? line(cols, rows.get(i), widths, gap, statusCol, p, true) : plain;
            out.append(clip(shown, plain, fits, limit)).append('\n');
        }
        return out.toString();
    }

    /**
     * Position of {@code c} by identity: {@code List.indexOf} would call the record's generated equals, whose
     * bootstrap spins a few dozen method-handle classes at run time (the CLI's hot path avoids that).
     */
    private static int indexOf(List<Col> cols, Col c) {
        for (int i = 0; i < cols.size(); i++) if (cols.get(i) == c) return i;
        return -1;
    }

    private static String[] cells(ProcessInfo p, List<Col> cols, long now) {
        boolean live = Facts.live(p);
        String[] c = new String[cols.size()];
        for (int i = 0; i < c.length; i++) {
            Col col = cols.get(i);
            String v;
            if (col == ID) v = String.valueOf(p.pmId());
            else if (col == NAME) v = Text.printable(p.name());
            else if (col == NS) v = Text.printable(p.namespace());
            else if (col == STATUS) v = Ansi.word(p.status()) + (p.logWrite() != null ? LOG_MARK : "");
            else if (col == PID) v = live ? String.valueOf(p.pid()) : "-";
            else if (col == UPTIME) v = Human.uptime(p, now);
            else if (col == RESTARTS) v = String.valueOf(p.restarts());
            else if (col == CPU) v = live ? Human.percent(p.cpu()) : "-";
            else if (col == MEM) v = live ? Human.bytes(p.memory()) : "-";
            else if (col == INSTANCE) v = String.valueOf(p.instanceId());
            else if (col == READY) v = p.ready() ? "yes" : "no";
            else if (col == HEALTH) v = p.status() == null ? "-" : jmon.api.Health.of(p).word();
            else if (col == PRIORITY) v = p.spec() == null || p.spec().priority() <= 0 ? "-" : String.valueOf(p.spec().priority());
            else if (col == EXIT) v = Text.printable(Facts.lastExit(p));
            else if (col == REASON) v = p.reason() == null || p.reason().isBlank() ? "-" : Text.printable(p.reason());
            else v = "";
            c[i] = v;
        }
        return c;
    }

    /** Natural widths, then the widest flexible column is narrowed one column at a time until the row fits. */
    private static int[] layout(List<Col> cols, int[] natural, int limit, int gap) {
        int n = cols.size();
        int[] w = natural.clone();
        int total = gap * (n - 1);
        for (int x : w) total += x;
        while (total > limit) {
            int widest = -1;
            for (int i = 0; i < n; i++) {
                Col c = cols.get(i);
                if (c.flex() && w[i] > c.min() && (widest < 0 || w[i] > w[widest])) widest = i;
            }
            if (widest < 0) break; // only fixed columns left: lines are clipped as a last resort
            w[widest]--;
            total--;
        }
        return w;
    }

    private static int[] natural(List<Col> cols, List<String[]> rows) {
        int[] w = new int[cols.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = Text.width(cols.get(i).header());
            for (String[] r : rows) w[i] = Math.max(w[i], Text.width(r[i]));
        }
        return w;
    }

    private static boolean truncatesFlex(List<Col> cols, int[] nat, int[] widths) {
        for (int i = 0; i < widths.length; i++) if (cols.get(i).flex() && widths[i] < nat[i]) return true;
        return false;
    }

    private static String line(List<Col> cols, String[] cells, int[] widths, int gap, int statusCol,
                               ProcessInfo p, boolean colour) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) b.append(Text.spaces(gap));
            String t = cells[i];
            int tw = Text.width(t);
            if (tw > widths[i]) { // what Text.truncate would cut
                t = Text.truncate(t, widths[i]);
                tw = Text.width(t);
            }
            String pad = Text.spaces(widths[i] - tw);
            if (i == statusCol && p != null) t = statusCell(p, t, colour);
            if (cols.get(i).right()) b.append(pad).append(t);
            else b.append(t).append(pad);
        }
        return stripTrailing(b);
    }

    /** The status in its colour; the log marker, when it is there (and not cut), in red. */
    private static String statusCell(ProcessInfo p, String t, boolean colour) {
        if (!colour || !t.endsWith(LOG_MARK)) return Ansi.status(p.status(), t, colour);
        String word = t.substring(0, t.length() - LOG_MARK.length());
        return Ansi.status(p.status(), word, true) + Ansi.paint(Ansi.RED, LOG_MARK, true);
    }

    private static String stripTrailing(StringBuilder b) {
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') end--;
        return b.substring(0, end);
    }

    /**
     * Last resort for terminals narrower than the fixed columns: cut the plain line. Colour is dropped on
     * such a line so no escape sequence is ever cut in half.
     */
    private static String clip(String shown, String plain, boolean fits, int limit) {
        return fits || Text.width(plain) <= limit ? shown : Text.truncate(plain, limit);
    }
}
