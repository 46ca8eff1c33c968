package jmon.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.engine.exec.InstanceMarker;
import jmon.engine.exec.LaunchPlan;
import jmon.engine.exec.LaunchWrapper;

/**
 * Builds the command line and environment of a process from its spec. An app's environment is defined, never
 * an accident of which shell started the daemon: a small base taken from the daemon's environment
 * ({@link #BASE_VARS}, {@code LC_*}, {@code JMON_HOME}), then the caller's environment when the app opted in
 * ({@code env_from_caller}, {@code --update-env}), then the app's declared env, then jmon's own variables.
 */
public final class LaunchPlans {
    /** What an app inherits from the daemon's environment (with every {@code LC_*}); nothing else. */
    public static final List<String> BASE_VARS = List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE",
            "TZ", "TMPDIR", "JMON_HOME");

    private final Map<String, String> baseEnv;
    private final String homeId;

    /**
     * @param daemonEnv the daemon's environment, of which only the base reaches an app
     * @param homeId    the home's id for the instance marker ({@link InstanceMarker#homeId})
     */
    public LaunchPlans(Map<String, String> daemonEnv, String homeId) {
        this.baseEnv = Map.copyOf(base(daemonEnv));
        this.homeId = homeId;
    }

    /** The part of {@code env} that every app inherits. */
    public static Map<String, String> base(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String k = e.getKey();
            if (k != null && e.getValue() != null && (BASE_VARS.contains(k) || k.startsWith("LC_"))) out.put(k, e.getValue());
        }
        return out;
    }

    public static List<String> command(AppSpec s) {
        List<String> cmd = new ArrayList<>();
        if (s.interpreter() != null && !s.interpreter().equals("none")) {
            cmd.add(s.interpreter());
            cmd.addAll(s.interpreterArgs());
        }
        cmd.add(s.script());
        cmd.addAll(s.args());
        return cmd;
    }

    /**
     * The plan of one of the app's lifecycle commands ({@code pre_start}, {@code stop_command}, {@code post_stop}):
     * {@code sh -c COMMAND} with the app's folder, environment, user and limits, writing into the app's logs;
     * without the instance marker (it is no member of the app) and with {@code JMON_COMMAND} saying which it is.
     */
    public LaunchPlan commandPlan(AppSpec s, int pmId, int instanceId, String which, String command, Path outFifo,
                                  Path errFifo) {
        LaunchPlan app = plan(s, pmId, instanceId, 0, outFifo, errFifo, null, null);
        Map<String, String> env = new HashMap<>(app.env());
        env.remove(InstanceMarker.VAR);
        env.put("JMON_COMMAND", which);
        return new LaunchPlan(List.of("/bin/sh", "-c", command), app.cwd(), env, outFifo, errFifo, null, -1,
                app.wrapper(), null);
    }

    /** @param generation which spawn of pmId this is, for the instance marker */
    public LaunchPlan plan(AppSpec s, int pmId, int instanceId, long generation, Path outFifo, Path errFifo,
                           Path notifyFifo, Path stdinFifo) {
        Map<String, String> env = new HashMap<>(baseEnv);
        if (s.envFromCaller()) {
            // the caller's own JMON_* (its JMON_HOST, a JMON_INSTANCE when it runs under jmon) are not the app's
            for (Map.Entry<String, String> e : s.callerEnv().entrySet()) {
                if (!e.getKey().startsWith("JMON_")) env.put(e.getKey(), e.getValue());
            }
        }
        env.putAll(s.env());
        if (s.incrementVar() != null) {
            // PM2's increment_var: PORT 3000 for instance 0, 3001 for instance 1, … (the rules checked the number)
            try {
                env.put(s.incrementVar(), Integer.toString(Integer.parseInt(env.get(s.incrementVar()).trim()) + instanceId));
            } catch (RuntimeException e) {
                // a spec from before the rule (a dump): the value as declared
            }
        }
        env.put("JMON_NAME", s.name());
        env.put("JMON_NAMESPACE", s.namespace());
        env.put("JMON_ID", Integer.toString(pmId));
        env.put("JMON_INSTANCE_ID", Integer.toString(instanceId));
        env.put(s.instanceVar(), Integer.toString(instanceId));
        if (notifyFifo != null) env.put("JMON_NOTIFY", notifyFifo.toString());
        env.putIfAbsent("NODE_APP_INSTANCE", Integer.toString(instanceId));
        // what PM2 puts in every app's environment and PM2 apps read (unless the app declares its own)
        env.putIfAbsent("pm_id", Integer.toString(pmId));
        env.putIfAbsent("name", s.name());
        env.putIfAbsent("namespace", s.namespace());
        env.putIfAbsent("instances", Integer.toString(s.instances()));
        env.putIfAbsent("exec_mode", "fork_mode");
        // last: the marker is jmon's; neither the declared env nor instance_var can replace it
        env.put(InstanceMarker.VAR, new InstanceMarker(homeId, pmId, generation).format());
        LaunchPlan plan = new LaunchPlan(command(s), Path.of(s.cwd()), env, outFifo, errFifo, stdinFifo);
        if (!s.runAs().changesIdentity() && !s.limits().hasProcessLimits()) return plan; // the fast path: no wrapper
        try {
            plan = plan.withWrapper(LaunchWrapper.prefix(s.runAs(), s.limits()));
            if (s.runAs().changesIdentity() && notifyFifo != null) {
                // the app writes its notify FIFO as its own user: it owns it, and reaches it by a descriptor
                java.nio.file.Files.setAttribute(notifyFifo, "unix:uid", LaunchWrapper.uidOf(s.runAs()));
                plan = plan.withInheritedNotify(notifyFifo);
            }
            return plan;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e); // a spawn error with this reason
        }
    }
}
