package jmon.cli.commands;

import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.tui.ConsoleMain;

/** console: the full-screen operator console (also what {@code jmon} with no verb opens). */
public final class ConsoleCommand implements Command {
    public static final Opt READ_ONLY = Opt.flag("no action that changes anything (view only)", "--read-only");
    public static final Opt KEYMAP = Opt.value("NAME|PATH", "keymap: default, vim, fkeys, or a file", "--keymap");
    public static final Opt THEME = Opt.value("NAME", "theme: default, light, high-contrast, mono (NO_COLOR forces mono)", "--theme");

    /** The options that, given alone, make {@code jmon} open the console. */
    public static final List<Opt> OPTIONS = List.of(Opt.NAMESPACE, READ_ONLY, KEYMAP, THEME);

    /** Why there is no console here, in one line. */
    public static final String NO_TERMINAL = "the console needs a terminal (stdin/stdout is not a tty); use jmon list, jmon logs or jmon describe";

    @Override public String name() { return "console"; }

    /** PM2's monit (its terminal dashboard) opens jmon's console. */
    @Override public List<String> aliases() { return List.of("monit"); }

    /** Its keys and : line change things unless --read-only. */

    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "open the full-screen console (the default with no verb)"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return OPTIONS; }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        if (!p.positional().isEmpty()) throw new UsageException("console takes no arguments, got '" + p.positional().get(0) + "'");
        if (!ctx.tty()) {
            ctx.err().println("jmon console: " + NO_TERMINAL);
            return 2;
        }
        ConsoleMain.Options o = new ConsoleMain.Options(ctx.namespace(p), p.has("read-only"),
                p.has("keymap") ? p.get("keymap") : configured(ctx, "keymap"),
                p.has("theme") ? p.get("theme") : configured(ctx, "theme"));
        return ConsoleMain.run(o, ctx.env(), ctx::newClient, ctx::newClient, ctx.home().socket(), ctx.cwd(), ctx.version(), Commands.all(), ctx.err());
    }

    /** {@code console.keymap} / {@code console.theme} from $JMON_HOME/config.json, when set there. */
    static String configured(Context ctx, String key) {
        java.nio.file.Path f = ctx.home().dir().resolve("config.json");
        try {
            if (!java.nio.file.Files.exists(f)) return null;
            Object root = jmon.rpc.LiteJson.parse(java.nio.file.Files.readString(f));
            if (root instanceof java.util.Map<?, ?> m && m.get("console") instanceof java.util.Map<?, ?> c
                    && c.get(key) instanceof String s) {
                return s;
            }
        } catch (java.io.IOException | RuntimeException e) {
            ctx.err().println("jmon console: ignoring " + f + ": " + e.getMessage());
        }
        return null;
    }
}
