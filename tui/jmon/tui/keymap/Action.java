package jmon.tui.keymap;

import java.util.Locale;

/**
 * Everything a key can do in the console. Ids are what keymap files name; labels are what help and the footer
 * show. {@code mutating} actions change the daemon's state and are dropped in read-only mode; {@code dangerous}
 * ones ask for confirmation first.
 */
public enum Action {
    APP_QUIT("app.quit", "quit", false, false),
    APP_HELP("app.help", "help", false, false),
    APP_COMMAND("app.command", "command line", false, false),
    APP_THEME_NEXT("app.theme.next", "next theme", false, false),
    APP_REFRESH("app.refresh", "refresh now", false, false),
    VIEW_BACK("view.back", "back", false, false),
    APP_INCIDENT("app.incident", "incident wizard", true, false),
    APP_MESSAGES("app.messages", "messages", false, false),
    APP_DAEMON_START("app.daemon.start", "start the daemon", true, false),

    CURSOR_UP("cursor.up", "up", false, false),
    CURSOR_DOWN("cursor.down", "down", false, false),
    CURSOR_PAGE_UP("cursor.page.up", "page up", false, false),
    CURSOR_PAGE_DOWN("cursor.page.down", "page down", false, false),
    CURSOR_TOP("cursor.top", "first", false, false),
    CURSOR_BOTTOM("cursor.bottom", "last", false, false),
    LIST_FILTER("list.filter", "filter", false, false),
    LIST_SORT_NEXT("list.sort.next", "sort column", false, false),
    LIST_SORT_REVERSE("list.sort.reverse", "reverse sort", false, false),
    LIST_SORT_CPU("list.sort.cpu", "sort by cpu", false, false),
    LIST_SORT_MEMORY("list.sort.memory", "sort by memory", false, false),
    LIST_SORT_RESTARTS("list.sort.restarts", "sort by restarts", false, false),
    LIST_SORT_NAME("list.sort.name", "sort by name", false, false),
    NAMESPACE_NEXT("namespace.next", "next tab", false, false),
    NAMESPACE_PREV("namespace.prev", "previous tab", false, false),

    PROCESS_START("process.start", "start", true, false),
    PROCESS_STOP("process.stop", "stop", true, true),
    PROCESS_RESTART("process.restart", "restart", true, false),
    PROCESS_RELOAD("process.reload", "reload", true, false),
    PROCESS_DELETE("process.delete", "delete", true, true),
    PROCESS_FLUSH("process.flush", "flush logs", true, true),
    PROCESS_SCALE_UP("process.scale.up", "instances +1", true, false),
    PROCESS_SCALE_DOWN("process.scale.down", "instances -1", true, true),
    PROCESS_LOGS("process.logs", "logs", false, false),
    PROCESS_DESCRIBE("process.describe", "details", false, false),
    NAMESPACE_SAVE("namespace.save", "save", true, false),
    NAMESPACE_RESTART("namespace.restart", "restart tab", true, true),
    NAMESPACE_STOP("namespace.stop", "stop tab", true, true),

    LOGS_FOLLOW("logs.follow", "follow/pause", false, false),
    LOGS_WRAP("logs.wrap", "wrap", false, false),
    LOGS_SEARCH("logs.search", "search", false, false),
    LOGS_SEARCH_NEXT("logs.search.next", "older match", false, false),
    LOGS_SEARCH_PREV("logs.search.prev", "newer match", false, false),
    LOGS_STREAMS("logs.streams", "out/err/both", false, false),
    LOGS_TIMESTAMPS("logs.timestamps", "timestamps", false, false),
    LOGS_SCOPE("logs.scope", "process/namespace", false, false),
    LOGS_SCROLL_UP("logs.scroll.up", "scroll up", false, false),
    LOGS_SCROLL_DOWN("logs.scroll.down", "scroll down", false, false),
    LOGS_PAGE_UP("logs.page.up", "page up", false, false),
    LOGS_PAGE_DOWN("logs.page.down", "page down", false, false),
    LOGS_TOP("logs.top", "oldest", false, false),
    LOGS_BOTTOM("logs.bottom", "newest", false, false),

    WIZARD_NEXT("wizard.next", "continue", false, false),
    WIZARD_SKIP("wizard.skip", "skip", false, false),
    WIZARD_MOVE_UP("wizard.move.up", "move up", false, false),
    WIZARD_MOVE_DOWN("wizard.move.down", "move down", false, false),
    WIZARD_RETRY("wizard.retry", "retry", false, false),
    WIZARD_ABORT("wizard.abort", "abort", false, false);

    private final String id;
    private final String label;
    private final boolean mutating;
    private final boolean dangerous;

    Action(String id, String label, boolean mutating, boolean dangerous) {
        this.id = id;
        this.label = label;
        this.mutating = mutating;
        this.dangerous = dangerous;
    }

    public String id() { return id; }
    public String label() { return label; }
    /** Changes the daemon's state: removed in read-only mode. */
    public boolean mutating() { return mutating; }
    /** Asks for confirmation before it runs. */
    public boolean dangerous() { return dangerous; }

    public static Action byId(String id) {
        for (Action a : values()) if (a.id.equals(id)) return a;
        return null;
    }

    /** The id closest to {@code id}, for "did you mean" messages. */
    public static String nearest(String id) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (Action a : values()) {
            int d = jmon.spec.Suggest.levenshtein(id.toLowerCase(Locale.ROOT), a.id);
            if (d < bestD) {
                bestD = d;
                best = a.id;
            }
        }
        return best;
    }

}
