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
 * restore: the incident runbook without the console. {@code --dry-run} prints the plan; {@code --yes} snapshots,
 * submits the plan to the daemon as a restore job (the daemon freezes the namespaces, runs the steps level by level
 * with steps of a level in parallel, each gated on readiness, unfreezes and writes restore.md, whatever happens to
 * this client), follows it, saves, verifies the checklist and writes the report; exit 0 only when the checklist
 * passes. {@code --attach}, {@code --cancel} and {@code --answer} act on the daemon's running job.
 */
final class RestoreCommand implements Command {
    static final Opt YES = Opt.flag("run the plan (snapshot, restore job, save, verify, report)", "--yes", "-y");
    static final Opt DRY = Opt.flag("print the plan only", "--dry-run");
    static final Opt JSON_OPT = Opt.flag("machine-readable output", "--json");
    static final Opt STEP_TIMEOUT = Opt.value("MS", "how long one step may take to become ready (default 60000)", "--step-timeout");
    static final Opt ON_FAILURE = Opt.value("POLICY", "a step that fails: abort (default), skip, retry:N[,skip|,ask], ask", "--on-failure");
    static final Opt NO_SAVE = Opt.flag("do not save the restored namespaces (the checklist then fails)", "--no-save");
    static final Opt PARALLEL = Opt.value("N", "steps of one priority level run at once, at most (default 16)", "--parallel");
    static final Opt QUESTION_TIMEOUT = Opt.value("S", "an unanswered question falls back after this many seconds (default 120)", "--question-timeout");
    static final Opt UNANSWERED = Opt.value("POLICY", "what an unanswered question comes to: skip (default) or abort", "--unanswered");
    static final Opt ATTACH = Opt.flag("follow the daemon's restore job (the running one, else the latest) until it ends", "--attach");
    static final Opt CANCEL = Opt.flag("cancel the daemon's running restore job (its freezes end, its report is written)", "--cancel");
    static final Opt ANSWER = Opt.value("retry|skip|abort", "answer the running job's open question", "--answer");
    static final Opt QUESTION = Opt.value("N", "which question --answer answers (default: the oldest open one)", "--question");
    static final Opt JOB = Opt.value("ID", "the restore job --attach, --cancel or --answer acts on (default: the running one)", "--job");

    @Override public String name() { return "restore"; }

    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "incident restore: expected processes back in the runbook's order, verified"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() {
        return List.of(Opt.NAMESPACE, YES, DRY, JSON_OPT, STEP_TIMEOUT, ON_FAILURE, NO_SAVE, PARALLEL, QUESTION_TIMEOUT,
                UNANSWERED, ATTACH, CANCEL, ANSWER, QUESTION, JOB);
    }

    /** The failure policy of a job: automatic retries, then ask, skip or abort. */
    record Policy(int retries, String onFailure) {}

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
                : jmon.incident.ExpectedInventory.of(api, ctx.home().dir(), ctx.env(), ns).load();
        return Assessment.of(api, err, ctx.home().dir(), inv, ns, true, ctx.host() == null);
    }

    /**
     * {@code --yes} with the daemon down: its apps may well still serve. Start it (it re-adopts them), say so, and
     * assess again with it.
     */
    static Assessment startDaemonFirst(Context ctx, String ns, Assessment before, java.io.PrintStream out) {
        if (before.daemonReachable) return before;
        out.println("[jmon] the daemon is not reachable (" + before.daemonError + ")"
                + (before.alive.isEmpty() ? "" : "; " + before.alive.size() + " of its apps still run"));
        Assessment after = assess(ctx, ns, true);
        if (after.daemonReachable) {
            long adopted = after.actual.stream().filter(pi -> before.alive.stream().anyMatch(l -> l.pid() == pi.pid())).count();
            out.println("[jmon] started the daemon (pid " + after.daemon.pid() + "): it re-adopted " + adopted + " running app(s)");
        }
        return after;
    }

    static Policy policy(String p) {
        if (p == null || p.equals("abort")) return new Policy(0, "abort");
        if (p.equals("skip")) return new Policy(0, "skip");
        if (p.equals("ask")) return new Policy(0, "ask");
        if (p.startsWith("retry:")) {
            String[] parts = p.substring(6).split(",");
            int n;
            try {
                n = Integer.parseInt(parts[0]);
            } catch (NumberFormatException e) {
                throw new UsageException("--on-failure retry:N needs a number, got '" + parts[0] + "'");
            }
            if (n < 0 || n > 100) throw new UsageException("--on-failure retry:N: N is 0-100, got " + n);
            String then = parts.length > 1 ? parts[1] : "abort";
            if (!List.of("abort", "skip", "ask").contains(then)) throw new UsageException("--on-failure retry:N,THEN: THEN is skip, ask or abort, got '" + then + "'");
            return new Policy(n, then);
        }
        throw new UsageException("--on-failure: abort, skip, ask or retry:N[,skip|,ask], got '" + p + "'");
    }

    /** The same policy for the console's in-process decider. */
    static Restorer.Decider decider(Policy p) { return Restorer.policy(p.retries(), p.onFailure().equals("skip")); }

    private static long number(Parsed p, String key, String dflt, long min, long max, String flag) {
        String v = p.get(key, dflt);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a whole number, got '" + v + "'");
        }
        if (n < min || n > max) throw new UsageException(flag + " is " + min + "-" + max + ", got " + n);
        return n;
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
        if (p.has("attach") || p.has("cancel") || p.has("answer")) return onJob(ctx, p);
        String ns = ctx.namespace(p);
        boolean json = p.has("json");
        long stepTimeout = number(p, "step-timeout", "60000", 100, 86_400_000L, "--step-timeout");
        Policy policy = policy(p.get("on-failure"));
        int parallel = (int) number(p, "parallel", Integer.toString(jmon.api.RestorePlan.DEFAULT_PARALLELISM), 1, jmon.api.RestorePlan.MAX_PARALLELISM, "--parallel");
        long questionTimeout = number(p, "question-timeout", "120", 0, 86_400, "--question-timeout") * 1000;
        String unanswered = p.get("unanswered", "skip");
        if (!List.of("skip", "abort").contains(unanswered)) throw new UsageException("--unanswered: skip or abort, got '" + unanswered + "'");
        boolean run = p.has("yes") && !p.has("dry-run");
        Assessment a = assess(ctx, ns, false);
        if (run) a = startDaemonFirst(ctx, ns, a, json ? ctx.err() : ctx.out());
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
                    ctx.out().println("plan (" + plan.orderNote() + "; each step waits for readiness):");
                    plan.lines().forEach(l -> ctx.out().println("  " + l));
                }
            }
            if (a.daemonDownAppsAlive()) {
                ctx.out().println("the daemon is down but " + a.alive.size() + " app(s) still serve: 'jmon restore --yes' starts it (it re-adopts them)");
            }
            if (p.has("dry-run") || plan.steps().isEmpty()) return a.daemonDownAppsAlive() && !p.has("dry-run") ? 1 : 0;
            if (ctx.tty()) return jmon.tui.WizardMain.run(ctx.env(), ctx.home().dir(), ctx.cwd(), ctx.version(), ns, ctx.err(), ctx::newClient);
            ctx.err().println("jmon restore: no terminal to confirm on; re-run with --yes to restore (or --dry-run)");
            return 2;
        }
        if (plan.steps().isEmpty()) {
            ctx.out().println(json ? "{\"severity\":\"" + a.severity().name() + "\",\"plan\":[],\"passed\":true}" : "nothing to restore: " + a.verdict.reason());
            return 0;
        }
        IncidentRun r = new IncidentRun(ctx.home().dir(), a, plan, System.getProperty("user.name"),
                token -> ctx.newClient().withFreezeToken(token)); // --host: the restore acts on that host's daemon
        java.io.PrintStream out = json ? ctx.err() : ctx.out();
        jmon.api.RestoreJob end;
        try {
            out.println("[jmon] incident " + r.id + ": " + a.verdict.severity().label() + " — " + a.verdict.reason());
            r.snapshot();
            out.println("[jmon] snapshot: " + r.dir.resolve("state.json") + ", system.txt");
            java.util.Map<String, String> held = new java.util.LinkedHashMap<>();
            for (String n : plan.namespaces()) {
                String t = FreezeTokens.load(ctx, n);
                if (t != null) held.put(n, t);
            }
            r.tokens.putAll(held); // the operator's own freeze: this client's save after the job passes it too
            jmon.api.RestorePlan rp = r.jobPlan(parallel, stepTimeout, policy.retries(), policy.onFailure(), questionTimeout, unanswered, held);
            jmon.api.RestoreJob job = r.submit(rp);
            out.println("[jmon] restore job " + job.id() + " runs in the daemon (" + rp.steps().size() + " step(s), up to " + parallel
                    + " at once); this client may go: 'jmon restore --attach' follows it, '--cancel' ends it");
            end = follow(r.api(null), job.id(), out);
            r.adopt(end);
            r.save(!p.has("no-save"));
            List<Checklist.Item> items = r.verify();
            r.writeUpdate(Checklist.passed(items) ? "VERIFIED" : "OPEN");
            out.println("[jmon] checklist:");
            items.forEach(i -> out.println("  " + i.line()));
        } finally {
            r.finish();
            r.close();
        }
        boolean passed = Checklist.passed(r.checklist);
        if (json) {
            ObjectNode o = j.createObjectNode();
            o.put("id", r.id);
            o.put("dir", r.dir.toString());
            o.put("job", end.id());
            o.put("jobState", end.state());
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
            ctx.out().println("[jmon] report: " + r.dir + " (report.md, timeline.md, notification.md, update.md, resolution.md, restore.md)");
        }
        return passed ? 0 : 1;
    }

    /** Follows a job, printing its log, its questions, and a failed step's last log lines once. */
    static jmon.api.RestoreJob follow(jmon.api.JmonApi api, String id, java.io.PrintStream out) {
        java.util.Set<String> shown = new java.util.HashSet<>();
        return new jmon.incident.JobWatch(api, 200).follow(id, true, Long.MAX_VALUE, new jmon.incident.JobWatch.Sink() {
            @Override public void line(String line) { out.println("[jmon] " + line); }

            @Override
            public void question(jmon.api.RestoreQuestion q) {
                out.println("[jmon] question " + q.id() + ": " + q.step() + " failed: " + q.problem());
                out.println("[jmon]   answer from any terminal: jmon restore --answer retry|skip|abort --question " + q.id()
                        + " (unanswered by " + java.time.Instant.ofEpochMilli(q.deadline()) + ": " + q.fallback() + ")");
            }

            @Override
            public void update(jmon.api.RestoreJob job) {
                for (jmon.api.RestoreStepState s : job.steps()) {
                    if (s.lastLines() == null || s.lastLines().isEmpty() || !shown.add(s.key() + "#" + s.attempts())) continue;
                    out.println("[jmon]   " + s.key() + " last log lines:");
                    s.lastLines().forEach(l -> out.println("[jmon]   | " + l));
                }
            }
        });
    }

    /** --attach, --cancel, --answer: on the daemon's job, whoever submitted it. */
    private int onJob(Context ctx, Parsed p) throws Exception {
        jmon.api.JmonApi api = ctx.api();
        String id = p.get("job");
        if (p.has("cancel")) {
            jmon.api.RestoreJob job = api.restoreCancel(id);
            ctx.out().println("[jmon] cancel requested for restore job " + job.id() + "; no further step starts, its freezes end");
            return 0;
        }
        if (p.has("answer")) {
            jmon.api.RestoreJob job = api.restoreStatus(id);
            if (job == null || !job.running()) throw new UsageException("no restore job is running");
            long q;
            if (p.has("question")) q = number(p, "question", "0", 1, Long.MAX_VALUE, "--question");
            else if (job.questions().isEmpty()) throw new UsageException("restore job " + job.id() + " has no open question");
            else q = job.questions().get(0).id();
            api.restoreAnswer(job.id(), q, p.get("answer"));
            ctx.out().println("[jmon] answered " + p.get("answer") + " to question " + q + " of " + job.id());
            return 0;
        }
        jmon.api.RestoreJob job = api.restoreStatus(id);
        if (job == null) {
            ctx.err().println("jmon restore: the daemon has no restore job");
            return 1;
        }
        jmon.api.RestoreJob end = follow(api, job.id(), p.has("json") ? ctx.err() : ctx.out());
        if (p.has("json")) {
            ObjectMapper j = new ObjectMapper();
            ObjectNode o = j.createObjectNode();
            o.put("job", end.id());
            o.put("state", end.state());
            o.put("report", end.reportPath());
            ArrayNode st = o.putArray("steps");
            for (jmon.api.RestoreStepState s : end.steps()) {
                ObjectNode x = st.addObject();
                x.put("name", s.key());
                x.put("outcome", s.state());
                x.put("attempts", s.attempts());
                if (s.reason() != null) x.put("reason", s.reason());
            }
            ctx.out().println(j.writeValueAsString(o));
        } else {
            ctx.out().println("[jmon] restore job " + end.id() + " " + end.state() + (end.endReason() == null ? "" : ": " + end.endReason())
                    + "; report: " + end.reportPath());
        }
        return end.allReady() ? 0 : 1;
    }
}
