package jmon.cli.commands;

import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;

/** reloadLogs: reopens every log file, after an outside tool (logrotate) moved them. */
final class ReloadLogsCommand implements Command {
    @Override public String name() { return "reloadLogs"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "reopen every log file (after an outside tool moved them)"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(); }

    @Override
    public int run(Context ctx, Parsed p) {
        int n = ctx.api().reloadLogs();
        ctx.out().println("[jmon] reopened " + n + " log file" + (n == 1 ? "" : "s"));
        return 0;
    }
}
