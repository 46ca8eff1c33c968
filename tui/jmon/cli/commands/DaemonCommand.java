package jmon.cli.commands;

import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.daemon.DaemonMain;
import jmon.http.Bind;

/** daemon: runs the daemon in the foreground (for systemd); logs go to stderr. */
final class DaemonCommand implements Command {
    @Override public String name() { return "daemon"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "run the daemon in the foreground (for systemd)"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(HTTP); }

    static final Opt HTTP = Opt.value("HOST:PORT", "serve the read-only HTTP endpoint there (overrides http.bind of "
            + "config.json; a non-loopback address needs http.token)", "--http");

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        String http = p.get("http");
        if (http != null) {
            try {
                Bind.parse(http);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--http: " + e.getMessage());
            }
        }
        return DaemonMain.run(ctx.home(), http, ctx.env());
    }
}
