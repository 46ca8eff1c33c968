package jmon.api;

import java.util.List;
import java.util.Map;

/**
 * One app as declared in an ecosystem file (or on the command line), fully resolved: relative paths are
 * absolute, defaults applied, {@code env_<name>} merged. It is what a dump saves and what resurrect restores.
 *
 * @param namespace       scope of the app; identity is (namespace, name)
 * @param name            app name, unique within its namespace
 * @param script          absolute path of the script, or a bare command looked up on PATH (e.g. "sleep")
 * @param args            arguments after the script
 * @param interpreter     program that runs the script, null to run the script itself
 * @param interpreterArgs arguments for the interpreter, before the script
 * @param cwd             absolute working directory
 * @param env             only the variables the app declared (never the caller's shell)
 * @param instances       number of processes (instance ids 0..n-1)
 * @param instanceVar     env variable holding the instance id (PM2 {@code instance_var})
 * @param priority        restore order, 1 first; 0 = unset (after every set priority)
 * @param isProtected     skipped by bulk actions unless explicitly included
 * @param tier            production, test or development (from the file), or null
 * @param autostart       start when added (PM2 {@code autostart})
 * @param source          the ecosystem file it came from, or null
 * @param health          readiness, liveness, notify and dependencies
 * @param envFromCaller   the app runs with the environment of the command that started it ({@code env_from_caller:
 *                        true}, or {@code --update-env}), under its declared env; otherwise only the daemon's base
 * @param incrementVar    PM2's {@code increment_var}: this variable of the env gets the instance id added to its
 *                        number (PORT 3000 → 3000, 3001, …), null when none
 * @param callerEnv       that command's environment (empty unless {@code envFromCaller}); kept with the app so its
 *                        restarts and a resurrect see the same, shown redacted
 * @param runAs           the user and groups it runs as ({@code user}, {@code gid}, {@code groups})
 * @param limits          rlimits, niceness, umask, OOM score and cgroup limits
 * @param commands        pre_start, post_stop and stop_command
 */
public record AppSpec(
        String namespace,
        String name,
        String script,
        List<String> args,
        String interpreter,
        List<String> interpreterArgs,
        String cwd,
        Map<String, String> env,
        int instances,
        String instanceVar,
        RestartPolicy restart,
        LogSpec logs,
        int priority,
        boolean isProtected,
        String tier,
        boolean autostart,
        String source,
        HealthSpec health,
        boolean envFromCaller,
        Map<String, String> callerEnv,
        RunAs runAs,
        ResourceLimits limits,
        LifecycleCommands commands,
        String incrementVar) {

    public static final String DEFAULT_NAMESPACE = "default";

    public AppSpec {
        namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
        args = args == null ? List.of() : List.copyOf(args);
        interpreterArgs = interpreterArgs == null ? List.of() : List.copyOf(interpreterArgs);
        env = env == null ? Map.of() : Map.copyOf(env);
        instances = Math.max(1, instances);
        instanceVar = instanceVar == null ? "NODE_APP_INSTANCE" : instanceVar;
        restart = restart == null ? RestartPolicy.defaults() : restart;
        logs = logs == null ? LogSpec.defaults() : logs;
        health = health == null ? HealthSpec.none() : health;
        callerEnv = callerEnv == null || !envFromCaller ? Map.of() : Map.copyOf(callerEnv);
        runAs = runAs == null ? RunAs.none() : runAs;
        limits = limits == null ? ResourceLimits.none() : limits;
        commands = commands == null ? LifecycleCommands.none() : commands;
    }

    /** Without PM2's increment_var (every spec written before it existed reads as this). */
    public AppSpec(String namespace, String name, String script, List<String> args, String interpreter,
                   List<String> interpreterArgs, String cwd, Map<String, String> env, int instances, String instanceVar,
                   RestartPolicy restart, LogSpec logs, int priority, boolean isProtected, String tier,
                   boolean autostart, String source, HealthSpec health, boolean envFromCaller,
                   Map<String, String> callerEnv, RunAs runAs, ResourceLimits limits, LifecycleCommands commands) {
        this(namespace, name, script, args, interpreter, interpreterArgs, cwd, env, instances, instanceVar, restart,
                logs, priority, isProtected, tier, autostart, source, health, envFromCaller, callerEnv, runAs, limits,
                commands, null);
    }

    public AppSpec(String namespace, String name, String script, List<String> args, String interpreter,
                   List<String> interpreterArgs, String cwd, Map<String, String> env, int instances, String instanceVar,
                   RestartPolicy restart, LogSpec logs, int priority, boolean isProtected, String tier,
                   boolean autostart, String source, HealthSpec health, boolean envFromCaller,
                   Map<String, String> callerEnv, RunAs runAs, ResourceLimits limits) {
        this(namespace, name, script, args, interpreter, interpreterArgs, cwd, env, instances, instanceVar, restart,
                logs, priority, isProtected, tier, autostart, source, health, envFromCaller, callerEnv, runAs, limits, null);
    }

    /** Without an identity or limits (every spec written before they existed reads as this). */
    public AppSpec(String namespace, String name, String script, List<String> args, String interpreter,
                   List<String> interpreterArgs, String cwd, Map<String, String> env, int instances, String instanceVar,
                   RestartPolicy restart, LogSpec logs, int priority, boolean isProtected, String tier,
                   boolean autostart, String source, HealthSpec health, boolean envFromCaller,
                   Map<String, String> callerEnv) {
        this(namespace, name, script, args, interpreter, interpreterArgs, cwd, env, instances, instanceVar, restart,
                logs, priority, isProtected, tier, autostart, source, health, envFromCaller, callerEnv, null, null, null);
    }

    /** Without the caller's environment (every spec written before it existed reads as this). */
    public AppSpec(String namespace, String name, String script, List<String> args, String interpreter,
                   List<String> interpreterArgs, String cwd, Map<String, String> env, int instances, String instanceVar,
                   RestartPolicy restart, LogSpec logs, int priority, boolean isProtected, String tier,
                   boolean autostart, String source, HealthSpec health) {
        this(namespace, name, script, args, interpreter, interpreterArgs, cwd, env, instances, instanceVar, restart,
                logs, priority, isProtected, tier, autostart, source, health, false, null);
    }

    public AppSpec(String namespace, String name, String script, List<String> args, String interpreter,
                   List<String> interpreterArgs, String cwd, Map<String, String> env, int instances, String instanceVar,
                   RestartPolicy restart, LogSpec logs, int priority, boolean isProtected, String tier,
                   boolean autostart, String source) {
        this(namespace, name, script, args, interpreter, interpreterArgs, cwd, env, instances, instanceVar, restart,
                logs, priority, isProtected, tier, autostart, source, null);
    }

    /** Same app moved to another namespace (used when {@code --namespace} applies to a file without one). */
    public AppSpec withNamespace(String ns) {
        return new AppSpec(ns, name, script, args, interpreter, interpreterArgs, cwd, env, instances, instanceVar,
                restart, logs, priority, isProtected, tier, autostart, source, health, envFromCaller, callerEnv, runAs, limits, commands, incrementVar);
    }

    public AppSpec withName(String newName) {
        return new AppSpec(namespace, newName, script, args, interpreter, interpreterArgs, cwd, env, instances,
                instanceVar, restart, logs, priority, isProtected, tier, autostart, source, health, envFromCaller, callerEnv, runAs, limits, commands, incrementVar);
    }

    public AppSpec withInstances(int n) {
        return new AppSpec(namespace, name, script, args, interpreter, interpreterArgs, cwd, env, n, instanceVar,
                restart, logs, priority, isProtected, tier, autostart, source, health, envFromCaller, callerEnv, runAs, limits, commands, incrementVar);
    }

    public AppSpec withAutostart(boolean on) {
        return new AppSpec(namespace, name, script, args, interpreter, interpreterArgs, cwd, env, instances,
                instanceVar, restart, logs, priority, isProtected, tier, on, source, health, envFromCaller, callerEnv, runAs, limits, commands, incrementVar);
    }

    /**
     * The same app taking {@code caller} (a command's environment) as its base: {@code env_from_caller}, or
     * {@code --update-env}. Null turns the opt-in off.
     */
    public AppSpec withCallerEnv(Map<String, String> caller) {
        return new AppSpec(namespace, name, script, args, interpreter, interpreterArgs, cwd, env, instances,
                instanceVar, restart, logs, priority, isProtected, tier, autostart, source, health, caller != null, caller, runAs, limits, commands, incrementVar);
    }

    /** Restore order key: set priorities first (ascending), unset (0) last. */
    public int restoreOrder() { return priority > 0 ? priority : Integer.MAX_VALUE; }
}
