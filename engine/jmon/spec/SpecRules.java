package jmon.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jmon.api.AppSpec;
import jmon.api.Dependency;
import jmon.api.HealthSpec;
import jmon.api.LogSpec;
import jmon.api.ProbeSpec;
import jmon.api.RestartPolicy;

/**
 * Every field of one resolved {@link AppSpec}, checked against {@link Names} and {@link Limits}. The same checks run
 * on what the loader produced (then each problem is placed at its line) and on what arrives over the socket
 * (where nothing was checked yet), so both paths refuse the same values. Keys are the ecosystem file's names
 * ({@code max_size}, {@code health.readiness.period}) so a message reads the same from either side.
 */
final class SpecRules {
    private SpecRules() {}

    /** One thing wrong: {@code key} is the attribute path inside the app, e.g. {@code restart_delay}. */
    record Violation(String key, String message) {}

    static final Set<String> TIERS = Set.of("production", "test", "development");

    /** Everything wrong with {@code s}, in field order; empty when it may run. */
    static List<Violation> of(AppSpec s) {
        Out o = new Out();
        if (s == null) {
            o.add("", "app is null");
            return o.list;
        }
        o.problem("namespace", Names.namespaceProblem(s.namespace()));
        o.problem("name", Names.appNameProblem(s.name()));
        o.requiredText("script", s.script());
        o.words("args", s.args());
        o.optionalText("interpreter", s.interpreter());
        o.words("interpreter_args", s.interpreterArgs());
        if (o.requiredText("cwd", s.cwd()) && !s.cwd().startsWith("/")) o.add("cwd", "must be an absolute path, got \"" + s.cwd() + "\"");
        env(o, "env", s.env());
        env(o, "caller_env", s.callerEnv());
        o.range("instances", s.instances(), 1, Limits.MAX_INSTANCES);
        if (o.requiredText("instance_var", s.instanceVar())) o.problem("instance_var", envNameProblem(s.instanceVar()));
        if (s.incrementVar() != null) {
            o.problem("increment_var", envNameProblem(s.incrementVar()));
            String base = s.env().get(s.incrementVar());
            if (base == null || !base.matches("-?[0-9]{1,9}")) {
                o.add("increment_var", s.incrementVar() + " needs a whole number in env (each instance gets it plus its"
                        + " instance id, as PM2), got " + (base == null ? "none" : "\"" + base + "\""));
            }
        }
        restart(o, s.restart());
        logs(o, s.logs());
        o.range("priority", s.priority(), 0, Limits.MAX_PRIORITY);
        if (s.tier() != null && !TIERS.contains(s.tier())) {
            o.add("tier", "must be one of production, test, development, got \"" + s.tier() + "\"");
        }
        o.optionalText("source", s.source());
        health(o, s.health());
        limits(o, s);
        o.list.addAll(HostRules.of(s)); // what the host must offer: root, the users, the tools, a cgroup
        return o.list;
    }

    /** The identity and limits in range (a request may carry any value; the loader's converters checked theirs). */
    private static void limits(Out o, AppSpec s) {
        jmon.api.RunAs r = s.runAs();
        if (r.user() != null) o.problem("user", jmon.host.Accounts.nameProblem(r.user()));
        if (r.group() != null) o.problem("gid", jmon.host.Accounts.nameProblem(r.group()));
        if (r.groups() != null) {
            if (r.groups().size() > Limits.MAX_LIST_ITEMS) o.add("groups", "has " + r.groups().size() + " items, at most " + Limits.MAX_LIST_ITEMS);
            for (int i = 0; i < r.groups().size(); i++) o.problem("groups[" + i + "]", jmon.host.Accounts.nameProblem(r.groups().get(i)));
        }
        jmon.api.ResourceLimits l = s.limits();
        if (l.maxOpenFiles() != null) o.range("max_open_files", l.maxOpenFiles(), 1, 1L << 30);
        if (l.maxProcesses() != null) o.range("max_processes", l.maxProcesses(), 1, 1L << 30);
        if (l.nice() != null) o.range("nice", l.nice(), -20, 19);
        if (l.umask() != null) o.range("umask", l.umask(), 0, 0777);
        if (l.oomScoreAdj() != null) o.range("oom_score_adj", l.oomScoreAdj(), -1000, 1000);
        if (l.memoryMax() != null) o.size("memory_max", l.memoryMax(), false);
        if (l.cpuQuota() != null) o.range("cpu_quota", l.cpuQuota(), 1, 100_000);
        if (l.tasksMax() != null) o.range("tasks_max", l.tasksMax(), 1, 1L << 30);
        jmon.api.LifecycleCommands c = s.commands();
        o.optionalText("pre_start", c.preStart());
        o.optionalText("post_stop", c.postStop());
        o.optionalText("stop_command", c.stopCommand());
        o.duration("command_timeout", c.timeoutMs());
    }

    private static void env(Out o, String field, Map<String, String> env) {
        if (env.size() > Limits.MAX_LIST_ITEMS) o.add(field, "has " + env.size() + " variables, at most " + Limits.MAX_LIST_ITEMS);
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = field + "." + e.getKey();
            o.problem(key, envNameProblem(e.getKey()));
            o.arg(key, e.getValue());
        }
    }

    static String envNameProblem(String name) {
        if (name == null || name.isEmpty()) return "is not a valid environment variable name: empty";
        if (name.length() > Limits.MAX_TEXT_LENGTH) return "is not a valid environment variable name: too long";
        if (name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) return "is not a valid environment variable name: has '=' or NUL";
        return null;
    }

    private static void restart(Out o, RestartPolicy r) {
        o.range("max_restarts", r.maxRestarts(), 0, Limits.MAX_RESTARTS);
        o.duration("min_uptime", r.minUptimeMs());
        o.duration("restart_delay", r.restartDelayMs());
        o.duration("exp_backoff_restart_delay", r.expBackoffRestartDelayMs());
        if (r.stopExitCodes().size() > 256) o.add("stop_exit_codes", "has " + r.stopExitCodes().size() + " codes, at most 256");
        for (int i = 0; i < r.stopExitCodes().size(); i++) {
            Integer c = r.stopExitCodes().get(i);
            if (c == null) o.add("stop_exit_codes[" + i + "]", "is null");
            else o.range("stop_exit_codes[" + i + "]", c, 0, 255);
        }
        o.duration("kill_timeout", r.killTimeoutMs());
        if (!Vocabulary.SIGNALS.contains(r.stopSignal())) {
            o.add("stop_signal", "unsupported signal \"" + r.stopSignal() + "\": use one of " + String.join(", ", new java.util.TreeSet<>(Vocabulary.SIGNALS)));
        }
        o.size("max_memory_restart", r.maxMemoryRestartBytes(), true);
        if (r.cronRestart() != null) {
            try {
                jmon.engine.metrics.CronExpression.parse(r.cronRestart());
            } catch (RuntimeException e) {
                o.add("cron_restart", e.getMessage());
            }
        }
        if (r.watch() != null) paths(o, "watch", r.watch());
        o.words("ignore_watch", r.ignoreWatch());
        for (int i = 0; i < r.ignoreWatch().size(); i++) {
            String g = r.ignoreWatch().get(i);
            if (g != null) o.problem("ignore_watch[" + i + "]", jmon.engine.watch.WatchGlob.problem(g));
        }
        o.duration("watch_delay", r.watchDelayMs());
    }

    private static void paths(Out o, String key, List<String> paths) {
        if (paths.size() > Limits.MAX_LIST_ITEMS) o.add(key, "has " + paths.size() + " paths, at most " + Limits.MAX_LIST_ITEMS);
        for (int i = 0; i < paths.size(); i++) {
            String k = key + "[" + i + "]";
            if (o.requiredText(k, paths.get(i)) && !paths.get(i).startsWith("/")) o.add(k, "must be an absolute path");
        }
    }

    private static void logs(Out o, LogSpec l) {
        logPath(o, "out_file", l.outFile());
        logPath(o, "error_file", l.errorFile());
        logPath(o, "log_file", l.logFile());
        logPath(o, "pid_file", l.pidFile());
        o.optionalText("log_date_format", l.logDateFormat());
        if (l.logType() != null && !l.logType().equals("json")) o.add("log_type", "must be \"json\" or absent, got \"" + l.logType() + "\"");
        o.size("max_size", l.maxSize(), true);
        o.range("retain", l.retain(), 0, Limits.MAX_RETAIN);
    }

    private static void logPath(Out o, String key, String p) {
        if (p != null && o.optionalText(key, p) && !p.startsWith("/")) o.add(key, "must be an absolute path, got \"" + p + "\"");
    }

    private static void health(Out o, HealthSpec h) {
        o.duration("listen_timeout", h.listenTimeoutMs());
        o.duration("watchdog_sec", h.watchdogMs());
        probe(o, "health.readiness", h.readiness());
        probe(o, "health.liveness", h.liveness());
        List<Dependency> deps = h.dependsOn();
        if (deps.size() > Limits.MAX_LIST_ITEMS) o.add("depends_on", "has " + deps.size() + " entries, at most " + Limits.MAX_LIST_ITEMS);
        for (int i = 0; i < deps.size(); i++) {
            String k = "depends_on[" + i + "]";
            Dependency d = deps.get(i);
            if (d == null) {
                o.add(k, "is null");
                continue;
            }
            o.problem(k + ".name", Names.appNameProblem(d.name()));
            if (d.namespace() != null) o.problem(k + ".namespace", Names.namespaceProblem(d.namespace()));
            if (!Vocabulary.CONDITIONS.contains(d.condition())) {
                o.add(k + ".condition", "must be one of started, ready, completed, got " + quoted(d.condition()));
            }
            if (d.bond() != null && !d.bond().equals(Dependency.PART_OF) && !d.bond().equals(Dependency.BINDS_TO)) {
                o.add(k + ".bond", "must be part_of or binds_to, got " + quoted(d.bond()));
            }
        }
        List<jmon.api.HookSpec> hooks = h.hooks();
        if (hooks.size() > Limits.MAX_LIST_ITEMS) o.add("hooks", "has " + hooks.size() + " entries, at most " + Limits.MAX_LIST_ITEMS);
        for (int i = 0; i < hooks.size(); i++) {
            String k = "hooks[" + i + "]";
            jmon.api.HookSpec hk = hooks.get(i);
            if (hk == null) {
                o.add(k, "is null");
                continue;
            }
            if (hk.name() == null || hk.name().isBlank()) o.add(k + ".name", "must not be empty");
            if (hk.on().isEmpty()) o.add(k + ".on", "must name at least one event");
            for (String e : hk.on()) {
                if (!HealthConv.HOOK_EVENTS.contains(e)) o.add(k + ".on", "unknown event " + quoted(e));
            }
            if ((hk.command() == null || hk.command().isEmpty()) == (hk.url() == null)) {
                o.add(k, "needs exactly one of command and url");
            }
            if (hk.url() != null && !hk.url().startsWith("http://") && !hk.url().startsWith("https://")) {
                o.add(k + ".url", "must start with http:// or https://");
            }
            if (hk.timeoutMs() < 1) o.add(k + ".timeout_ms", "must be at least 1");
            o.duration(k + ".timeout_ms", hk.timeoutMs());
            o.duration(k + ".repeat_ms", hk.repeatMs());
        }
    }

    private static void probe(Out o, String key, ProbeSpec p) {
        if (p == null) return;
        if (p.kind() == null || !Vocabulary.PROBE_KINDS.contains(p.kind())) {
            o.add(key, "a probe needs one of http, tcp, exec, log, got kind " + quoted(p.kind()));
            return;
        }
        switch (p.kind()) {
            case "http" -> {
                if (o.requiredText(key + ".http", p.url()) && !p.url().startsWith("http://")) {
                    o.add(key + ".http", "expected an http:// URL, got \"" + p.url() + "\"");
                }
                if (p.expectStatus() != 0) o.range(key + ".expect_status", p.expectStatus(), 100, 599);
            }
            case "tcp" -> {
                o.requiredText(key + ".tcp", p.host());
                o.range(key + ".tcp", p.port(), 1, 65535);
            }
            case "exec" -> o.requiredText(key + ".exec", p.command());
            default -> {
                if (o.requiredText(key + ".log", p.pattern())) {
                    try {
                        Pattern.compile(p.pattern());
                    } catch (PatternSyntaxException e) {
                        o.add(key + ".log", "not a valid regular expression: " + e.getDescription());
                    }
                }
            }
        }
        o.duration(key + ".initial_delay", p.initialDelayMs());
        o.duration(key + ".period", p.periodMs());
        o.duration(key + ".timeout", p.timeoutMs());
        o.range(key + ".success_threshold", p.successThreshold(), 1, Limits.MAX_PROBE_THRESHOLD);
        o.range(key + ".failure_threshold", p.failureThreshold(), 1, Limits.MAX_PROBE_THRESHOLD);
    }

    private static String quoted(String s) { return s == null ? "null" : "\"" + s + "\""; }

    /** Collects violations; each helper says whether the value was usable, so dependent checks can be skipped. */
    private static final class Out {
        final List<Violation> list = new ArrayList<>();

        void add(String key, String message) { list.add(new Violation(key, message)); }

        void problem(String key, String message) { if (message != null) add(key, message); }

        boolean range(String key, long v, long min, long max) {
            if (v >= min && v <= max) return true;
            add(key, "must be between " + min + " and " + max + ", got " + v);
            return false;
        }

        void duration(String key, long ms) {
            if (ms < 0 || ms > Limits.MAX_DURATION_MS) {
                add(key, "must be between 0 and " + Limits.MAX_DURATION_MS + " ms (24 h), got " + ms + " ms");
            }
        }

        void size(String key, long bytes, boolean zeroIsOff) {
            if (bytes < 0 || bytes > Limits.MAX_SIZE_BYTES || bytes == 0 && !zeroIsOff) {
                add(key, "must be between 1 byte and " + Limits.MAX_SIZE_BYTES + " bytes (1 TiB), got " + bytes);
            }
        }

        boolean requiredText(String key, String s) {
            if (s == null) {
                add(key, "is missing");
                return false;
            }
            if (s.isBlank()) {
                add(key, "must not be empty");
                return false;
            }
            return optionalText(key, s);
        }

        boolean optionalText(String key, String s) {
            if (s == null) return true;
            if (s.length() > Limits.MAX_TEXT_LENGTH) {
                add(key, "is " + s.length() + " characters long, at most " + Limits.MAX_TEXT_LENGTH);
                return false;
            }
            if (s.indexOf('\0') >= 0) {
                add(key, "must not contain a NUL character");
                return false;
            }
            return true;
        }

        void arg(String key, String s) {
            if (s == null) add(key, "is null");
            else if (s.length() > Limits.MAX_ARG_LENGTH) add(key, "is " + s.length() + " characters long, at most " + Limits.MAX_ARG_LENGTH);
            else if (s.indexOf('\0') >= 0) add(key, "must not contain a NUL character");
        }

        void words(String key, List<String> words) {
            if (words.size() > Limits.MAX_LIST_ITEMS) add(key, "has " + words.size() + " items, at most " + Limits.MAX_LIST_ITEMS);
            for (int i = 0; i < words.size(); i++) arg(key + "[" + i + "]", words.get(i));
        }
    }
}
