package jmon.cli.commands;

import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.daemon.DaemonMain;

/** daemon: runs the daemon in the foreground (for systemd); logs go to stderr. */
final class DaemonCommand implements Command {
    @Override public String name() { return "daemon"; }
    @Override public String summary() { return "run the daemon in the foreground (for systemd)"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(); }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        return DaemonMain.run(ctx.home());
    }
}
