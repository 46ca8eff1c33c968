package jmon.cli.commands;

import java.util.List;
import jmon.api.DaemonInfo;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.render.Fmt;
import jmon.cli.render.Human;

/** ping: starts the daemon if needed and shows who answers. */
final class PingCommand implements Command {
    @Override public String name() { return "ping"; }
    /** Starts the daemon when none runs. */
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "start the daemon if needed; print its version and uptime"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(); }

    @Override
    public int run(Context ctx, Parsed p) {
        DaemonInfo d = ctx.apiStartingDaemon().ping();
        ctx.out().println("pong: jmon " + d.version() + ", pid " + d.pid() + ", up " + Human.duration(d.uptimeMs())
                + ", home " + d.home());
        if (d.status() != null) {
            ctx.out().println("daemon: cpu " + Human.percent(d.status().cpu()) + ", rss " + Human.bytes(d.status().rss())
                    + ", heap " + Human.bytes(d.status().heapUsed()) + "/" + Human.bytes(d.status().heapMax())
                    + ", " + d.status().threads() + " threads");
        }
        if (d.host() != null) {
            var h = d.host();
            ctx.out().println("host " + h.hostname() + ": cpu " + Human.percent(h.cpu()) + " of " + h.cores() + " cores, memory "
                    + Human.bytes(h.memTotal() - h.memAvailable()) + "/" + Human.bytes(h.memTotal()) + ", load "
                    + Fmt.fixed2(h.load1()) + " " + Fmt.fixed2(h.load5()) + " " + Fmt.fixed2(h.load15()) + ", disk free "
                    + Human.bytes(h.diskFree()) + "/" + Human.bytes(h.diskTotal()));
        }
        // what the daemon wants the operator to know (a setting it ignored, a file it could not read)
        for (String w : d.warnings()) ctx.out().println("warning: " + w);
        return 0;
    }
}
