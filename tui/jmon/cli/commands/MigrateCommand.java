package jmon.cli.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.JmonApi;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.Selector;
import jmon.api.Verb;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/**
 * migrate --to-namespace NS target...: moves apps into another namespace without a gap (ADR-063's migration
 * done with jmon). For each app: start a copy of its spec in NS (same name), wait until every instance is
 * online and ready (and stays so for min_uptime, at most 10 s), then stop and delete the old one. Uses the API only (list, start, act). Refuses before
 * doing anything when NS already has one of the names; a copy that does not come up is deleted and the old
 * app is left running.
 */
final class MigrateCommand implements Command {
    @Override public String name() { return "migrate"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "move apps into another namespace: start the copy, wait until ready, stop the old"; }
    @Override public String arguments() { return "--to-namespace NS <name|id|all|glob>..."; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.value("NS", "the namespace to move the apps into", "--to-namespace"),
                Opt.NAMESPACE,
                Opt.value("SEC", "how long each copy may take to be online and ready (default 60)", "--ready-timeout"));
    }

    @Override
    public int run(Context ctx, Parsed p) {
        String to = p.get("to-namespace");
        if (to == null || to.isBlank()) throw new UsageException("--to-namespace NS is required");
        if (p.positional().isEmpty()) throw new UsageException("which processes? give a name, an id, a glob or 'all'");
        long timeoutMs = 60_000;
        if (p.has("ready-timeout")) {
            try {
                timeoutMs = Long.parseLong(p.get("ready-timeout")) * 1000;
            } catch (NumberFormatException e) {
                throw new UsageException("--ready-timeout needs whole seconds, got '" + p.get("ready-timeout") + "'");
            }
        }
        String from = ctx.namespace(p);
        JmonApi api = ctx.api();
        // one entry per app (namespace/name), in list order
        Map<String, AppSpec> apps = new LinkedHashMap<>();
        List<ProcessInfo> scope = api.list(from);
        for (String t : p.positional()) {
            boolean hit = false;
            for (ProcessInfo pi : scope) {
                if (matches(t, pi)) {
                    hit = true;
                    boolean bulk = t.equals("all") || t.contains("*") || t.contains("?");
                    if (bulk && pi.spec() != null && pi.spec().isProtected()) {
                        ctx.out().println("[jmon] skipped protected " + pi.namespace() + "/" + pi.name()
                                + " (name it to move it)");
                        continue;
                    }
                    if (!pi.namespace().equals(to)) apps.putIfAbsent(pi.namespace() + "/" + pi.name(), pi.spec());
                }
            }
            if (!hit) throw new UsageException("no process matches '" + t + "'" + (from == null ? "" : " in namespace " + from));
        }
        if (apps.isEmpty()) {
            ctx.out().println("[jmon] nothing to migrate: every match is already in " + to);
            return 0;
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (var e : apps.entrySet()) {
            String prev = names.put(e.getValue().name(), e.getKey());
            if (prev != null) {
                throw new UsageException("'" + e.getValue().name() + "' exists in two namespaces (" + prev + ", "
                        + e.getKey() + "); give -n to say which one to move");
            }
        }
        List<ProcessInfo> existing = api.list(to);
        for (AppSpec s : apps.values()) {
            if (existing.stream().anyMatch(x -> x.name().equals(s.name()))) {
                throw new jmon.api.JmonException(jmon.api.ErrorCode.REFUSED, to + "/" + s.name()
                        + " already exists; nothing was migrated");
            }
        }
        int failed = 0;
        for (var e : apps.entrySet()) {
            AppSpec old = e.getValue();
            String oldNs = old.namespace();
            ctx.out().println("[jmon] " + e.getKey() + ": starting " + to + "/" + old.name());
            ActionResult r = api.start(List.of(old.withNamespace(to)), false);
            for (String n : r.notes()) ctx.out().println("[jmon]   " + n);
            ctx.out().println("[jmon] " + e.getKey() + ": waiting for " + to + "/" + old.name() + " to be online and ready");
            String bad = awaitReady(api, to, old.name(), old.instances(), old.restart().minUptimeMs(), timeoutMs);
            if (bad != null) {
                ctx.err().println("jmon migrate: " + to + "/" + old.name() + " " + bad + "; deleting it, "
                        + e.getKey() + " keeps running");
                api.act(Verb.DELETE, Selector.of(to, old.name()));
                failed++;
                continue;
            }
            ctx.out().println("[jmon] " + e.getKey() + ": stopping the old one");
            api.act(Verb.STOP, new Selector(oldNs, List.of(old.name()), false, true));
            ctx.out().println("[jmon] " + e.getKey() + ": deleting the old one");
            api.act(Verb.DELETE, new Selector(oldNs, List.of(old.name()), false, true));
            ctx.out().println("[jmon] " + e.getKey() + " -> " + to + "/" + old.name() + ": done");
        }
        if (failed == 0) {
            ctx.out().println("[jmon] migrated " + apps.size() + " app" + (apps.size() == 1 ? "" : "s") + " to " + to
                    + "; 'jmon save -n " + to + "' keeps it across reboots");
        }
        return failed == 0 ? 0 : 1;
    }

    /**
     * Null once every instance is online and ready and has stayed so (same restart count) for the app's
     * min_uptime, capped at 10 s: an app that dies right after its spawn is not "up". Else what went wrong.
     */
    private static String awaitReady(JmonApi api, String ns, String name, int instances, long minUptimeMs,
                                     long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long window = TimeUnit.MILLISECONDS.toNanos(Math.min(Math.max(minUptimeMs, 0), 10_000));
        long upSince = 0;
        int upRestarts = -1;
        while (true) {
            List<ProcessInfo> ps = new ArrayList<>();
            for (ProcessInfo x : api.list(ns)) if (x.name().equals(name)) ps.add(x);
            int restarts = ps.stream().mapToInt(ProcessInfo::restarts).sum();
            boolean up = ps.size() >= instances
                    && ps.stream().allMatch(x -> x.status() == ProcessStatus.ONLINE && x.ready());
            if (up && upSince != 0 && restarts == upRestarts) {
                if (System.nanoTime() - upSince >= window) return null;
            } else if (up) {
                upSince = System.nanoTime();
                upRestarts = restarts;
            } else {
                upSince = 0;
            }
            for (ProcessInfo x : ps) {
                if (x.status() == ProcessStatus.ERRORED || x.status() == ProcessStatus.STOPPED
                        || x.status() == ProcessStatus.EXITED) {
                    return "is " + x.status().wire() + (x.reason() == null ? "" : " (" + x.reason() + ")");
                }
                if (x.restarts() > 0 && upRestarts >= 0 && restarts > upRestarts) {
                    return "restarted while coming up" + (x.reason() == null ? "" : " (" + x.reason() + ")");
                }
            }
            if (System.nanoTime() > deadline) return "was not online and ready within " + timeoutMs / 1000 + " s";
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    static boolean matches(String target, ProcessInfo p) {
        if (target.equals("all")) return true;
        if (target.matches("\\d+")) return p.pmId() == Integer.parseInt(target);
        if (target.contains("*") || target.contains("?")) {
            StringBuilder re = new StringBuilder();
            for (char c : target.toCharArray()) {
                if (c == '*') re.append(".*");
                else if (c == '?') re.append('.');
                else re.append(Pattern.quote(String.valueOf(c)));
            }
            return p.name().matches(re.toString());
        }
        return p.name().equals(target);
    }
}
