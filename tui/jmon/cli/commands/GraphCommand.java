package jmon.cli.commands;

import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.render.DependencyGraph;

/** graph: the depends_on graph of the managed apps, as a tree (or Graphviz dot), with each app's status. */
final class GraphCommand implements Command {
    @Override public String name() { return "graph"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.READ_ONLY; }
    @Override public String summary() { return "the dependency graph of the apps (depends_on, part_of, binds_to)"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(Opt.NAMESPACE, Opt.flag("Graphviz dot instead of a tree", "--dot")); }

    @Override
    public int run(Context ctx, Parsed p) {
        String ns = ctx.namespace(p);
        DependencyGraph g = new DependencyGraph(ctx.api().list(null)); // dependencies may cross namespaces
        String text = p.has("dot") ? g.dot(ns) : g.tree(ns);
        if (text.isEmpty()) {
            ctx.out().println("[jmon] no apps" + (ns == null ? "" : " in namespace " + ns));
        } else {
            ctx.out().print(text);
        }
        return 0;
    }
}
