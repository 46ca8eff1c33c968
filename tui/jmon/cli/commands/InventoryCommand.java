package jmon.cli.commands;

import java.nio.file.Path;
import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.incident.Expected;
import jmon.incident.Inventory;

/** inventory [add FILE|remove FILE]: what should be running (saved dumps + registered ecosystem files). */
final class InventoryCommand implements Command {
    @Override public String name() { return "inventory"; }
    /** Add and remove write the inventory; without words it only reads. */
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }

    @Override public jmon.cli.Access access(java.util.List<String> words) {
        return words.isEmpty() ? jmon.cli.Access.READ_ONLY : access();
    }
    @Override public String summary() { return "what should be running: saved dumps and registered ecosystem files"; }
    @Override public String arguments() { return "[add FILE|remove FILE]"; }
    @Override public List<Opt> options() { return List.of(Opt.NAMESPACE); }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        Path home = ctx.home().dir();
        List<String> a = p.positional();
        if (!a.isEmpty()) {
            if (a.size() != 2 || !(a.get(0).equals("add") || a.get(0).equals("remove")))
                throw new UsageException("expected 'add FILE' or 'remove FILE'");
            Path f = ctx.cwd().resolve(a.get(1));
            if (a.get(0).equals("add")) {
                if (!java.nio.file.Files.exists(f)) throw new UsageException(f + ": no such file");
                ctx.out().println(Inventory.add(home, f) ? "[jmon] registered " + f.toAbsolutePath().normalize() : "[jmon] already registered: " + f);
            } else {
                if (!Inventory.remove(home, f)) {
                    ctx.err().println("jmon inventory: not registered: " + f);
                    return 1;
                }
                ctx.out().println("[jmon] removed " + f);
            }
            return 0;
        }
        Inventory.Loaded inv = Inventory.load(home, ctx.env());
        ctx.out().printf("%-20s %-11s %-26s %-4s %-24s %-30s %s%n", "APPLICATION", "ENVIRONMENT", "PROCESS", "PRIO", "HEALTH", "CONFIG FILE", "DIRECTORY");
        for (Expected e : inv.in(ctx.namespace(p))) {
            ctx.out().printf("%-20s %-11s %-26s %-4s %-24s %-30s %s%n", e.namespace(), e.tier(), e.name(),
                    e.priority() > 0 ? String.valueOf(e.priority()) : "-", e.healthCheck(),
                    e.configFile() == null ? "(" + e.from() + ")" : e.configFile(), e.cwd());
        }
        for (String f : inv.problems()) ctx.err().println("jmon inventory: " + f);
        return 0;
    }
}
