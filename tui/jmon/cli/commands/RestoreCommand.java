package jmon.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import jmon.api.JmonApi;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.incident.Assessment;
import jmon.incident.Checklist;
import jmon.incident.IncidentRun;
import jmon.incident.Inventory;
import jmon.incident.Plan;
import jmon.incident.Restorer;
import jmon.rpc.RpcClient;

/**
 * restore: the incident runbook without the console. {@code --dry-run} prints the plan; {@code --yes} freezes the
 * affected namespaces, snapshots, restores step by step (each waits for readiness), saves, verifies the
 * checklist, writes the report and unfreezes; exit 0 only when the checklist passes.
 */
final class RestoreCommand implements Command {
    static final Opt YES = Opt.flag("run the plan (freeze, snapshot, restore, save, verify, report)", "--yes", "-y");
    static final Opt DRY = Opt.flag("print the plan only", "--dry-run");
    static final Opt JSON_OPT = Opt.flag("machine-readable output", "--json");
    static final Opt STEP_TIMEOUT = Opt.value("MS", "how long one step may take to become ready (default 60000)", "--step-timeout");
    static final Opt ON_FAILURE = Opt.value("POLICY", "a step that fails: abort (default), skip, retry:N[,skip]", "--on-failure");
    static final Opt NO_SAVE = Opt.flag("do not save the restored namespaces (the checklist then fails)", "--no-save");

    @Override public String name() { return "restore"; }

    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "incident restore: expected processes back in the runbook's order, verified"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(Opt.NAMESPACE, YES, DRY, JSON_OPT, STEP_TIMEOUT, ON_FAILURE, NO_SAVE); }

    static Assessment assess(Context ctx, String ns, boolean startDaemon) {
        JmonApi api = null;
        String err = null;
        try {
            api = startDaemon ? ctx.apiStartingDaemon() : ctx.api();
        } catch (RuntimeException e) {
            err = e.getMessage();
        }
        // the daemon's inventory (so --host assesses that host); the local files only when no daemon answers here
        Inventory.Loaded inv = ctx.host() != null && api == null
                ? new Inventory.Loaded(List.of(), List.of(), List.of("the daemon on " + ctx.host() + " did not answer"), java.util.Map.of())
                : Inventory.load(api, ctx.home().dir(), ctx.env(), ns);
        return Assessment.of(api, err, ctx.home().dir(), inv, ns, true);
    }

    static Restorer.Decider policy(String p) {
        if (p == null || p.equals("abort")) return Restorer.policy(0, false);
        if (p.equals("skip")) return Restorer.policy(0, true);
        if (p.startsWith("retry:")) {
            String[] parts = p.substring(6).split(",");
            try {
                return Restorer.policy(Integer.parseInt(parts[0]), parts.length > 1 && parts[1].equals("skip"));
            } catch (NumberFormatException e) {
                throw new UsageException("--on-failure retry:N needs a number, got '" + parts[0] + "'");
            }
        }
        throw new UsageException("--on-failure: abort, skip or retry:N[,skip], got '" + p + "'");
    }

    static ArrayNode planJson(ObjectMapper j, Plan plan) {
        ArrayNode a = j.createArrayNode();
        for (Plan.Step s : plan.steps()) {
            ObjectNode o = a.addObject();
            o.put("namespace", s.app.namespace());
            o.put("name", s.app.name());
            o.put("action", s.action);
            o.put("tier", s.app.tier());
            o.put("priority", s.app.priority());
            o.put("why", s.why);
            o.put("skipped", s.skipped);
        }
        return a;
    }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        if (!p.positional().isEmpty()) throw new UsageException("restore takes no arguments");
        String ns = ctx.namespace(p);
        boolean json = p.has("json");
        long stepTimeout = Long.parseLong(p.get("step-timeout", "60000"));
        Restorer.Decider decider = policy(p.get("on-failure"));
        boolean run = p.has("yes") && !p.has("dry-run");
        Assessment a = assess(ctx, ns, run);
        Plan plan = Plan.of(a);
        ObjectMapper j = new ObjectMapper();
        if (!run) {
            if (json) {
                ObjectNode o = j.createObjectNode();
                o.put("severity", a.severity().name());
                o.put("reason", a.verdict.reason());
                o.set("plan", planJson(j, plan));
                ctx.out().println(j.writeValueAsString(o));
            } else {
                ctx.out().println("severity: " + a.verdict.severity().label() + " — " + a.verdict.reason());
                if (plan.steps().isEmpty()) ctx.out().println("nothing to restore");
                else {
                    ctx.out().println("plan (production first, then priority, dependencies first; each step waits for readiness):");
                    plan.lines().forEach(l -> ctx.out().println("  " + l));
                }
            }
            if (p.has("dry-run") || plan.steps().isEmpty()) return 0;
            if (ctx.tty()) return jmon.tui.WizardMain.run(ctx.env(), ctx.home().dir(), ctx.cwd(), ctx.version(), ns, ctx.err());
            ctx.err().println("jmon restore: no terminal to confirm on; re-run with --yes to restore (or --dry-run)");
            return 2;
        }
        if (plan.steps().isEmpty()) {
            ctx.out().println(json ? "{\"severity\":\"" + a.severity().name() + "\",\"plan\":[],\"passed\":true}" : "nothing to restore: " + a.verdict.reason());
            return 0;
        }
        IncidentRun r = new IncidentRun(ctx.home().dir(), a, plan, System.getProperty("user.name"),
                token -> new RpcClient(ctx.home().socket(), ctx.version()).withFreezeToken(token).withDeadline(ctx.deadline()));
        java.io.PrintStream out = json ? ctx.err() : ctx.out();
        try {
            out.println("[jmon] incident " + r.id + ": " + a.verdict.severity().label() + " — " + a.verdict.reason());
            r.freeze();
            r.snapshot();
            out.println("[jmon] snapshot: " + r.dir.resolve("state.json") + ", system.txt");
            r.restore(decider, new Restorer.Listener() {
                @Override
                public void stepStarted(int i, Plan.Step s, int attempt) {
                    out.println("[jmon] step " + (i + 1) + "/" + plan.steps().size() + ": " + s.action + " " + s.app.key() + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
                }

                @Override
                public void stepDone(int i, Restorer.StepResult res) {
                    out.println("[jmon]   " + res.outcome() + (res.readyAt() > 0 ? " after " + res.tookMs() + " ms" : "") + (res.error() == null ? "" : ": " + res.error()));
                    if (res.outcome().equals("failed")) res.lastLines().forEach(l -> out.println("[jmon]   | " + l));
                }
            }, stepTimeout);
            r.save(!p.has("no-save"));
            List<Checklist.Item> items = r.verify();
            out.println("[jmon] checklist:");
            items.forEach(i -> out.println("  " + i.line()));
        } finally {
            r.unfreeze();
            r.finish();
            r.close();
        }
        boolean passed = Checklist.passed(r.checklist);
        if (json) {
            ObjectNode o = j.createObjectNode();
            o.put("id", r.id);
            o.put("dir", r.dir.toString());
            o.put("severity", a.severity().name());
            o.set("plan", planJson(j, plan));
            ArrayNode st = o.putArray("steps");
            for (Restorer.StepResult s : r.result.steps()) {
                ObjectNode x = st.addObject();
                x.put("name", s.step().app.key());
                x.put("outcome", s.outcome());
                x.put("startedAt", s.startedAt());
                x.put("readyAt", s.readyAt());
                x.put("attempts", s.attempts());
                if (s.error() != null) x.put("error", s.error());
            }
            ArrayNode cl = o.putArray("checklist");
            for (Checklist.Item i : r.checklist) cl.addObject().put("item", i.text()).put("ok", i.ok()).put("detail", i.detail());
            o.put("passed", passed);
            ctx.out().println(j.writeValueAsString(o));
        } else {
            ctx.out().println("[jmon] report: " + r.dir + " (report.md, timeline.md, notification.md, update.md, resolution.md)");
        }
        return passed ? 0 : 1;
    }
}
