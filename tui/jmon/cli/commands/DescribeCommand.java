package jmon.cli.commands;

import java.util.List;
import jmon.api.ErrorCode;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.cli.render.Describe;

/** describe: everything about one process (or each instance of an app). */
final class DescribeCommand implements Command {
    @Override public String name() { return "describe"; }
    @Override public List<String> aliases() { return List.of("show", "desc", "info"); }
    @Override public String summary() { return "everything about a process: status, exits, paths, spec"; }
    @Override public String arguments() { return "<name|id>"; }
    @Override public List<Opt> options() { return List.of(Opt.NAMESPACE); }

    @Override
    public int run(Context ctx, Parsed p) {
        if (p.positional().size() != 1) throw new UsageException("describe takes one name or id");
        String t = p.positional().get(0);
        String ns = ctx.namespace(p);
        List<ProcessInfo> all = ctx.api().list(ns);
        List<ProcessInfo> hit = all.stream().filter(x -> x.name().equals(t) || Integer.toString(x.pmId()).equals(t))
                .toList();
        if (hit.isEmpty()) {
            throw new JmonException(ErrorCode.NOT_FOUND, "no process '" + t + "'" + (ns == null ? "" : " in namespace " + ns)
                    + "; processes: " + String.join(", ", all.stream().map(ProcessInfo::qualifiedName).toList()));
        }
        if (hit.stream().map(ProcessInfo::namespace).distinct().count() > 1) {
            throw new JmonException(ErrorCode.AMBIGUOUS, "'" + t + "' exists in several namespaces: "
                    + String.join(", ", hit.stream().map(ProcessInfo::qualifiedName).toList())
                    + "; choose one with --namespace");
        }
        long now = System.currentTimeMillis();
        for (int i = 0; i < hit.size(); i++) {
            if (i > 0) ctx.out().println();
            ctx.out().print(Describe.render(hit.get(i), ctx.color(), now));
            ctx.out().print(Describe.metrics(ctx.api().metrics(hit.get(i).pmId())));
        }
        return 0;
    }
}
