package jmon.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.engine.exec.InstanceMarker;
import jmon.engine.exec.LaunchPlan;

/** Builds the command line and environment of a process from its spec. */
public final class LaunchPlans {
    private final Map<String, String> baseEnv;
    private final String homeId;

    /**
     * @param baseEnv the daemon's environment, under the app's declared env
     * @param homeId  the home's id for the instance marker ({@link InstanceMarker#homeId})
     */
    public LaunchPlans(Map<String, String> baseEnv, String homeId) {
        this.baseEnv = Map.copyOf(baseEnv);
        this.homeId = homeId;
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

    /** @param generation which spawn of pmId this is, for the instance marker */
    public LaunchPlan plan(AppSpec s, int pmId, int instanceId, long generation, Path outFifo, Path errFifo,
                           Path notifyFifo, Path stdinFifo) {
        Map<String, String> env = new HashMap<>(baseEnv);
        // the daemon's own JMON_* (a JMON_INSTANCE when it runs under another jmon) must not reach its apps
        env.keySet().removeIf(k -> k.startsWith("JMON_") && !k.equals("JMON_HOME"));
        env.putAll(s.env());
        env.put("JMON_NAME", s.name());
        env.put("JMON_NAMESPACE", s.namespace());
        env.put("JMON_ID", Integer.toString(pmId));
        env.put("JMON_INSTANCE_ID", Integer.toString(instanceId));
        env.put(s.instanceVar(), Integer.toString(instanceId));
        if (notifyFifo != null) env.put("JMON_NOTIFY", notifyFifo.toString());
        env.putIfAbsent("NODE_APP_INSTANCE", Integer.toString(instanceId));
        // last: the marker is jmon's; neither the declared env nor instance_var can replace it
        env.put(InstanceMarker.VAR, new InstanceMarker(homeId, pmId, generation).format());
        return new LaunchPlan(command(s), Path.of(s.cwd()), env, outFifo, errFifo, stdinFifo);
    }
}
