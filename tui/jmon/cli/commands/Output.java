package jmon.cli.commands;

import java.util.List;
import jmon.api.ActionResult;
import jmon.api.ProcessInfo;
import jmon.cli.Context;
import jmon.cli.render.ListTable;

/** Shared printing: an action's notes and the table of what it touched. */
final class Output {
    private Output() {}

    static int width(Context ctx) {
        try {
            int cols = Integer.parseInt(ctx.env().getOrDefault("COLUMNS", "0"));
            return cols > 0 ? cols : ListTable.DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return ListTable.DEFAULT_WIDTH;
        }
    }

    /** Piped output or --wide: whole names, never cut (a script's grep must find them); on a terminal, fitted. */
    static void table(Context ctx, List<ProcessInfo> ps, boolean wide) {
        ctx.out().print(ListTable.render(ps, new ListTable.Options(width(ctx), wide, ctx.color(),
                System.currentTimeMillis(), wide || !ctx.tty())));
    }

    /** Prints notes and the processes; exit 1 when any process ended errored (the action did not succeed). */
    static int action(Context ctx, String verb, ActionResult r) {
        for (String n : r.notes()) ctx.out().println("[jmon] " + n);
        if (!r.processes().isEmpty()) table(ctx, r.processes(), false);
        List<ProcessInfo> failed = new java.util.ArrayList<>();
        for (ProcessInfo p : r.processes()) if (p.status() == jmon.api.ProcessStatus.ERRORED) failed.add(p);
        for (ProcessInfo p : failed) {
            ctx.err().println("jmon " + verb + ": " + p.qualifiedName() + " errored: " + p.reason());
        }
        return failed.isEmpty() ? 0 : 1;
    }
}
