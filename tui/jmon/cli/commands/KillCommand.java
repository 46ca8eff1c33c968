package jmon.cli.commands;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.rpc.RpcClient;

/** kill: stops every app (stop signal, kill_timeout, SIGKILL) and then the daemon. */
final class KillCommand implements Command {
    @Override public String name() { return "kill"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "stop every app in every namespace, then the daemon"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(Opt.FORCE); }

    @Override
    public int run(Context ctx, Parsed p) {
        if (!RpcClient.reachable(ctx.home().socket())) {
            ctx.out().println("[jmon] no daemon running for " + ctx.home().dir());
            return 0;
        }
        ctx.overrideFreeze(p.has("force"));
        var r = ctx.api().kill();
        ctx.out().println("[jmon] stopped " + r.processes().size() + " process"
                + (r.processes().size() == 1 ? "" : "es") + "; daemon stopping");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (RpcClient.reachable(ctx.home().socket()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return 0;
    }
}
