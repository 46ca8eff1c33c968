package jmon.cli.commands;

import java.util.ArrayList;
import java.util.List;
import jmon.api.ActionResult;
import jmon.api.JmonApi;
import jmon.api.Selector;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/** sendSignal SIGNAL TARGET... and reset TARGET...: PM2's verbs, with the same targets and rules as stop. */
final class TargetCommand implements Command {
    private final boolean signal;

    private TargetCommand(boolean signal) { this.signal = signal; }

    static TargetCommand sendSignal() { return new TargetCommand(true); }

    static TargetCommand reset() { return new TargetCommand(false); }

    @Override public String name() { return signal ? "sendSignal" : "reset"; }

    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }

    @Override
    public String summary() {
        return signal ? "send a signal (e.g. SIGUSR2) to the main process of each target"
                : "set the restart counters of the targets back to zero";
    }

    @Override
    public String arguments() {
        return signal ? "SIGNAL <name|id|all|glob|namespace|file|script|/regex/>..." : "<name|id|all|glob|namespace|file|script|/regex/>...";
    }

    @Override
    public List<Opt> options() { return List.of(Opt.NAMESPACE, Opt.ALL_NAMESPACES, Opt.INCLUDE_PROTECTED, Opt.FORCE); }

    @Override
    public int run(Context ctx, Parsed p) {
        List<String> words = new ArrayList<>(p.positional());
        String sig = null;
        if (signal) {
            if (words.isEmpty()) throw new UsageException("which signal? e.g. jmon sendSignal SIGUSR2 api");
            sig = words.remove(0);
        }
        if (words.isEmpty()) throw new UsageException("which processes? give a name, an id, a glob or 'all'");
        ctx.overrideFreeze(p.has("force"));
        JmonApi api = ctx.apiStartingDaemon();
        String s = sig;
        Parsed targets = p.withPositional(words);
        ActionResult r = Targets.act(ctx, targets, api, p.has("include-protected"),
                sel -> signal ? api.signal(s, sel) : api.reset(sel));
        return Output.action(ctx, name(), r);
    }
}
