package jmon.cli.commands;

import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/**
 * scale NAME N: PM2's verb. N instances exactly; {@code +N}/{@code -N} add or remove. The instances that stay are
 * not restarted.
 */
final class ScaleCommand implements Command {
    @Override public String name() { return "scale"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "set an app's instances to N (+N, -N): new ones start, the rest keep running"; }
    @Override public String arguments() { return "NAME N"; }
    @Override public List<Opt> options() { return List.of(Opt.NAMESPACE, Opt.FORCE); }

    @Override
    public int run(Context ctx, Parsed p) {
        if (p.positional().size() != 2) throw new UsageException("give an app name and a number of instances");
        String app = p.positional().get(0), n = p.positional().get(1);
        jmon.spec.RequestRules.checkAppName("NAME", app);
        String ns = ctx.namespace(p);
        ctx.overrideFreeze(p.has("force"));
        int count;
        try {
            count = Integer.parseInt(n.startsWith("+") ? n.substring(1) : n);
        } catch (NumberFormatException e) {
            throw new UsageException("N must be a whole number (or +N, -N), got '" + n + "'");
        }
        var api = ctx.apiStartingDaemon();
        if (n.startsWith("+") || n.startsWith("-")) {
            int have = 0;
            String where = null;
            for (var x : api.list(ns)) {
                if (!x.name().equals(app)) continue;
                if (where != null && !where.equals(x.namespace())) {
                    throw new UsageException("'" + app + "' exists in several namespaces; choose one with --namespace");
                }
                where = x.namespace();
                have++;
            }
            if (where == null) throw new jmon.api.JmonException(jmon.api.ErrorCode.NOT_FOUND, "no process named '" + app + "'");
            count = have + count;
            ns = where;
        }
        if (count < 1) throw new UsageException("an app keeps at least 1 instance (use 'jmon delete' to remove it)");
        return Output.action(ctx, "scale", api.scale(ns, app, count));
    }
}
