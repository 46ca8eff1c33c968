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
        HealthSpec health) {

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
                restart, logs, priority, isProtected, tier, autostart, source, health);
    }

    public AppSpec withName(String newName) {
        return new AppSpec(namespace, newName, script, args, interpreter, interpreterArgs, cwd, env, instances,
                instanceVar, restart, logs, priority, isProtected, tier, autostart, source, health);
    }

    public AppSpec withInstances(int n) {
        return new AppSpec(namespace, name, script, args, interpreter, interpreterArgs, cwd, env, n, instanceVar,
                restart, logs, priority, isProtected, tier, autostart, source, health);
    }

    public AppSpec withAutostart(boolean on) {
        return new AppSpec(namespace, name, script, args, interpreter, interpreterArgs, cwd, env, instances,
                instanceVar, restart, logs, priority, isProtected, tier, on, source, health);
    }

    /** Restore order key: set priorities first (ascending), unset (0) last. */
    public int restoreOrder() { return priority > 0 ? priority : Integer.MAX_VALUE; }
}
