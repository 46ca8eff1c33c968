package jmon.cli.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jmon.api.AppSpec;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.spec.EcosystemLoader;
import jmon.spec.LoadOptions;
import jmon.spec.LoadResult;
import jmon.spec.Problem;

/** validate: prints each app of a file and every problem; exit 2 on any problem. Needs no daemon. */
final class ValidateCommand implements Command {
    @Override public String name() { return "validate"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.READ_ONLY; }
    @Override public String summary() { return "check an ecosystem file: list its apps and every problem"; }
    @Override public String arguments() { return "<ecosystem.json>"; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.NAMESPACE, Opt.value("ENV", "apply env_<ENV>", "--env"),
                Opt.value("a,b", "only these apps", "--only"));
    }

    @Override
    public int run(Context ctx, Parsed p) {
        if (p.positional().size() != 1) throw new UsageException("validate takes one file");
        Path f = ctx.cwd().resolve(p.positional().get(0));
        if (!Files.isRegularFile(f)) throw new UsageException("no such file: " + f);
        Set<String> only = new LinkedHashSet<>();
        if (p.has("only")) for (String s : p.get("only").split("[,\\s]+")) if (!s.isBlank()) only.add(s);
        LoadResult r = new EcosystemLoader(ctx.env()).load(f,
                new LoadOptions(ctx.namespace(p), p.get("env"), only, null, new ArrayList<>()));
        if (!r.apps().isEmpty()) {
            ctx.out().printf("%-20s %-24s %8s  %s%n", "NAMESPACE", "NAME", "PRIORITY", "SCRIPT");
            for (AppSpec a : r.apps()) {
                ctx.out().printf("%-20s %-24s %8s  %s%n", a.namespace(), a.name(),
                        a.priority() > 0 ? Integer.toString(a.priority()) : "-",
                        String.join(" ", jmon.engine.LaunchPlans.command(a)));
            }
        }
        for (Problem pr : r.problems()) ctx.err().println(pr);
        if (!r.ok()) {
            ctx.err().println(r.problems().size() + " problem" + (r.problems().size() == 1 ? "" : "s") + " in " + f);
            return 2;
        }
        ctx.out().println("ok: " + r.apps().size() + " app" + (r.apps().size() == 1 ? "" : "s") + ", no problems");
        return 0;
    }
}
