package jmon.cli.commands;

import java.util.List;
import jmon.api.ProcessInfo;
import jmon.api.Selector;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;

/** flush: empties the log files of the targets only (all in scope when none is named). */
final class FlushCommand implements Command {
    @Override public String name() { return "flush"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "empty the log files of processes (only those named)"; }
    @Override public String arguments() { return "[name|id|all|glob...]"; }
    @Override public List<Opt> options() { return List.of(Opt.NAMESPACE, Opt.ALL_NAMESPACES, Opt.INCLUDE_PROTECTED); }

    @Override
    public int run(Context ctx, Parsed p) {
        List<String> targets = p.positional().isEmpty() ? List.of("all") : p.positional();
        var r = ctx.apiStartingDaemon().flush(new Selector(ctx.namespace(p), targets, p.has("all-namespaces"),
                p.has("include-protected")));
        for (String n : r.notes()) ctx.out().println("[jmon] " + n);
        for (ProcessInfo i : r.processes()) {
            ctx.out().println("[jmon] flushed " + i.qualifiedName() + ": " + i.outLogPath() + ", " + i.errLogPath());
        }
        return 0;
    }
}
