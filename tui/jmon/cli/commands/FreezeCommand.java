package jmon.cli.commands;

import java.time.Instant;
import java.util.List;
import jmon.api.FreezeInfo;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/**
 * freeze / unfreeze: the runbook's first move ("no deployments until the incident is resolved"). A freeze
 * refuses every change to the namespace, from anyone, until lifted; the freezing operator's restore carries
 * the token, kept private in {@code $JMON_HOME/freezes/<ns>.token}.
 */
final class FreezeCommand implements Command {
    private final boolean freeze;

    FreezeCommand(boolean freeze) { this.freeze = freeze; }

    @Override public String name() { return freeze ? "freeze" : "unfreeze"; }

    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }

    @Override
    public String summary() {
        return freeze ? "refuse every change to a namespace until unfrozen (incident)" : "lift a namespace freeze";
    }

    @Override public String arguments() { return ""; }

    @Override
    public List<Opt> options() {
        return freeze ? List.of(Opt.NAMESPACE, Opt.value("TEXT", "why (shown to whoever is refused)", "--reason"),
                Opt.flag("list frozen namespaces", "--list")) : List.of(Opt.NAMESPACE);
    }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        if (freeze && p.has("list")) {
            for (FreezeInfo f : ctx.api().freezes()) {
                ctx.out().println(f.namespace() + "  frozen by " + f.user() + " since " + Instant.ofEpochMilli(f.at())
                        + ": " + f.reason());
            }
            return 0;
        }
        String ns = ctx.namespace(p);
        if (ns == null) throw new UsageException(name() + " needs --namespace NS");
        if (!freeze) {
            var r = ctx.apiStartingDaemon().unfreeze(ns);
            r.notes().forEach(n -> ctx.out().println("[jmon] " + n));
            java.nio.file.Files.deleteIfExists(FreezeTokens.file(ctx, ns));
            return 0;
        }
        FreezeInfo f = ctx.apiStartingDaemon().freeze(ns, p.get("reason"));
        FreezeTokens.store(ctx, f);
        ctx.out().println("[jmon] froze " + ns + ": " + f.reason() + " (changes refused until 'jmon unfreeze -n " + ns + "')");
        return 0;
    }
}
