package jmon.cli.commands;

import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;

/** resurrect: brings back what was saved, in priority order; stopped apps stay stopped. */
final class ResurrectCommand implements Command {
    @Override public String name() { return "resurrect"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "restore saved processes in priority order (stopped stay stopped)"; }
    @Override public String arguments() { return ""; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.NAMESPACE, Opt.flag("print what would be restored, change nothing", "--dry-run"));
    }

    @Override
    public int run(Context ctx, Parsed p) {
        boolean dry = p.has("dry-run");
        var api = dry ? ctx.api() : ctx.apiStartingDaemon();
        return Output.action(ctx, "resurrect", api.resurrect(ctx.namespace(p), dry));
    }
}
