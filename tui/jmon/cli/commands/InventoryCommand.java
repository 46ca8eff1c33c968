package jmon.cli.commands;

import java.util.List;
import jmon.api.ExpectedApp;
import jmon.api.JmonApi;
import jmon.api.RegisteredFile;
import jmon.api.Tombstones;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.incident.Expected;

/**
 * inventory [add FILE|remove FILE|files]: what should be running, as the daemon computes it (dumps, apps started
 * with their files, tombstones of deleted apps, registered files). Everything goes through the API, so
 * {@code --host} lists and registers on that host.
 */
final class InventoryCommand implements Command {
    @Override public String name() { return "inventory"; }
    /** Add and remove change the daemon's inventory; without words (or with files) it only reads. */
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }

    @Override public jmon.cli.Access access(java.util.List<String> words) {
        return words.isEmpty() || words.get(0).equals("files") ? jmon.cli.Access.READ_ONLY : access();
    }
    @Override public String summary() { return "what should be running: dumps, started apps, deleted apps, registered files"; }
    @Override public String arguments() { return "[add FILE|remove FILE|files]"; }
    @Override public List<Opt> options() { return List.of(Opt.NAMESPACE, Opt.flag("JSON output", "--json")); }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        List<String> a = p.positional();
        if (!a.isEmpty() && a.get(0).equals("files")) {
            if (a.size() != 1) throw new UsageException("'files' takes no argument");
            for (RegisteredFile f : ctx.api().registeredFiles()) {
                ctx.out().println(f.path() + "  " + (f.problem() == null ? f.apps() + " app(s)" : f.problem()));
            }
            return 0;
        }
        if (!a.isEmpty()) {
            if (a.size() != 2 || !(a.get(0).equals("add") || a.get(0).equals("remove")))
                throw new UsageException("expected 'add FILE', 'remove FILE' or 'files'");
            // a path on the daemon's host: relative to this shell's directory only when that host is this one
            String path = ctx.host() == null ? ctx.cwd().resolve(a.get(1)).toAbsolutePath().normalize().toString() : a.get(1);
            if (!path.startsWith("/")) throw new UsageException("with --host, give the file's absolute path on that host");
            JmonApi api = ctx.apiStartingDaemon();
            var r = a.get(0).equals("add") ? api.registerFile(path) : api.unregisterFile(path);
            r.notes().forEach(n -> ctx.out().println("[jmon] " + n));
            return 0;
        }
        List<ExpectedApp> apps = ctx.api().expected(ctx.namespace(p));
        if (p.has("json")) {
            ctx.out().println(jmon.rpc.Json.write(apps));
            return 0;
        }
        ctx.out().printf("%-20s %-11s %-26s %-4s %-24s %-30s %s%n", "APPLICATION", "ENVIRONMENT", "PROCESS", "PRIO", "HEALTH", "CONFIG FILE", "DIRECTORY");
        for (ExpectedApp x : apps) {
            Expected e = new Expected(x.spec(), x.sourcePath(), x.source().name().toLowerCase(), 0);
            ctx.out().printf("%-20s %-11s %-26s %-4s %-24s %-30s %s%n", e.namespace(), e.tier(), e.name(),
                    e.priority() > 0 ? String.valueOf(e.priority()) : "-", e.healthCheck(),
                    e.configFile() == null ? "(" + e.from() + ")" : e.configFile(), e.cwd());
            if (x.deleted() != null) ctx.out().println("    " + Tombstones.prose(x.deleted()));
        }
        for (RegisteredFile f : ctx.api().registeredFiles()) {
            if (f.problem() != null) ctx.err().println("jmon inventory: " + f.path() + ": " + f.problem());
        }
        return 0;
    }
}
