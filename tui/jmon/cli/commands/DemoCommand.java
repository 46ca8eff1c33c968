package jmon.cli.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jmon.api.AppSpec;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/**
 * demo: starts the bundled example ecosystem (apps already running are left as they are, so running it twice
 * is harmless), then opens the console when there is a terminal, else prints the process list and how to open it.
 */
final class DemoCommand implements Command {
    @Override public String name() { return "demo"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "start the bundled example ecosystem and show it"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(); }

    static Path examples(Context ctx) {
        String launcher = System.getProperty("jmon.launcher");
        if (launcher != null) {
            Path p = Path.of(launcher).toAbsolutePath().getParent().resolve("examples/ecosystem.json");
            if (Files.isRegularFile(p)) return p;
        }
        Path p = ctx.cwd().resolve("examples/ecosystem.json");
        if (Files.isRegularFile(p)) return p;
        throw new UsageException("examples/ecosystem.json not found; run ./jmon demo from the jmon checkout");
    }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        Path file = examples(ctx);
        List<AppSpec> apps = StartCommand.load(ctx, Parsed.parse(List.of(), List.of()), file, null);
        if (apps == null) return 2;
        var r = ctx.apiStartingDaemon().start(apps, false);
        for (String n : r.notes()) ctx.out().println("[jmon] " + n);
        if (ctx.tty()) { // a terminal: straight into the console on the example
            return jmon.tui.ConsoleMain.run(new jmon.tui.ConsoleMain.Options(null, false, null, null), ctx.env(),
                    ctx.home().socket(), ctx.cwd(), ctx.version(), Commands.all(), ctx.err());
        }
        Output.table(ctx, ctx.api().list(null), false);
        ctx.out().println();
        ctx.out().println("The example runs under JMON_HOME=" + ctx.home().dir() + ". Try: jmon logs, jmon describe shop-api -n shop-prod,");
        ctx.out().println("jmon stop all -n shop-test, jmon save. Stop everything with: jmon kill");
        ctx.out().println("Open the console (in a terminal) with: jmon   (or jmon console, jmon -n shop-prod)");
        return 0;
    }
}
