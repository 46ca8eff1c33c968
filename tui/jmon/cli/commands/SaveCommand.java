package jmon.cli.commands;

import java.util.List;
import jmon.api.SaveResult;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;

/** save: one dump file per namespace, atomic, with history. */
final class SaveCommand implements Command {
    @Override public String name() { return "save"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public List<String> aliases() { return List.of("dump"); }
    @Override public String summary() { return "save the process list, one dump-<namespace>.json per namespace"; }
    @Override public String arguments() { return ""; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.NAMESPACE, Opt.flag("allow replacing a saved list with an empty one", "--force"));
    }

    @Override
    public int run(Context ctx, Parsed p) {
        SaveResult r = ctx.apiStartingDaemon().save(ctx.namespace(p), p.has("force"));
        for (SaveResult.Saved s : r.saved()) {
            ctx.out().println("[jmon] saved " + s.apps() + " app" + (s.apps() == 1 ? "" : "s") + " of " + s.namespace()
                    + " to " + s.path());
        }
        for (String n : r.notes()) ctx.out().println("[jmon] " + n);
        return 0;
    }
}
