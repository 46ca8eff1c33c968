package jmon.cli.commands;

import java.util.List;
import jmon.cli.Command;
import jmon.cli.Completion;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/**
 * __complete (hidden): the live part of shell completion, one candidate a line. {@code names [NS]}: process
 * names (of NS, else of JMON_NAMESPACE, else all); {@code namespaces}. Prints nothing when no daemon runs and
 * never starts one; always exits 0 so a completion never shows an error.
 */
final class CompleteCommand implements Command {
    @Override public String name() { return "__complete"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.INTERNAL; }
    @Override public String summary() { return "completion candidates (names, namespaces) for shell scripts"; }
    @Override public String arguments() { return "names [NS] | namespaces"; }
    @Override public List<Opt> options() { return List.of(Opt.NAMESPACE); }

    @Override
    public int run(Context ctx, Parsed p) {
        if (p.positional().isEmpty()) throw new UsageException("names [NS] or namespaces");
        Completion.Source src = Completion.of(ctx);
        List<String> out = switch (p.positional().get(0)) {
            case "names" -> Completion.names(src, p.positional().size() > 1 && !p.positional().get(1).isEmpty()
                    ? p.positional().get(1) : ctx.namespace(p));
            case "namespaces" -> Completion.namespaces(src);
            default -> throw new UsageException("names [NS] or namespaces, not " + p.positional().get(0));
        };
        for (String s : out) ctx.out().println(s);
        return 0;
    }
}
