package jmon.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The one table of app attributes jmon knows: PM2's names, their aliases, their type and where the value goes.
 * Supporting a PM2 attribute later is moving it from {@link #NOT_YET} to {@link #SUPPORTED} in one line.
 */
final class AppKeys {
    private AppKeys() {}

    record Key<T>(String name, List<String> aliases, Conv<T> type, BiConsumer<AppDraft, T> setter) {
        void apply(AppDraft d, SrcNode value, String field) {
            T v = type.read(value, field, d.diag);
            if (v != null) setter.accept(d, v);
        }
    }

    static final List<Key<?>> SUPPORTED = List.of(
            key("name", List.of(), Conv.NON_EMPTY, (d, v) -> d.name = v),
            key("script", List.of("exec", "cmd", "command"), Conv.NON_EMPTY, (d, v) -> d.script = v),
            key("args", List.of(), Conv.WORDS, (d, v) -> d.args = v),
            key("interpreter", List.of("exec_interpreter"), Conv.NON_EMPTY, (d, v) -> d.interpreter = v),
            key("interpreter_args", List.of("node_args", "interpreterArgs"), Conv.WORDS, (d, v) -> d.interpreterArgs = v),
            key("cwd", List.of(), Conv.NON_EMPTY, (d, v) -> d.cwd = v),
            key("env", List.of(), Conv.ENV, (d, v) -> d.env = v),
            // read before env_<name> is considered: "env_file" is a file of KEY=VALUE lines, not an env set "file"
            key("env_file", List.of(), Conv.NON_EMPTY, (d, v) -> d.envFile = v),
            key("append_env_to_name", List.of(), Conv.BOOL, (d, v) -> d.appendEnvToName = v),
            key("instances", List.of(), Conv.INSTANCES, (d, v) -> d.instances = v),
            // cluster means N fork instances in jmon, so the mode is checked but changes nothing
            key("exec_mode", List.of(), Conv.oneOf("fork", "cluster", "fork_mode", "cluster_mode"), (d, v) -> {}),
            key("instance_var", List.of(), Conv.NON_EMPTY, (d, v) -> d.instanceVar = v),
            key("increment_var", List.of(), Conv.NON_EMPTY, (d, v) -> d.incrementVar = v),
            key("autorestart", List.of(), ProcessConv.RESTART_KIND, (d, v) -> d.restartKind = v),
            key("autostart", List.of(), Conv.BOOL, (d, v) -> d.autostart = v),
            // jmon's: run with the environment of the command that starts the app (off: the daemon's small base)
            key("env_from_caller", List.of(), Conv.BOOL, (d, v) -> d.envFromCaller = v),
            key("max_restarts", List.of(), Conv.NON_NEGATIVE_INT, (d, v) -> d.maxRestarts = v),
            key("min_uptime", List.of(), Conv.DURATION_MS, (d, v) -> d.minUptimeMs = v),
            key("restart_delay", List.of(), Conv.MILLIS, (d, v) -> d.restartDelayMs = v),
            key("exp_backoff_restart_delay", List.of(), Conv.MILLIS, (d, v) -> d.expBackoffMs = v),
            key("stop_exit_codes", List.of(), Conv.EXIT_CODES, (d, v) -> d.stopExitCodes = v),
            key("kill_timeout", List.of(), Conv.MILLIS, (d, v) -> d.killTimeoutMs = v),
            key("stop_signal", List.of(), Conv.SIGNAL, (d, v) -> d.stopSignal = v),
            key("namespace", List.of(), Conv.NON_EMPTY, (d, v) -> d.namespace = v),
            key("out_file", List.of("out", "output", "out_log"), Conv.NON_EMPTY, (d, v) -> d.outFile = v),
            key("error_file", List.of("error", "err", "err_file", "err_log"), Conv.NON_EMPTY, (d, v) -> d.errorFile = v),
            key("log_file", List.of("log"), Conv.NON_EMPTY, (d, v) -> d.logFile = v),
            key("disable_logs", List.of(), Conv.BOOL, (d, v) -> d.disableLogs = v),
            key("pid_file", List.of("pid"), Conv.NON_EMPTY, (d, v) -> d.pidFile = v),
            key("merge_logs", List.of("combine_logs"), Conv.BOOL, (d, v) -> d.mergeLogs = v),
            key("time", List.of(), Conv.BOOL, (d, v) -> d.time = v),
            key("log_date_format", List.of(), Conv.NON_EMPTY, (d, v) -> d.logDateFormat = v),
            key("log_type", List.of(), Conv.oneOf("json"), (d, v) -> d.logType = v),
            key("max_size", List.of(), Conv.SIZE, (d, v) -> d.maxSize = v),
            key("retain", List.of(), (n, f, dg) -> Conv.toInt(Conv.integer(1).read(n, f, dg)), (d, v) -> d.retain = v),
            key("max_memory_restart", List.of(), Conv.SIZE, (d, v) -> d.maxMemoryRestart = v),
            key("cron_restart", List.of("cron"), Conv.CRON, (d, v) -> d.cronRestart = v),
            key("wait_ready", List.of(), Conv.BOOL, (d, v) -> d.waitReady = v),
            key("watch", List.of(), Conv.WATCH, (d, v) -> d.watch = v),
            key("ignore_watch", List.of(), Conv.GLOBS, (d, v) -> d.ignoreWatch = v),
            key("watch_delay", List.of(), Conv.DURATION_MS, (d, v) -> d.watchDelayMs = v),
            key("listen_timeout", List.of(), Conv.DURATION_MS, (d, v) -> d.listenTimeoutMs = v),
            key("shutdown_with_message", List.of(), Conv.BOOL, (d, v) -> d.shutdownWithMessage = v),
            key("watchdog_sec", List.of(), HealthConv.SECONDS, (d, v) -> d.watchdogMs = v),
            key("health", List.of(), HealthConv.HEALTH, (d, v) -> {
                d.readiness = v[0];
                d.liveness = v[1];
            }),
            key("depends_on", List.of(), HealthConv.DEPENDS_ON, (d, v) -> d.dependsOn = v),
            key("binds_to", List.of(), Conv.WORDS, (d, v) -> d.bindsTo = v),
            key("part_of", List.of(), Conv.WORDS, (d, v) -> d.partOf = v),
            key("hooks", List.of(), HealthConv.HOOKS, (d, v) -> d.hooks = v),
            // jmon's own
            key("priority", List.of(), (n, f, dg) -> Conv.toInt(Conv.integer(1).read(n, f, dg)), (d, v) -> d.priority = v),
            key("protected", List.of(), Conv.BOOL, (d, v) -> d.isProtected = v),
            // the identity and limits of the process (a root daemon for user/gid/groups, cgroup v2 for the last three)
            key("user", List.of("uid", "username"), ProcessConv.ID, (d, v) -> d.user = v),
            key("gid", List.of("group"), ProcessConv.ID, (d, v) -> d.group = v),
            key("groups", List.of(), ProcessConv.IDS, (d, v) -> d.groups = v),
            key("max_open_files", List.of(), Conv.integer(1), (d, v) -> d.maxOpenFiles = v),
            key("max_processes", List.of(), Conv.integer(1), (d, v) -> d.maxProcesses = v),
            key("nice", List.of(), ProcessConv.between(-20, 19), (d, v) -> d.nice = v),
            key("umask", List.of(), ProcessConv.UMASK, (d, v) -> d.umask = v),
            key("oom_score_adj", List.of(), ProcessConv.between(-1000, 1000), (d, v) -> d.oomScoreAdj = v),
            key("memory_max", List.of(), Conv.SIZE, (d, v) -> d.memoryMax = v),
            key("cpu_quota", List.of(), ProcessConv.PERCENT, (d, v) -> d.cpuQuota = v),
            key("tasks_max", List.of(), Conv.integer(1), (d, v) -> d.tasksMax = v),
            // shell commands around the process
            key("pre_start", List.of(), Conv.NON_EMPTY, (d, v) -> d.preStart = v),
            key("post_stop", List.of(), Conv.NON_EMPTY, (d, v) -> d.postStop = v),
            key("stop_command", List.of(), Conv.NON_EMPTY, (d, v) -> d.stopCommand = v),
            key("command_timeout", List.of(), Conv.DURATION_MS, (d, v) -> d.commandTimeoutMs = v));

    /** PM2 attributes (with their aliases) that jmon recognises but does not implement yet. */
    static final Set<String> NOT_YET = Set.of(
            "watch_options",
            "port", "filter_env",
            "name_prefix", "vizion", "force", "treekill",
            "source_map_support", "disable_source_map_support",
            "post_update", "install_url", "windowsHide", "kill_retry_time", "execute_command",
            "write", "trace", "disable_trace", "v8", "event_loop_inspector", "deep_monitoring", "pmx", "automation",
            "io");

    /** Every spelling (names and aliases) mapped to its key. */
    static final Map<String, Key<?>> BY_SPELLING;

    static {
        Map<String, Key<?>> m = new LinkedHashMap<>();
        for (Key<?> k : SUPPORTED) {
            m.put(k.name(), k);
            for (String a : k.aliases()) m.put(a, k);
        }
        BY_SPELLING = Map.copyOf(m);
    }

    static Key<?> lookup(String spelling) { return BY_SPELLING.get(spelling); }

    /** Candidates for "did you mean": canonical names first so a suggestion favours the documented spelling. */
    static List<String> suggestions() {
        List<String> out = new ArrayList<>();
        for (Key<?> k : SUPPORTED) out.add(k.name());
        for (Key<?> k : SUPPORTED) out.addAll(k.aliases());
        out.addAll(new TreeSet<>(NOT_YET));
        return out;
    }

    private static <T> Key<T> key(String name, List<String> aliases, Conv<T> type, BiConsumer<AppDraft, T> setter) {
        return new Key<>(name, aliases, type, setter);
    }
}
