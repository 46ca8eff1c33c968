package jmon.cli.commands;

import java.util.List;
import jmon.api.FreezeInfo;
import jmon.api.JmonApi;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.format.Jlist;
import jmon.rpc.RpcClient;

/** list (a table) and jlist (PM2's JSON): read-only, never start a daemon. */
final class ListCommand implements Command {
    private final boolean json;

    ListCommand(boolean json) { this.json = json; }

    @Override public String name() { return json ? "jlist" : "list"; }

    @Override public jmon.cli.Access access() { return jmon.cli.Access.READ_ONLY; }
    @Override public List<String> aliases() { return json ? List.of() : List.of("ls", "l", "status"); }

    @Override
    public String summary() {
        return json ? "every process as JSON in PM2's jlist shape" : "a table of processes";
    }

    @Override public String arguments() { return ""; }

    @Override
    public List<Opt> options() {
        return json ? List.of(Opt.NAMESPACE, Opt.flag("include each app's declared env (secrets redacted)", "--with-env"))
                : List.of(Opt.NAMESPACE, Opt.flag("more columns, up to the terminal width", "--wide", "-w"));
    }

    @Override
    public int run(Context ctx, Parsed p) {
        JmonApi api = ctx.api();
        if (json) {
            var ps = api.list(ctx.namespace(p));
            ctx.out().println(Jlist.toJson(ps, p.has("with-env"), System.currentTimeMillis()));
        } else if (api instanceof RpcClient rpc) {
            // both requests in one round trip; the freezes' failure, if any, still comes after the table
            RpcClient.ListAndFreezes both = rpc.listAndFreezes(ctx.namespace(p));
            Output.table(ctx, both.processes(), p.has("wide"));
            frozen(ctx, p, both.freezes());
        } else {
            var ps = api.list(ctx.namespace(p));
            Output.table(ctx, ps, p.has("wide"));
            frozen(ctx, p, api.freezes());
        }
        return 0;
    }

    private static void frozen(Context ctx, Parsed p, List<FreezeInfo> freezes) {
        for (var f : freezes) {
            if (ctx.namespace(p) == null || ctx.namespace(p).equals(f.namespace())) {
                ctx.out().println("FROZEN " + f.namespace() + " by " + f.user() + ": " + f.reason());
            }
        }
    }
}
