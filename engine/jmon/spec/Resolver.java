package jmon.spec;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jmon.api.AppSpec;
import jmon.api.LogSpec;
import jmon.api.ResourceLimits;
import jmon.api.RestartKind;
import jmon.api.RestartPolicy;
import jmon.api.RunAs;

/**
 * Turns an {@link AppDraft} into an {@link AppSpec}: defaults applied, paths made absolute and checked on disk,
 * interpreter found. Done here, once, so the daemon never has to guess what a relative path meant.
 */
final class Resolver {
    private final Executables exe;
    private final String home;

    Resolver(Executables exe, Map<String, String> env) {
        this.exe = exe;
        this.home = env == null ? null : env.get("HOME");
    }

    /** The spec, or null when a problem was reported. */
    AppSpec resolve(AppDraft d, String namespace, LoadOptions opts) {
        Path cwd = resolveCwd(d);
        if (cwd == null) return null;
        String script = resolveScript(d, cwd);
        if (script == null) return null;

        boolean ok = true;
        String interpreter = null;
        List<String> interpreterArgs = new ArrayList<>(d.interpreterArgs == null ? List.of() : d.interpreterArgs);
        boolean scriptIsFile = script.startsWith("/");
        if (d.interpreter != null && !d.interpreter.equals("none")) {
            interpreter = resolveProgram(d, "interpreter", d.interpreter, cwd);
            ok = interpreter != null;
        } else if (d.interpreter == null && scriptIsFile) {
            String inferred = Executables.inferInterpreter(script);
            if (inferred != null) {
                Path found = exe.find(inferred);
                if (found == null) {
                    d.problem("script", "'" + inferred + "' is needed to run " + Path.of(script).getFileName()
                            + " but is not on PATH; install it or set 'interpreter'");
                    ok = false;
                } else {
                    interpreter = found.toString();
                }
            }
        }
        // PM2 runs a .jar as "java <args> -jar app.jar"
        if (ok && d.interpreter == null && scriptIsFile && Executables.isJar(script)
                && (interpreterArgs.isEmpty() || !interpreterArgs.get(interpreterArgs.size() - 1).equals("-jar"))) {
            interpreterArgs.add("-jar");
        }
        if (ok && interpreter == null && scriptIsFile && !Files.isExecutable(Path.of(script))) {
            d.problem("script", script + " is not executable and has no interpreter; chmod +x it or set 'interpreter'");
            ok = false;
        }

        // disable_logs: PM2 writes nothing to the log files; the lines stay in the ring for `jmon logs`
        boolean noFiles = Boolean.TRUE.equals(d.disableLogs);
        String out = noFiles ? "/dev/null" : logPath(d, "out_file", d.outFile, cwd);
        String err = noFiles ? "/dev/null" : logPath(d, "error_file", d.errorFile, cwd);
        String log = noFiles ? null : logPath(d, "log_file", d.logFile, cwd);
        String pid = d.pidFile == null ? null : logPath(d, "pid_file", d.pidFile, cwd); // relative to cwd, as PM2
        if (!ok || out == null && d.outFile != null || err == null && d.errorFile != null
                || log == null && d.logFile != null || pid == null && d.pidFile != null) {
            return null;
        }
        LogSpec logs = new LogSpec(out, err, log, or(d.mergeLogs, false), or(d.time, false), d.logDateFormat,
                d.logType, or(d.maxSize, 0L), or(d.retain, 0), pid);

        Map<String, String> env = new LinkedHashMap<>();
        if (d.envFile != null) { // the file is the base; what the ecosystem file writes in env wins over it
            Path file = path(d.envFile, d.baseDir);
            if (file == null || !Files.isRegularFile(file)) {
                d.problem("env_file", file == null ? "not a valid path: " + d.envFile : "env_file not found: " + file
                        + " (a relative env_file is read from the ecosystem file's folder)");
                return null;
            }
            Map<String, String> fromFile = EnvFile.read(file, d.diag.forFile(file.toString()));
            if (fromFile == null) return null;
            env.putAll(fromFile);
        }
        if (d.env != null) env.putAll(d.env);
        if (opts.envName() != null && d.envBlocks.containsKey(opts.envName())) env.putAll(d.envBlocks.get(opts.envName()));

        RestartPolicy restart = new RestartPolicy(
                or(d.autorestart, true),
                or(d.maxRestarts, RestartPolicy.DEFAULT_MAX_RESTARTS),
                or(d.minUptimeMs, RestartPolicy.DEFAULT_MIN_UPTIME_MS),
                or(d.restartDelayMs, 0L),
                or(d.expBackoffMs, 0L),
                d.stopExitCodes,
                or(d.killTimeoutMs, RestartPolicy.DEFAULT_KILL_TIMEOUT_MS),
                d.stopSignal,
                or(d.maxMemoryRestart, 0L),
                d.cronRestart,
                d.watch == null ? null : watchPaths(d, d.watch, cwd),
                d.ignoreWatch,
                or(d.watchDelayMs, 1000L),
                or(d.restartKind, d.autorestart == null || d.autorestart ? RestartKind.UNLESS_STOPPED : RestartKind.NEVER));
        List<String> args = opts.extraArgs().isEmpty() ? d.args : opts.extraArgs();
        jmon.api.HealthSpec health = new jmon.api.HealthSpec(or(d.waitReady, false), or(d.listenTimeoutMs, 0L),
                or(d.shutdownWithMessage, false), or(d.watchdogMs, 0L), d.readiness, d.liveness,
                HealthConv.withBonds(d.dependsOn, d.bindsTo, d.partOf), hooksOf(d));
        // PM2's append_env_to_name: "api" started with --env production is "api-production"
        String name = Boolean.TRUE.equals(d.appendEnvToName) && opts.envName() != null
                ? d.effectiveName() + "-" + opts.envName() : d.effectiveName();
        return new AppSpec(namespace, name, script, args, interpreter, interpreterArgs, cwd.toString(),
                env, or(d.instances, 1), d.instanceVar, restart, logs, or(d.priority, 0), or(d.isProtected, false),
                d.fileTier, or(d.autostart, true), d.source, health, or(d.envFromCaller, false), null,
                new RunAs(d.user, d.group, d.groups),
                new ResourceLimits(d.maxOpenFiles, d.maxProcesses, d.nice, d.umask, d.oomScoreAdj, d.memoryMax,
                        d.cpuQuota, d.tasksMax),
                new jmon.api.LifecycleCommands(d.preStart, d.postStop, d.stopCommand, or(d.commandTimeoutMs, 0L)),
                d.incrementVar);
    }

    /** The app's own hooks, then its file's. */
    private static List<jmon.api.HookSpec> hooksOf(AppDraft d) {
        if (d.fileHooks == null || d.fileHooks.isEmpty()) return d.hooks;
        List<jmon.api.HookSpec> all = new ArrayList<>(d.hooks == null ? List.of() : d.hooks);
        all.addAll(d.fileHooks);
        return all;
    }

    /** Watched paths, absolute: the app's folder when watch is just true; a text that is no path is a problem. */
    private List<String> watchPaths(AppDraft d, List<String> watch, Path cwd) {
        if (watch.isEmpty()) return List.of(cwd.toString());
        List<String> out = new ArrayList<>();
        for (String w : watch) {
            Path p = path(w, cwd);
            if (p == null) d.problem("watch", "not a valid path: " + w.replace("\0", "\\0"));
            else out.add(p.toString());
        }
        return out;
    }

    private Path resolveCwd(AppDraft d) {
        Path cwd = d.baseDir;
        if (d.cwd != null) {
            Path p = path(d.cwd, d.baseDir);
            if (p == null) {
                d.problem("cwd", "not a valid path: " + d.cwd);
                return null;
            }
            cwd = p;
        }
        if (!Files.isDirectory(cwd)) {
            d.problem("cwd", "directory does not exist: " + cwd);
            return null;
        }
        return cwd;
    }

    /** Absolute script path, or the bare command name when it is found on PATH. */
    private String resolveScript(AppDraft d, Path cwd) {
        if (d.script == null) return null; // reported before resolution
        Path p = path(d.script, cwd);
        if (p == null) {
            d.problem("script", "not a valid path: " + d.script);
            return null;
        }
        if (Files.isRegularFile(p)) return p.toString();
        if (Files.isDirectory(p)) {
            d.problem("script", p + " is a directory, not a script");
            return null;
        }
        if (d.script.indexOf('/') < 0 && !d.script.startsWith("~") && exe.find(d.script) != null) return d.script;
        d.problem("script", d.script.indexOf('/') < 0
                ? "script '" + d.script + "' not found in " + cwd + " nor on PATH"
                : "script not found: " + p);
        return null;
    }

    /** An interpreter: a path (relative to cwd) that must be executable, or a bare name found on PATH. */
    private String resolveProgram(AppDraft d, String key, String value, Path cwd) {
        if (value.indexOf('/') < 0 && !value.startsWith("~")) {
            Path found = exe.find(value);
            if (found == null) d.problem(key, "'" + value + "' not found on PATH");
            return found == null ? null : found.toString();
        }
        Path p = path(value, cwd);
        if (p == null || !Executables.isExecutableFile(p)) {
            d.problem(key, "not an executable file: " + (p == null ? value : p));
            return null;
        }
        return p.toString();
    }

    /** Log paths are relative to the app's cwd; "/dev/null" means no file and is kept as is. */
    private String logPath(AppDraft d, String key, String value, Path cwd) {
        if (value == null || value.equals("/dev/null")) return value;
        Path p = path(value, cwd);
        if (p == null) d.problem(key, "not a valid path: " + value);
        return p == null ? null : p.toString();
    }

    /** Absolute, normalised path with "~" meaning the caller's home; null when the text is no path at all. */
    Path path(String value, Path base) {
        try {
            String v = value;
            if (home != null && (v.equals("~") || v.startsWith("~/"))) v = home + v.substring(1);
            return base.resolve(v).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static <T> T or(T value, T fallback) { return value != null ? value : fallback; }
}
