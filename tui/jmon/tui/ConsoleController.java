package jmon.tui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.EngineEvent;
import jmon.api.EventSink;
import jmon.api.JmonApi;
import jmon.api.LogLine;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.SaveResult;
import jmon.api.Selector;
import jmon.api.Verb;
import jmon.tui.keymap.Action;
import jmon.tui.keymap.Keymap;
import jmon.tui.model.ConsoleModel;
import jmon.tui.model.ConsoleModel.Focus;
import jmon.tui.model.ConsoleModel.Overlay;
import jmon.tui.theme.Theme;
import jmon.tui.view.ConsoleView;

/**
 * The console's behaviour: keys → actions, and the connections to the daemon. Three streams of data, each on its
 * own connection (a streaming call occupies one): the event stream (status changes wake the figures thread at
 * once), the figures thread ({@code list} once a second, {@code ping} every other second, {@code metrics} to seed
 * a sparkline), and the log stream of the current selection (a new connection per selection, the old one closed).
 * Actions run on one worker with its own connection. Any failure marks the daemon unreachable and retries with
 * backoff; nothing here blocks the UI thread.
 */
public final class ConsoleController implements AutoCloseable {
    /** Opens a fresh connection to the daemon (each caller closes its own). */
    public interface ApiFactory {
        JmonApi open();
    }

    /** Runs a CLI command line (the same command tree as the shell) and returns its exit code and output. */
    public interface CommandRunner {
        Outcome run(List<String> argv);
    }

    public record Outcome(int code, String output) {}

    /**
     * What the {@code :} line may run: the verbs (internal ones left out), which take --namespace, and what a
     * command line can do, read from the verb's own {@link jmon.cli.Access} attribute.
     */
    public record Verbs(List<String> all, List<String> namespaced, Function<List<String>, jmon.cli.Access> access) {
        /** True when running {@code argv} (verb first) could change anything. */
        public boolean mutating(List<String> argv) { return access.apply(argv) != jmon.cli.Access.READ_ONLY; }
    }

    static final List<String> NOT_HERE = List.of("console", "daemon", "demo", "kill");

    private final ConsoleModel m;
    private final ConsoleView view;
    private final ApiFactory apis;
    private final CommandRunner cli;
    private final Verbs verbs;
    private final Function<String, Theme> themes;
    private final List<String> themeCycle;
    private volatile boolean running = true;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemonThread(r, "jmon-console-actions"));
    private JmonApi actionApi; // worker thread only
    private final Object wake = new Object();
    private boolean wakeRequested;
    private final List<Thread> threads = new ArrayList<>();

    // log stream
    private String logKey;
    private String wantedKey;
    private long wantedSince;
    private long logRetryAt;
    private volatile JmonApi logApi;
    private volatile int logGen;
    /** Lines read by the log stream's thread, moved into the model by the UI loop's tick (no wait for a batch). */
    private final java.util.concurrent.ConcurrentLinkedQueue<LogLine> incoming = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean linesPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final ActivityFeed activity;

    public ConsoleController(ConsoleModel m, ConsoleView view, ApiFactory apis, CommandRunner cli, Verbs verbs,
                             Function<String, Theme> themes, List<String> themeCycle) {
        this.m = m;
        this.view = view;
        this.apis = apis;
        this.cli = cli;
        this.verbs = verbs;
        this.themes = themes;
        this.themeCycle = themeCycle;
        this.activity = new ActivityFeed(m);
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public boolean running() { return running; }

    // ---- incident wizard ------------------------------------------------------------------------------------

    private java.util.function.Supplier<WizardController> wizardFactory;
    private volatile WizardController wizard;
    private boolean quitWithWizard;

    /** How the wizard is made (needs the daemon's socket and JMON_HOME); {@code quitWithWizard}: {@code jmon incident}. */
    public void setWizardFactory(java.util.function.Supplier<WizardController> f, boolean quitWithWizard) {
        this.wizardFactory = f;
        this.quitWithWizard = quitWithWizard;
    }

    public WizardController wizard() { return wizard; }

    /** Opens the incident wizard over the console (the app.incident action). */
    public void openWizard() {
        if (wizardFactory == null) {
            m.flash("the incident wizard is not available here", true);
            return;
        }
        if (wizard != null) return;
        WizardController w = wizardFactory.get();
        wizard = w;
        view.setWizard(w);
        w.start();
        m.touch();
    }

    private void wizardKey(String key) {
        Action a = keymap().action("wizard", key);
        if (a == Action.APP_QUIT) {
            running = false;
            return;
        }
        if (a == null) return;
        WizardController w = wizard;
        if (!w.act(a)) {
            w.close();
            wizard = null;
            view.setWizard(null);
            if (quitWithWizard) running = false;
            requestRefresh();
            m.touch();
        }
    }

    /** Starts the event stream and the figures thread. */
    public void start() {
        threads.add(daemonThread(this::eventLoop, "jmon-console-events"));
        threads.add(daemonThread(this::figuresLoop, "jmon-console-figures"));
        threads.forEach(Thread::start);
    }

    // ---- daemon side -------------------------------------------------------------------------------------------

    private static void closeQuietly(JmonApi api) {
        if (api instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    private static String why(Exception e) {
        String s = e.getMessage() == null ? e.toString() : e.getMessage();
        return s.lines().findFirst().orElse(s);
    }

    /** Asks the figures thread for a refresh now (coalesced). */
    public void requestRefresh() {
        synchronized (wake) {
            wakeRequested = true;
            wake.notifyAll();
        }
    }

    private void sleepOrWake(long ms) {
        synchronized (wake) {
            long end = System.currentTimeMillis() + ms;
            while (!wakeRequested && running) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) break;
                try {
                    wake.wait(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
            wakeRequested = false;
        }
    }

    private void figuresLoop() {
        JmonApi api = null;
        long backoff = 250;
        int n = 0;
        while (running) {
            try {
                if (api == null) api = apis.open();
                List<ProcessInfo> ps = api.list(m.scope());
                m.setProcesses(ps);
                m.setReachable(true, null);
                if (n++ % 2 == 0 || m.daemon() == null) {
                    m.setDaemon(api.ping());
                    m.setFreezes(api.freezes());
                }
                ProcessInfo sel = m.selected();
                if (sel != null && m.hasFewSamples(sel.pmId())) m.seedSamples(sel.pmId(), api.metrics(sel.pmId()));
                backoff = 250;
                sleepOrWake(1000);
                sleepBriefly(100); // coalesce bursts of events into one list
            } catch (Exception e) {
                closeQuietly(api);
                api = null;
                m.setReachable(false, why(e));
                sleepOrWake(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
        closeQuietly(api);
    }

    private static void sleepBriefly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    private volatile JmonApi eventApi;

    private void eventLoop() {
        long backoff = 250;
        while (running) {
            JmonApi api = null;
            try {
                api = apis.open();
                eventApi = api;
                api.events(new EventSink() {
                    @Override
                    public boolean event(EngineEvent e) {
                        onEvent(e);
                        return running;
                    }

                    @Override
                    public boolean idle() { return running; }
                });
                backoff = 250;
            } catch (Exception e) {
                if (!running) break;
                m.setReachable(false, why(e));
            } finally {
                closeQuietly(api);
                eventApi = null;
            }
            if (!running) break;
            sleepBriefly(backoff);
            backoff = Math.min(backoff * 2, 5000);
        }
    }

    void onEvent(EngineEvent e) {
        if (e instanceof EngineEvent.StatusChanged s && s.to() == ProcessStatus.ERRORED) {
            m.flash(s.namespace() + "/" + s.name() + " errored" + (s.reason() == null ? "" : ": " + s.reason()), true);
        }
        activity.on(e);
        requestRefresh();
    }

    /** Called by the UI loop often: keeps the log stream on the current selection (debounced) and retries it. */
    public void tick() {
        drainLogs();
        ProcessInfo p = m.selected();
        String ns = p != null ? p.namespace() : m.tabNamespace();
        String key;
        if (m.logNamespace()) key = ns == null ? (m.scope() == null ? "*" : m.scope()) : "ns:" + ns;
        else key = p == null ? null : "id:" + p.pmId();
        long now = System.currentTimeMillis();
        if (key == null) {
            if (logKey != null) stopLogs();
            return;
        }
        if (!key.equals(wantedKey)) {
            wantedKey = key;
            wantedSince = now;
        }
        boolean retry = logKey != null && logKey.equals(key) && logApi == null && now >= logRetryAt && m.reachable();
        if ((!key.equals(logKey) && now - wantedSince >= 120) || retry) {
            String title;
            Selector sel;
            if (key.startsWith("id:")) {
                sel = Selector.of(p.namespace(), String.valueOf(p.pmId()));
                title = p.qualifiedName();
            } else if (key.equals("*")) {
                sel = new Selector(null, List.of(), true, true);
                title = "all namespaces";
            } else {
                String n = key.startsWith("ns:") ? key.substring(3) : key;
                sel = new Selector(n, List.of(), true, true);
                title = "namespace " + n;
            }
            openLogs(key, sel, title, !retry);
        }
    }

    /** Moves what the log stream read into the model: history shows as soon as it arrives. */
    void drainLogs() {
        linesPending.set(false);
        if (incoming.isEmpty()) return;
        List<LogLine> batch = new ArrayList<>();
        LogLine l;
        while ((l = incoming.poll()) != null) batch.add(l);
        m.addLogs(batch);
    }

    private void stopLogs() {
        logGen++;
        incoming.clear();
        JmonApi old = logApi;
        logApi = null;
        closeQuietly(old);
        logKey = null;
        m.resetLogs("");
    }

    private void openLogs(String key, Selector sel, String title, boolean reset) {
        int gen = ++logGen;
        JmonApi old = logApi;
        logApi = null;
        closeQuietly(old);
        logKey = key;
        incoming.clear();
        m.resetLogs(title); // a retry reads the history again: start clean
        Thread t = daemonThread(() -> {
            JmonApi api = null;
            try {
                api = apis.open();
                logApi = api;
                if (gen != logGen) return;
                api.logs(new LogQuery(sel, HISTORY_LINES, true, true, true), new LogSink() {
                    @Override
                    public boolean line(LogLine l) {
                        if (gen != logGen) return false;
                        incoming.add(l);
                        if (!linesPending.getAndSet(true)) m.touch(); // wakes the UI loop once per batch; it drains
                        return true;
                    }

                    @Override
                    public boolean idle() { return gen == logGen && running; }
                });
            } catch (Exception e) {
                if (gen == logGen) logRetryAt = System.currentTimeMillis() + 2000;
            } finally {
                if (gen == logGen) logApi = null;
                closeQuietly(api);
            }
        }, "jmon-console-logs");
        t.start();
    }

    /** Lines of history asked for on selection: the daemon's whole ring by default (logs.ring_lines). */
    static final int HISTORY_LINES = 1000;

    // ---- keys ---------------------------------------------------------------------------------------------------

    /** Handles one key (canonical notation); returns false when the console should close. */
    public boolean key(String key) {
        if (key == null) return running;
        if (wizard != null) {
            wizardKey(key);
            return running;
        }
        switch (m.overlay()) {
            case HELP, OUTPUT -> {
                if (key.equals("<Esc>") || key.equals("q") || key.equals("<Enter>") || keymap().action("global", key) == Action.APP_HELP) m.close();
                else scrollOverlay(keymap().action("logs", key));
                return running;
            }
            case CONFIRM -> {
                confirmKey(key);
                return running;
            }
            case FILTER, SEARCH, COMMAND -> {
                promptKey(key);
                return running;
            }
            default -> { }
        }
        String ctx = ConsoleView.context(m.focus());
        Keymap.Binding b = keymap().lookup(ctx, key);
        if (b == null) return running;
        if (b.command() != null) {
            runCommandLine(b.command().run());
            return running;
        }
        perform(b.action());
        return running;
    }

    private Keymap keymap() { return view.keymap(); }

    /** Help, output and messages scroll with the log keys: nothing in them is cut. */
    private void scrollOverlay(Action a) {
        if (a == null) return;
        int total = view.overlayLines().size(), h = view.overlayHeight();
        switch (a) {
            case LOGS_SCROLL_UP -> m.scrollOverlay(-1, total, h);
            case LOGS_SCROLL_DOWN -> m.scrollOverlay(1, total, h);
            case LOGS_PAGE_UP -> m.scrollOverlay(-Math.max(1, h - 1), total, h);
            case LOGS_PAGE_DOWN -> m.scrollOverlay(Math.max(1, h - 1), total, h);
            case LOGS_TOP -> m.scrollOverlay(-total, total, h);
            case LOGS_BOTTOM -> m.scrollOverlay(total, total, h);
            default -> { }
        }
    }

    private void confirmKey(String key) {
        ConsoleModel.Confirm c = m.confirm();
        if (c == null || key.equals("<Esc>")) {
            m.close();
            if (c != null) m.flash("cancelled", false);
            return;
        }
        if (c.typeBack() == null) {
            if (key.equals("y") || key.equals("Y")) {
                m.close();
                c.onYes().run();
            } else if (key.equals("n") || key.equals("N")) {
                m.close();
                m.flash("cancelled", false);
            }
            return;
        }
        if (key.equals("<Enter>")) {
            String in = m.input();
            m.close();
            if (in.equals(c.typeBack())) c.onYes().run();
            else m.flash("cancelled: you typed '" + in + "', not '" + c.typeBack() + "'", true);
        } else if (key.equals("<Backspace>")) m.backspace();
        else if (typed(key) != null) m.type(typed(key));
    }

    private static String typed(String key) {
        if (key.equals("<Space>")) return " ";
        return key.codePointCount(0, key.length()) == 1 ? key : null;
    }

    private void promptKey(String key) {
        Overlay o = m.overlay();
        switch (key) {
            case "<Esc>" -> {
                if (o == Overlay.FILTER) m.setFilter("");
                m.close();
            }
            case "<Enter>" -> {
                String in = m.input();
                m.close();
                if (o == Overlay.FILTER) m.setFilter(in);
                else if (o == Overlay.SEARCH) {
                    if (!m.searchLogs(in, view.paneHeight(), true)) m.flash("no line matches /" + in + "/", true);
                } else if (!in.isBlank()) runCommandLine(in);
            }
            case "<Backspace>" -> m.backspace();
            case "<Tab>" -> {
                if (o == Overlay.COMMAND) complete();
            }
            default -> {
                String t = typed(key);
                if (t != null) m.type(t);
            }
        }
    }

    /** Completes the last word of the command line: verbs first, then names, or namespaces after -n. */
    void complete() {
        String in = m.input();
        List<String> words = split(in);
        boolean fresh = in.isEmpty() || in.endsWith(" ");
        String cur = fresh ? "" : words.get(words.size() - 1);
        int idx = fresh ? words.size() : words.size() - 1;
        String prev = idx > 0 ? words.get(idx - 1) : null;
        TreeSet<String> cands = new TreeSet<>();
        if (idx == 0) {
            for (String v : verbs.all()) if (!NOT_HERE.contains(v) && (!m.readOnly() || !verbs.mutating(List.of(v)))) cands.add(v);
        } else if ("-n".equals(prev) || "--namespace".equals(prev)) {
            cands.addAll(m.namespaces());
        } else {
            cands.add("all");
            for (ProcessInfo p : m.processes()) cands.add(p.name());
            if (cur.startsWith("-")) cands.addAll(List.of("--namespace", "--all-namespaces", "--lines", "--nostream"));
        }
        List<String> hits = cands.stream().filter(c -> c.startsWith(cur)).toList();
        if (hits.isEmpty()) {
            m.flash("no completion for '" + cur + "'", true);
            return;
        }
        String common = hits.get(0);
        for (String h : hits) while (!h.startsWith(common)) common = common.substring(0, common.length() - 1);
        String base = in.substring(0, in.length() - cur.length());
        m.setInput(base + common + (hits.size() == 1 ? " " : ""));
        if (hits.size() > 1) {
            m.setCandidates(hits);
            m.flash(hits.size() + " candidates: " + String.join("  ", hits), false);
        }
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                else b.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || b.length() > 0) out.add(b.toString());
                b.setLength(0);
                any = false;
            } else b.append(c);
        }
        if (any || b.length() > 0) out.add(b.toString());
        return out;
    }

    /** Runs a CLI command line as the {@code :} bar does: scoped, read-only aware, output to the status line or a popup. */
    public void runCommandLine(String line) {
        List<String> argv = new ArrayList<>(split(line));
        if (argv.isEmpty()) return;
        String verb = argv.get(0);
        if (!verbs.all().contains(verb)) {
            m.flash("unknown command '" + verb + "' (Tab completes; the CLI's verbs work here)", true);
            return;
        }
        if (m.readOnly() && verbs.mutating(argv)) {
            m.flash("read-only console: '" + String.join(" ", argv) + "' can change things and is not available here", true);
            return;
        }
        if (NOT_HERE.contains(verb)) {
            m.flash("'" + verb + "' is not run from inside the console; use a shell", true);
            return;
        }
        int ni = Math.max(argv.indexOf("-n"), argv.indexOf("--namespace"));
        if (ni >= 0 && m.scope() != null && (ni + 1 >= argv.size() || !argv.get(ni + 1).equals(m.scope()))) {
            m.flash("this console is scoped to namespace " + m.scope() + "; nothing outside it is touched", true);
            return;
        }
        if (m.scope() != null && argv.contains("--all-namespaces")) {
            m.flash("this console is scoped to namespace " + m.scope() + "; --all-namespaces is refused", true);
            return;
        }
        String ns = m.tabNamespace();
        if (ni < 0 && ns != null && verbs.namespaced().contains(verb)) {
            argv.add(1, ns);
            argv.add(1, "-n");
        }
        if (verb.equals("logs")) {
            if (!argv.contains("--nostream")) argv.add("--nostream");
            if (!argv.contains("--lines") && !argv.contains("-l")) argv.addAll(List.of("--lines", "40"));
        }
        m.flash("running: " + String.join(" ", argv) + " …", false);
        worker.submit(() -> {
            try {
                Outcome o = cli.run(argv);
                List<String> lines = o.output().lines().toList();
                if (lines.size() <= 1) {
                    m.flash((o.code() == 0 ? "" : "exit " + o.code() + ": ") + (lines.isEmpty() ? verb + ": done" : lines.get(0)), o.code() != 0);
                } else {
                    m.showOutput(":" + String.join(" ", argv) + " → exit " + o.code(), lines);
                    m.flash(verb + ": exit " + o.code(), o.code() != 0);
                }
            } catch (Exception e) {
                m.flash(verb + ": " + why(e), true);
            }
            requestRefresh();
        });
    }

    // ---- actions ----------------------------------------------------------------------------------------------

    void perform(Action a) {
        if (a.mutating() && m.readOnly()) {
            m.flash("read-only console: " + a.label() + " is not available", true);
            return;
        }
        ProcessInfo p = m.selected();
        int ph = view.paneHeight();
        switch (a) {
            case APP_QUIT -> running = false;
            case APP_INCIDENT -> openWizard();
            case APP_MESSAGES -> showMessages();
            case APP_DAEMON_START -> startDaemon();
            case LIST_SORT_CPU -> m.sortBy(jmon.tui.model.Column.CPU);
            case LIST_SORT_MEMORY -> m.sortBy(jmon.tui.model.Column.MEM);
            case LIST_SORT_RESTARTS -> m.sortBy(jmon.tui.model.Column.RESTARTS);
            case LIST_SORT_NAME -> m.sortBy(jmon.tui.model.Column.NAME);
            case LOGS_STREAMS -> {
                m.nextStreams();
                m.flash("logs: " + m.streams().label(), false);
            }
            case LOGS_TIMESTAMPS -> m.toggleTimestamps();
            case LOGS_SEARCH_PREV -> {
                if (m.search() == null) m.open(Overlay.SEARCH, "");
                else if (!m.searchLogs(m.search(), ph, false)) m.flash("no match for /" + m.search() + "/", true);
            }
            case APP_HELP -> m.open(Overlay.HELP, null);
            case APP_COMMAND -> m.open(Overlay.COMMAND, null);
            case APP_THEME_NEXT -> nextTheme();
            case APP_REFRESH -> {
                requestRefresh();
                m.touch();
            }
            case VIEW_BACK -> {
                if (m.focus() != Focus.PROCESSES) m.setFocus(Focus.PROCESSES);
                else if (!m.filter().isEmpty()) m.setFilter("");
            }
            case CURSOR_UP -> m.moveCursor(-1);
            case CURSOR_DOWN -> m.moveCursor(1);
            case CURSOR_PAGE_UP -> m.moveCursor(-Math.max(1, view.tableHeight() - 1));
            case CURSOR_PAGE_DOWN -> m.moveCursor(Math.max(1, view.tableHeight() - 1));
            case CURSOR_TOP -> m.cursorTo(false);
            case CURSOR_BOTTOM -> m.cursorTo(true);
            case LIST_FILTER -> m.open(Overlay.FILTER, m.filter());
            case LIST_SORT_NEXT -> m.nextSort();
            case LIST_SORT_REVERSE -> m.reverseSort();
            case NAMESPACE_NEXT -> m.moveTab(1);
            case NAMESPACE_PREV -> m.moveTab(-1);
            case PROCESS_LOGS -> m.setFocus(Focus.LOGS);
            case PROCESS_DESCRIBE -> m.setFocus(Focus.DETAILS);
            case LOGS_FOLLOW -> {
                if (m.follow()) m.pause(ph);
                else m.toggleFollow();
            }
            case LOGS_WRAP -> m.toggleWrap();
            case LOGS_SEARCH -> m.open(Overlay.SEARCH, m.search() == null ? "" : m.search());
            case LOGS_SEARCH_NEXT -> {
                if (m.search() == null) m.open(Overlay.SEARCH, "");
                else if (!m.searchLogs(m.search(), ph, true)) m.flash("no match for /" + m.search() + "/", true);
            }
            case LOGS_SCOPE -> {
                m.toggleLogNamespace();
                m.flash(m.logNamespace() ? "logs: the whole namespace, merged" : "logs: the selected process", false);
            }
            case LOGS_SCROLL_UP -> scroll(-1);
            case LOGS_SCROLL_DOWN -> scroll(1);
            case LOGS_PAGE_UP -> scroll(-Math.max(1, ph - 1));
            case LOGS_PAGE_DOWN -> scroll(Math.max(1, ph - 1));
            case LOGS_TOP -> m.logsTo(false);
            case LOGS_BOTTOM -> m.logsTo(true);
            case PROCESS_START, PROCESS_RESTART, PROCESS_RELOAD -> onProcess(p, a, false);
            case PROCESS_STOP, PROCESS_DELETE -> onProcess(p, a, true);
            case PROCESS_FLUSH -> {
                if (p == null) return;
                m.ask(new ConsoleModel.Confirm("flush the logs of " + p.qualifiedName() + " (id " + p.pmId() + ")?\n"
                        + "Its out and error log files are emptied; what they held is gone.", null,
                        () -> act("flush " + p.qualifiedName(), api -> outcome("flush", api.flush(Selector.of(p.namespace(), String.valueOf(p.pmId())))))));
            }
            case PROCESS_SCALE_UP, PROCESS_SCALE_DOWN -> scale(p, a == Action.PROCESS_SCALE_UP ? 1 : -1);
            case NAMESPACE_SAVE -> {
                String ns = m.tabNamespace();
                act("save " + (ns == null ? "every namespace" : ns), api -> saved(api.save(ns, false)));
            }
            case NAMESPACE_RESTART, NAMESPACE_STOP -> bulk(a == Action.NAMESPACE_RESTART ? Verb.RESTART : Verb.STOP);
        }
    }

    private void scroll(int d) {
        if (m.focus() == Focus.DETAILS) m.scrollDetails(d);
        else m.scrollLogs(d, view.paneHeight());
    }

    private void nextTheme() {
        if (themeCycle.size() <= 1) {
            m.flash("NO_COLOR is set: the mono theme only", false);
            return;
        }
        int i = themeCycle.indexOf(m.themeName());
        String next = themeCycle.get((i + 1) % themeCycle.size());
        Theme t = themes.apply(next);
        view.setTheme(t);
        m.setThemeName(next);
        m.flash("theme: " + next, false);
    }

    private static Verb verbOf(Action a) {
        return switch (a) {
            case PROCESS_START -> Verb.START;
            case PROCESS_STOP -> Verb.STOP;
            case PROCESS_RESTART -> Verb.RESTART;
            case PROCESS_RELOAD -> Verb.RELOAD;
            case PROCESS_DELETE -> Verb.DELETE;
            default -> throw new IllegalArgumentException(a.id());
        };
    }

    private void onProcess(ProcessInfo p, Action a, boolean ask) {
        if (p == null) {
            m.flash("no process selected", true);
            return;
        }
        Verb v = verbOf(a);
        Runnable run = () -> act(v.wire() + " " + p.qualifiedName(),
                api -> outcome(v.wire(), api.act(v, Selector.of(p.namespace(), String.valueOf(p.pmId())))));
        String guarded = guarded(p);
        if (ask || guarded != null) m.ask(new ConsoleModel.Confirm(v.wire() + " " + p.qualifiedName() + " (id " + p.pmId() + ")?"
                + (v == Verb.DELETE ? "\nIt is stopped and forgotten; its logs stay on disk." : "")
                + (guarded == null ? "" : "\n" + guarded), null, run));
        else run.run();
    }

    /** Why an action on {@code p} asks first even when the verb does not (protected, production), or null. */
    static String guarded(ProcessInfo p) {
        if (p.spec() == null) return null;
        if (p.spec().isProtected()) return "It is a protected app" + ("production".equals(p.spec().tier()) ? " of production." : ".");
        if ("production".equals(p.spec().tier())) return "It is a production app.";
        return null;
    }

    private void showMessages() {
        List<String> lines = new ArrayList<>();
        java.time.ZoneId z = java.time.ZoneId.systemDefault();
        for (jmon.tui.model.MessageLog.Message msg : m.messages()) {
            java.time.LocalTime t = java.time.Instant.ofEpochMilli(msg.at()).atZone(z).toLocalTime();
            String mark = switch (msg.kind()) {
                case ERROR -> "!";
                case ACTIVITY -> "»";
                case INFO -> " ";
            };
            lines.add(ActivityFeed.two(t.getHour()) + ":" + ActivityFeed.two(t.getMinute()) + ":" + ActivityFeed.two(t.getSecond())
                    + " " + mark + " " + msg.text());
        }
        if (lines.isEmpty()) lines.add("no messages yet");
        m.showOutput("messages, oldest first (» activity, ! error)", lines);
        m.scrollOverlay(lines.size(), lines.size(), view.overlayHeight());
    }

    /** The one key of the unreachable banner: {@code jmon ping} starts a daemon (or says why it cannot). */
    private void startDaemon() {
        m.flash("starting the daemon (jmon ping) …", false);
        worker.submit(() -> {
            try {
                Outcome o = cli.run(List.of("ping"));
                String first = o.output().lines().findFirst().orElse("");
                m.flash(o.code() == 0 ? "daemon started: " + first : "could not start the daemon (exit " + o.code() + "): " + first, o.code() != 0);
            } catch (Exception e) {
                m.flash("could not start the daemon: " + why(e), true);
            }
            requestRefresh();
        });
    }

    private void scale(ProcessInfo p, int d) {
        if (p == null || p.spec() == null) {
            m.flash("no process selected", true);
            return;
        }
        int n = p.spec().instances() + d;
        if (n < 1) {
            m.flash(p.namespace() + "/" + p.name() + " has one instance; stop or delete it instead", true);
            return;
        }
        // only the count changes: the instances that stay are not restarted
        Runnable run = () -> act("scale " + p.namespace() + "/" + p.name() + " to " + n,
                api -> outcome("scale to " + n, api.scale(p.namespace(), p.name(), n)));
        if (d < 0) m.ask(new ConsoleModel.Confirm("scale " + p.namespace() + "/" + p.name() + " down to " + n
                + " instance" + (n == 1 ? "" : "s") + "?", null, run));
        else run.run();
    }

    private void bulk(Verb v) {
        String ns = m.tabNamespace();
        if (ns == null) {
            m.ask(new ConsoleModel.Confirm(v.wire() + " every process in EVERY namespace (" + String.join(", ", m.namespaces())
                    + ")?\nProtected apps are skipped.", "all",
                    () -> act(v.wire() + " all namespaces", api -> outcome(v.wire(), api.act(v, new Selector(null, List.of("all"), true, false))))));
        } else {
            long n = m.processes().stream().filter(p -> p.namespace().equals(ns)).count();
            m.ask(new ConsoleModel.Confirm(v.wire() + " all " + n + " processes of namespace " + ns + "?\nProtected apps are skipped.", ns,
                    () -> act(v.wire() + " all -n " + ns, api -> outcome(v.wire(), api.act(v, Selector.of(ns, "all"))))));
        }
    }

    private interface Call {
        String run(JmonApi api);
    }

    private void act(String what, Call call) {
        m.flash(what + " …", false);
        worker.submit(() -> {
            try {
                if (actionApi == null) actionApi = apis.open();
                m.flash(call.run(actionApi), false);
            } catch (Exception e) {
                closeQuietly(actionApi);
                actionApi = null;
                m.flash(what + " failed: " + why(e), true);
            }
            requestRefresh();
        });
    }

    static String outcome(String verb, ActionResult r) {
        StringBuilder b = new StringBuilder(verb + ": ");
        if (r.processes().isEmpty()) b.append("nothing to do");
        for (int i = 0; i < r.processes().size() && i < 4; i++) {
            ProcessInfo p = r.processes().get(i);
            if (i > 0) b.append(", ");
            b.append(p.qualifiedName()).append(' ').append(p.status().wire());
        }
        if (r.processes().size() > 4) b.append(" and ").append(r.processes().size() - 4).append(" more");
        for (String n : r.notes()) b.append(" · ").append(n);
        return b.toString();
    }

    private static String saved(SaveResult r) {
        StringBuilder b = new StringBuilder("saved:");
        for (SaveResult.Saved s : r.saved()) b.append(' ').append(s.namespace()).append(" (").append(s.apps()).append(" apps → ").append(s.path()).append(')');
        for (String n : r.notes()) b.append(" · ").append(n);
        return b.toString();
    }

    @Override
    public void close() {
        running = false;
        WizardController w = wizard;
        if (w != null) w.close();
        requestRefresh();
        logGen++;
        closeQuietly(logApi);
        closeQuietly(eventApi);
        worker.shutdownNow();
        for (Thread t : threads) {
            try {
                t.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
