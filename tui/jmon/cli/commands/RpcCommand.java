package jmon.cli.commands;

import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.daemon.DaemonStarter;
import jmon.rpc.RpcClient;
import jmon.rpc.StdioBridge;

/**
 * rpc --stdio: bridges stdin/stdout to the local daemon's socket, byte for byte; what {@code jmon --host}
 * runs on the other side of ssh. Starts the daemon first unless {@code --no-start}.
 */
final class RpcCommand implements Command {
    @Override public String name() { return "rpc"; }
    /** Relays any request, mutating ones included. */
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "bridge stdin/stdout to the local daemon's socket (for jmon --host over ssh)"; }
    @Override public String arguments() { return "--stdio"; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.flag("speak the socket protocol on stdin/stdout", "--stdio"),
                Opt.flag("do not start the daemon when none runs (exit 3)", "--no-start"));
    }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        if (!p.has("stdio")) throw new UsageException("only --stdio is supported");
        // always the local daemon: a JMON_HOST in this side's environment does not apply to the bridge
        if (!RpcClient.reachable(ctx.trustedHome().socket())) {
            if (p.has("no-start")) throw RpcClient.unreachable(ctx.home().socket());
            DaemonStarter.ensureRunning(ctx.home(), ctx.env(), Context.DAEMON_START_TIMEOUT_MS);
        }
        StdioBridge.run(ctx.home().socket(), System.in, System.out);
        return 0;
    }
}
