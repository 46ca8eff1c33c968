package jmon.tui.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import jmon.api.DaemonInfo;
import jmon.api.FreezeInfo;
import jmon.api.Health;
import jmon.api.LogLine;
import jmon.api.MetricSample;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;

/**
 * Everything the console shows, and nothing of how: processes, daemon figures, tabs, filter, sort, cursor,
 * the log and details panes, prompts and dialogs. No lanterna types. Threads (event stream, figures, log
 * stream, UI) share it; every method is synchronized and bumps {@link #version()} when something visible
 * changed, which is how the UI knows to redraw.
 */
public final class ConsoleModel {
    public enum Focus { PROCESSES, LOGS, DETAILS }

    public enum Overlay { NONE, HELP, FILTER, SEARCH, COMMAND, CONFIRM, OUTPUT }

    /** A question before a dangerous action: y/n, or a word the operator must type back. */
    public record Confirm(String question, String typeBack, Runnable onYes) {}

    /** One table row: a namespace heading or a process. */
    public record Row(String namespace, ProcessInfo process, int count, Map<ProcessStatus, Integer> counts) {
        public boolean isGroup() { return process == null; }
    }

    public static final int SPARK_SAMPLES = 60;

    /** Which of an app's streams the log pane shows. */
    public enum LogStreams {
        BOTH("out+err"), OUT("stdout only"), ERR("stderr only");

        private final String label;

        LogStreams(String label) { this.label = label; }

        public String label() { return label; }

        boolean shows(LogLine l) {
            return this == BOTH || l.stream().equals("jmon") || (this == ERR) == l.stream().equals("err");
        }
    }

    private final String scope;
    private final boolean readOnly;
    private long version;

    private List<ProcessInfo> processes = List.of();
    private DaemonInfo daemon;
    private boolean reachable = true;
    private boolean everConnected;
    private String unreachable;
    private long lastSeenAt; // when the daemon last answered a list: a stale table says so
    private java.util.Set<String> frozen = java.util.Set.of();
    private final MessageLog messages = new MessageLog(500);
    private List<String> candidates = List.of();
    private int overlayScroll;

    private int tab; // 0 = all (or the scope)
    private String filter = "";
    private Column sort;
    private boolean sortDesc;
    private Integer selected; // pmId
    private int cursor;

    private final Map<Integer, ArrayDeque<MetricSample>> samples = new HashMap<>();

    private Focus focus = Focus.PROCESSES;
    private Overlay overlay = Overlay.NONE;
    private final StringBuilder input = new StringBuilder();
    private Confirm confirm;
    private List<String> output = List.of();
    private String outputTitle = "";

    private final LogBuffer logs = new LogBuffer(5000);
    private String logTitle = "";
    private boolean follow = true;
    private boolean wrap;
    private boolean logNamespace;
    private long logTop; // absolute index of the first shown line when paused
    private final ArrayDeque<LogLine> held = new ArrayDeque<>(); // arrived while paused: the paused view holds still
    private long heldDropped;
    private LogStreams streams = LogStreams.BOTH;
    private boolean timestamps;
    private String search;
    private Pattern searchPattern;
    private long searchHit = -1;

    private int detailsScroll;
    private String flash = "";
    private boolean flashError;
    private long flashAt;
    private String themeName = "";

    public ConsoleModel(String scope, boolean readOnly) {
        this.scope = scope;
        this.readOnly = readOnly;
    }

    private void changed() {
        version++;
        notifyAll();
    }

    public synchronized long version() { return version; }

    /** Waits until the version differs from {@code seen} or {@code ms} pass. */
    public synchronized void awaitChange(long seen, long ms) throws InterruptedException {
        if (version == seen && ms > 0) wait(ms);
    }

    public String scope() { return scope; }
    public boolean readOnly() { return readOnly; }

    // ---- daemon data ----------------------------------------------------------------------------------

    public synchronized void setProcesses(List<ProcessInfo> ps) {
        List<ProcessInfo> in = new ArrayList<>();
        for (ProcessInfo p : ps) if (scope == null || scope.equals(p.namespace())) in.add(p);
        processes = List.copyOf(in);
        lastSeenAt = System.currentTimeMillis();
        TreeSet<Integer> live = new TreeSet<>();
        for (ProcessInfo p : processes) {
            live.add(p.pmId());
            ArrayDeque<MetricSample> q = samples.computeIfAbsent(p.pmId(), k -> new ArrayDeque<>());
            q.addLast(new MetricSample(System.currentTimeMillis(), p.status().isSignallable() ? p.cpu() : 0,
                    p.status().isSignallable() ? p.memory() : 0));
            while (q.size() > SPARK_SAMPLES) q.removeFirst();
        }
        samples.keySet().retainAll(live);
        if (tab >= tabs().size()) tab = 0;
        keepCursor();
        changed();
    }

    /** Seeds a process's sparkline history with the daemon's own samples (oldest first). */
    public synchronized void seedSamples(int pmId, List<MetricSample> history) {
        ArrayDeque<MetricSample> q = samples.get(pmId);
        if (q == null || history.isEmpty() || q.size() > 2) return;
        ArrayDeque<MetricSample> n = new ArrayDeque<>(history);
        n.addAll(q);
        while (n.size() > SPARK_SAMPLES) n.removeFirst();
        samples.put(pmId, n);
        changed();
    }

    public synchronized List<MetricSample> samples(int pmId) {
        ArrayDeque<MetricSample> q = samples.get(pmId);
        return q == null ? List.of() : List.copyOf(q);
    }

    public synchronized boolean hasFewSamples(int pmId) {
        ArrayDeque<MetricSample> q = samples.get(pmId);
        return q != null && q.size() <= 2;
    }

    public synchronized List<ProcessInfo> processes() { return processes; }

    public synchronized void setDaemon(DaemonInfo d) {
        daemon = d;
        changed();
    }

    public synchronized DaemonInfo daemon() { return daemon; }

    public synchronized void setReachable(boolean ok, String why) {
        if (ok) everConnected = true;
        if (reachable == ok && (ok || java.util.Objects.equals(why, unreachable))) return;
        if (reachable != ok && everConnected) { // kept in the message history: when it went away and came back
            messages.add(System.currentTimeMillis(), ok ? MessageLog.Kind.INFO : MessageLog.Kind.ERROR,
                    ok ? "daemon reachable again" : "daemon unreachable: " + why);
        }
        reachable = ok;
        unreachable = ok ? null : why;
        changed();
    }

    public synchronized boolean reachable() { return reachable; }
    public synchronized String unreachableReason() { return unreachable; }
    public synchronized boolean everConnected() { return everConnected; }
    /** When the daemon last answered a list (0: never). */
    public synchronized long lastSeenAt() { return lastSeenAt; }
    /** The shown data is no longer the daemon's: it stopped answering after having answered. */
    public synchronized boolean stale() { return !reachable && everConnected; }

    /** The namespaces the daemon has frozen (refusing every change). */
    public synchronized void setFreezes(List<FreezeInfo> fs) {
        java.util.Set<String> n = new TreeSet<>();
        for (FreezeInfo f : fs) n.add(f.namespace());
        if (n.equals(frozen)) return;
        frozen = java.util.Set.copyOf(n);
        changed();
    }

    public synchronized boolean frozen(String ns) { return ns == null ? !frozen.isEmpty() : frozen.contains(ns); }

    /** Counts per {@link Health} of a namespace (null = every process shown). */
    public synchronized Map<Health, Integer> health(String ns) {
        Map<Health, Integer> c = new EnumMap<>(Health.class);
        for (ProcessInfo p : processes) if (ns == null || ns.equals(p.namespace())) c.merge(Health.of(p), 1, Integer::sum);
        return c;
    }

    /** Processes of a namespace (null = all) restarting over and over ({@link Health#crashLooping}). */
    public synchronized int looping(String ns) {
        int n = 0;
        for (ProcessInfo p : processes) if ((ns == null || ns.equals(p.namespace())) && Health.crashLooping(p)) n++;
        return n;
    }

    // ---- tabs, rows, cursor -----------------------------------------------------------------------------

    /** Tab names: "all" then each namespace; only the scope when scoped. */
    public synchronized List<String> tabs() {
        if (scope != null) return List.of(scope);
        List<String> t = new ArrayList<>();
        t.add("all");
        t.addAll(namespaces());
        return t;
    }

    public synchronized List<String> namespaces() {
        TreeSet<String> ns = new TreeSet<>();
        for (ProcessInfo p : processes) ns.add(p.namespace());
        if (scope != null) ns.add(scope);
        return List.copyOf(ns);
    }

    public synchronized int tab() { return tab; }

    /** The namespace the current tab shows, or null for all. */
    public synchronized String tabNamespace() {
        if (scope != null) return scope;
        return tab == 0 ? null : tabs().get(tab);
    }

    public synchronized void moveTab(int delta) {
        int n = tabs().size();
        tab = Math.floorMod(tab + delta, n);
        cursor = 0;
        selected = null;
        keepCursor();
        changed();
    }

    /** Counts per {@link jmon.api.Health} of a namespace (null = every process shown): what the tabs show. */
    public synchronized Map<jmon.api.Health, Integer> healthCounts(String ns) {
        Map<jmon.api.Health, Integer> c = new EnumMap<>(jmon.api.Health.class);
        for (ProcessInfo p : processes) {
            if ((ns == null || ns.equals(p.namespace())) && p.status() != null) c.merge(jmon.api.Health.of(p), 1, Integer::sum);
        }
        return c;
    }

    /** Counts per status of a namespace (null = every process shown). */
    public synchronized Map<ProcessStatus, Integer> counts(String ns) {
        Map<ProcessStatus, Integer> c = new EnumMap<>(ProcessStatus.class);
        for (ProcessInfo p : processes) if (ns == null || ns.equals(p.namespace())) c.merge(p.status(), 1, Integer::sum);
        return c;
    }

    public synchronized String filter() { return filter; }

    public synchronized void setFilter(String f) {
        filter = f == null ? "" : f.trim();
        keepCursor();
        changed();
    }

    public synchronized Column sort() { return sort; }
    public synchronized boolean sortDesc() { return sortDesc; }

    /** Next sort column (none → namespace → name → … → priority → none). */
    public synchronized void nextSort() {
        Column[] cs = Column.values();
        sort = sort == null ? cs[0] : sort.ordinal() + 1 < cs.length ? cs[sort.ordinal() + 1] : null;
        sortDesc = sort == Column.CPU || sort == Column.MEM || sort == Column.RESTARTS;
        keepCursor();
        changed();
    }

    /** One-key sort: by {@code c} (numbers biggest first); pressed again, reversed. */
    public synchronized void sortBy(Column c) {
        if (sort == c) sortDesc = !sortDesc;
        else {
            sort = c;
            sortDesc = c == Column.CPU || c == Column.MEM || c == Column.RESTARTS || c == Column.UPTIME;
        }
        keepCursor();
        changed();
    }

    public synchronized void reverseSort() {
        if (sort == null) sort = Column.ID;
        sortDesc = !sortDesc;
        keepCursor();
        changed();
    }

    /** True when {@code p} passes the filter: a status word, a glob (* ?), or a substring of the name (any case). */
    public static boolean matches(ProcessInfo p, String filter) {
        if (filter == null || filter.isBlank()) return true;
        String f = filter.trim().toLowerCase(Locale.ROOT);
        if (f.startsWith("status:")) f = f.substring(7).trim();
        for (ProcessStatus s : ProcessStatus.values()) {
            if (s.wire().equals(f) || s.name().toLowerCase(Locale.ROOT).equals(f)) return p.status() == s;
        }
        String name = p.name().toLowerCase(Locale.ROOT);
        String qn = (p.namespace() + "/" + p.name()).toLowerCase(Locale.ROOT);
        if (f.contains("*") || f.contains("?")) {
            Pattern g = glob(f);
            return g.matcher(name).matches() || g.matcher(qn).matches();
        }
        return name.contains(f) || qn.contains(f);
    }

    static Pattern glob(String g) {
        StringBuilder r = new StringBuilder();
        for (char c : g.toCharArray()) {
            if (c == '*') r.append(".*");
            else if (c == '?') r.append('.');
            else r.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(r.toString());
    }

    /** The table: per namespace (sorted), a heading then its processes that pass the tab and the filter. */
    public synchronized List<Row> rows() {
        String ns = tabNamespace();
        Comparator<ProcessInfo> order = sort == null ? Comparator.comparingInt(ProcessInfo::pmId)
                : (sortDesc ? sort.order().reversed() : sort.order());
        order = order.thenComparingInt(ProcessInfo::pmId).thenComparingInt(ProcessInfo::instanceId);
        Map<String, List<ProcessInfo>> groups = new LinkedHashMap<>();
        for (String n : namespaces()) groups.put(n, new ArrayList<>());
        for (ProcessInfo p : processes) {
            if (ns != null && !ns.equals(p.namespace())) continue;
            if (!matches(p, filter)) continue;
            groups.get(p.namespace()).add(p);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<ProcessInfo>> g : groups.entrySet()) {
            if (g.getValue().isEmpty()) continue;
            g.getValue().sort(order);
            Map<ProcessStatus, Integer> c = new EnumMap<>(ProcessStatus.class);
            for (ProcessInfo p : g.getValue()) c.merge(p.status(), 1, Integer::sum);
            rows.add(new Row(g.getKey(), null, g.getValue().size(), c));
            for (ProcessInfo p : g.getValue()) rows.add(new Row(g.getKey(), p, 1, Map.of()));
        }
        return rows;
    }

    /** Index in {@link #rows()} of the selected process, or -1. */
    public synchronized int cursorRow() {
        List<Row> rows = rows();
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isGroup() && selected != null && rows.get(i).process().pmId() == selected) return i;
        }
        return -1;
    }

    public synchronized ProcessInfo selected() {
        if (selected == null) return null;
        for (ProcessInfo p : processes) if (p.pmId() == selected) return p;
        return null;
    }

    /** After a change of data or filter: stay on the same process, or on the row where it was (deleted). */
    private void keepCursor() {
        List<Row> rows = rows();
        List<Integer> procRows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) if (!rows.get(i).isGroup()) procRows.add(i);
        if (procRows.isEmpty()) {
            selected = null;
            cursor = 0;
            return;
        }
        if (selected != null) {
            for (int k = 0; k < procRows.size(); k++) {
                if (rows.get(procRows.get(k)).process().pmId() == selected) {
                    cursor = k;
                    return;
                }
            }
        }
        cursor = Math.max(0, Math.min(cursor, procRows.size() - 1));
        selected = rows.get(procRows.get(cursor)).process().pmId();
    }

    public synchronized void moveCursor(int delta) {
        List<Row> rows = rows();
        int n = (int) rows.stream().filter(r -> !r.isGroup()).count();
        if (n == 0) return;
        cursor = Math.max(0, Math.min(n - 1, cursor + delta));
        int k = 0;
        for (Row r : rows) {
            if (r.isGroup()) continue;
            if (k++ == cursor) selected = r.process().pmId();
        }
        changed();
    }

    public synchronized void cursorTo(boolean last) { moveCursor(last ? Integer.MAX_VALUE / 2 : -Integer.MAX_VALUE / 2); }

    // ---- focus, overlays, prompts --------------------------------------------------------------------------

    public synchronized Focus focus() { return focus; }

    public synchronized void setFocus(Focus f) {
        focus = f;
        detailsScroll = 0;
        changed();
    }

    public synchronized Overlay overlay() { return overlay; }

    public synchronized void open(Overlay o, String initialInput) {
        overlay = o;
        overlayScroll = 0;
        candidates = List.of();
        input.setLength(0);
        if (initialInput != null) input.append(initialInput);
        changed();
    }

    public synchronized void close() {
        overlay = Overlay.NONE;
        candidates = List.of();
        confirm = null;
        input.setLength(0);
        changed();
    }

    public synchronized String input() { return input.toString(); }

    public synchronized void type(String s) {
        input.append(s);
        candidates = List.of();
        if (overlay == Overlay.FILTER) setFilter(input.toString());
        changed();
    }

    public synchronized void setInput(String s) {
        input.setLength(0);
        input.append(s);
        changed();
    }

    public synchronized void backspace() {
        if (input.length() > 0) input.setLength(input.offsetByCodePoints(input.length(), -1));
        if (overlay == Overlay.FILTER) setFilter(input.toString());
        changed();
    }

    public synchronized void ask(Confirm c) {
        confirm = c;
        overlay = Overlay.CONFIRM;
        input.setLength(0);
        changed();
    }

    public synchronized Confirm confirm() { return confirm; }

    public synchronized void showOutput(String title, List<String> lines) {
        outputTitle = title;
        output = List.copyOf(lines);
        overlay = Overlay.OUTPUT;
        overlayScroll = 0;
        changed();
    }

    public synchronized List<String> output() { return output; }
    public synchronized String outputTitle() { return outputTitle; }

    /** First line shown of a long popup (help, output, messages): they scroll, nothing is cut. */
    public synchronized int overlayScroll() { return overlayScroll; }

    public synchronized void scrollOverlay(int d, int total, int height) {
        overlayScroll = Math.max(0, Math.min(Math.max(0, total - height), overlayScroll + d));
        changed();
    }

    /** Completion candidates of the {@code :} line, shown above it until the next key. */
    public synchronized List<String> candidates() { return candidates; }

    public synchronized void setCandidates(List<String> c) {
        candidates = List.copyOf(c);
        changed();
    }

    // ---- logs -----------------------------------------------------------------------------------------------

    /** A new log source: clears the pane (history of the new source arrives right after). */
    public synchronized void resetLogs(String title) {
        logs.clear();
        logTitle = title;
        logTop = logs.first();
        searchHit = -1;
        follow = true; // a pause belongs to the app it was made on
        held.clear();
        heldDropped = 0;
        changed();
    }

    public synchronized void addLog(LogLine l) { addLogs(List.of(l)); }

    /** New lines: into the pane, or held aside while paused so the paused view does not move. */
    public synchronized void addLogs(List<LogLine> ls) {
        if (follow) for (LogLine l : ls) logs.add(l);
        else {
            for (LogLine l : ls) {
                held.addLast(l);
                if (held.size() > logs.capacity()) {
                    held.removeFirst();
                    heldDropped++;
                }
            }
        }
        changed();
    }

    /** Lines that arrived while paused (shown when following again). */
    public synchronized long heldCount() { return held.size() + heldDropped; }

    private void release() {
        while (!held.isEmpty()) logs.add(held.removeFirst());
        heldDropped = 0;
    }

    public synchronized LogStreams streams() { return streams; }

    public synchronized void nextStreams() {
        streams = LogStreams.values()[(streams.ordinal() + 1) % LogStreams.values().length];
        changed();
    }

    public synchronized boolean timestamps() { return timestamps; }

    public synchronized void toggleTimestamps() {
        timestamps = !timestamps;
        changed();
    }

    /** The compiled search (a regular expression, any case; an invalid one is taken literally), or null. */
    public synchronized Pattern searchPattern() { return searchPattern; }

    public synchronized String logTitle() { return logTitle; }
    public synchronized boolean follow() { return follow; }
    public synchronized boolean wrap() { return wrap; }
    public synchronized boolean logNamespace() { return logNamespace; }
    public synchronized String search() { return search; }
    public synchronized long searchHit() { return searchHit; }

    public synchronized void toggleFollow() {
        follow = !follow;
        if (!follow) logTop = Math.max(logs.first(), logs.end() - 1);
        else release();
        changed();
    }

    /** Pauses with {@code height} lines of the newest still in view. */
    public synchronized void pause(int height) {
        if (!follow) return;
        follow = false;
        logTop = firstOfLast(height);
        changed();
    }

    /** Absolute index of the oldest of the newest {@code height} shown lines (stream filter applied). */
    private long firstOfLast(int height) {
        long i = logs.end();
        int n = 0;
        List<LogLine> all = logs.slice(logs.first(), logs.end());
        for (int k = all.size() - 1; k >= 0 && n < height; k--) {
            i = logs.first() + k;
            if (streams.shows(all.get(k))) n++;
        }
        return i;
    }

    public synchronized void toggleWrap() {
        wrap = !wrap;
        changed();
    }

    public synchronized void toggleLogNamespace() {
        logNamespace = !logNamespace;
        changed();
    }

    /** The lines to show in a pane of {@code height} lines (line-granular; wrapping is the view's business). */
    public synchronized List<LogLine> visibleLogs(int height) {
        if (streams == LogStreams.BOTH) { // no filter: only the lines shown are copied
            long top = follow ? logs.end() - height : Math.max(logTop, logs.first());
            return logs.slice(top, top + height);
        }
        List<LogLine> out = new ArrayList<>();
        if (follow) {
            List<LogLine> all = logs.slice(logs.first(), logs.end());
            for (int k = all.size() - 1; k >= 0 && out.size() < height; k--) if (streams.shows(all.get(k))) out.add(0, all.get(k));
            return out;
        }
        long top = Math.max(logTop, logs.first());
        for (LogLine l : logs.slice(top, logs.end())) {
            if (out.size() >= height) break;
            if (streams.shows(l)) out.add(l);
        }
        return out;
    }

    /** Scrolls by {@code delta} lines (negative = older); scrolling pauses follow, reaching the end resumes it. */
    public synchronized void scrollLogs(int delta, int height) {
        long top = follow ? firstOfLast(height) : Math.max(logTop, logs.first());
        top = Math.max(logs.first(), top + delta);
        if (top + height >= logs.end() && delta > 0) {
            follow = true;
            release();
        } else {
            follow = false;
            logTop = Math.min(top, Math.max(logs.first(), logs.end() - 1));
        }
        changed();
    }

    public synchronized void logsTo(boolean newest) {
        if (newest) {
            follow = true;
            release();
        } else {
            follow = false;
            logTop = logs.first();
        }
        changed();
    }

    /** Sets the search and jumps to the newest match above the view; false when there is none. */
    public synchronized boolean searchLogs(String needle, int height) { return searchLogs(needle, height, true); }

    /**
     * Sets the search (a regular expression, any case) and jumps to the next match: older ({@code backward}, the
     * direction of {@code /} and {@code n}) or newer ({@code N}), wrapping around; false when there is none.
     */
    public synchronized boolean searchLogs(String needle, int height, boolean backward) {
        String s = needle == null || needle.isBlank() ? null : needle;
        if (s == null) {
            search = null;
            searchPattern = null;
            changed();
            return true;
        }
        if (!s.equals(search)) {
            search = s;
            searchHit = -1;
            try {
                searchPattern = Pattern.compile(s, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            } catch (java.util.regex.PatternSyntaxException e) {
                searchPattern = Pattern.compile(Pattern.quote(s), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            }
        }
        long hit;
        if (backward) {
            hit = logs.findBackward(searchPattern, searchHit >= 0 ? searchHit : logs.end());
            if (hit < 0 && searchHit >= 0) hit = logs.findBackward(searchPattern, logs.end()); // wrap around
        } else {
            hit = logs.findForward(searchPattern, searchHit >= 0 ? searchHit + 1 : logs.first());
            if (hit < 0 && searchHit >= 0) hit = logs.findForward(searchPattern, logs.first());
        }
        searchHit = hit;
        if (hit >= 0) {
            follow = false;
            logTop = Math.max(logs.first(), hit - Math.min(3, height / 4)); // near the top: in view even when wrapped
        }
        changed();
        return hit >= 0;
    }

    public synchronized int logCount() { return logs.size(); }

    // ---- details, flash, theme ------------------------------------------------------------------------------

    public synchronized int detailsScroll() { return detailsScroll; }

    public synchronized void scrollDetails(int d) {
        detailsScroll = Math.max(0, detailsScroll + d);
        changed();
    }

    public synchronized void flash(String msg, boolean error) {
        flash = msg == null ? "" : msg.replace('\n', ' ');
        flashError = error;
        flashAt = System.currentTimeMillis();
        if (!flash.isEmpty()) messages.add(flashAt, error ? MessageLog.Kind.ERROR : MessageLog.Kind.INFO, flash);
        changed();
    }

    /** A change seen on the daemon's event stream (another shell, a crash): kept and shown on the activity line. */
    public synchronized void activity(long at, String msg, String group) {
        messages.add(at, MessageLog.Kind.ACTIVITY, msg, group);
        changed();
    }

    public synchronized List<MessageLog.Message> messages() { return messages.all(); }
    public synchronized MessageLog.Message lastActivity() { return messages.lastActivity(); }

    public synchronized String flash() { return flash; }
    public synchronized boolean flashError() { return flashError; }
    public synchronized long flashAt() { return flashAt; }

    public synchronized void setThemeName(String n) {
        themeName = n;
        changed();
    }

    public synchronized String themeName() { return themeName; }

    public synchronized void touch() { changed(); }
}
