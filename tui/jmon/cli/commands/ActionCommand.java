package jmon.cli.commands;

import java.util.List;
import jmon.api.Verb;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/** stop / restart / reload / delete on existing processes, with jmon's namespace safety rules. */
final class ActionCommand implements Command {
    private final Verb verb;
    private final List<String> aliases;
    private final String summary;

    ActionCommand(Verb verb, String summary, String... aliases) {
        this.verb = verb;
        this.summary = summary;
        this.aliases = List.of(aliases);
    }

    @Override public String name() { return verb.wire(); }

    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public List<String> aliases() { return aliases; }
    @Override public String summary() { return summary; }
    @Override public String arguments() { return "<name|id|all|glob|namespace|file|script|/regex/>..."; }

    @Override
    public List<Opt> options() {
        boolean restarts = verb == Verb.RESTART || verb == Verb.RELOAD;
        return restarts ? List.of(Opt.NAMESPACE, Opt.ALL_NAMESPACES, Opt.INCLUDE_PROTECTED, Opt.FORCE, CallerEnv.UPDATE_ENV)
                : List.of(Opt.NAMESPACE, Opt.ALL_NAMESPACES, Opt.INCLUDE_PROTECTED, Opt.FORCE);
    }

    @Override
    public int run(Context ctx, Parsed p) {
        if (p.positional().isEmpty()) throw new UsageException("which processes? give a name, an id, a glob or 'all'");
        ctx.overrideFreeze(p.has("force"));
        jmon.api.JmonApi api = ctx.apiStartingDaemon();
        // --update-env: the new environment replaces the apps' specs, a startOrRestart of exactly these apps
        return Output.action(ctx, verb.wire(), Targets.act(ctx, p, api, p.has("include-protected"), s -> p.has("update-env")
                ? api.start(CallerEnv.selected(ctx, api, s), true) : api.act(verb, s)));
    }
}
