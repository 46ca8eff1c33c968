package jmon.cli.commands;

import java.util.List;
import jmon.api.HookReport;
import jmon.api.HookRun;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/**
 * hooks test EVENT: fires every hook of the daemon's config.json that listens to EVENT, for real, with a
 * made-up event, and shows how each went (exit 1 when one failed).
 */
final class HooksCommand implements Command {
    static final List<String> EVENTS = List.of("crash", "errored", "crash-loop", "memory", "incident");

    @Override public String name() { return "hooks"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "hooks test EVENT: fire the hooks of an event for real (" + String.join(", ", EVENTS) + ")"; }
    @Override public String arguments() { return "test EVENT"; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.NAMESPACE, Opt.value("APP", "the app named in the test event (default: test)", "--name"));
    }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        if (p.positional().size() != 2 || !p.positional().get(0).equals("test")) {
            throw new UsageException("usage: jmon hooks test EVENT (" + String.join(", ", EVENTS) + ")");
        }
        String event = p.positional().get(1);
        if (!EVENTS.contains(event)) throw new UsageException("unknown event '" + event + "': one of " + String.join(", ", EVENTS));
        String name = p.get("name");
        HookReport r = ctx.apiStartingDaemon().hooksTest(event, ctx.namespace(p), name);
        boolean allOk = true;
        for (HookRun run : r.runs()) {
            allOk &= run.ok();
            ctx.out().println((run.ok() ? "ok     " : "FAILED ") + run.hook() + ": " + run.detail() + " (" + run.ms() + " ms)");
        }
        ctx.out().println("[jmon] " + r.hooks() + " hook" + (r.hooks() == 1 ? "" : "s") + " configured; since the daemon started: "
                + r.fired() + " fired, " + r.failed() + " failed, " + r.suppressed() + " repeats held back, " + r.dropped() + " dropped");
        return allOk ? 0 : 1;
    }
}
