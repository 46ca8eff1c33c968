package jmon.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.engine.exec.LaunchPlan;

/** Builds the command line and environment of a process from its spec. */
public final class LaunchPlans {
    private final Map<String, String> baseEnv;

    /** @param baseEnv the daemon's environment, under the app's declared env */
    public LaunchPlans(Map<String, String> baseEnv) {
        this.baseEnv = Map.copyOf(baseEnv);
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

    public LaunchPlan plan(AppSpec s, int pmId, int instanceId, Path outFifo, Path errFifo, Path notifyFifo,
                           Path stdinFifo) {
        Map<String, String> env = new HashMap<>(baseEnv);
        env.keySet().removeIf(k -> k.startsWith("JMON_") && !k.equals("JMON_HOME"));
        env.putAll(s.env());
        env.put("JMON_NAME", s.name());
        env.put("JMON_NAMESPACE", s.namespace());
        env.put("JMON_ID", Integer.toString(pmId));
        env.put("JMON_INSTANCE_ID", Integer.toString(instanceId));
        env.put(s.instanceVar(), Integer.toString(instanceId));
        if (notifyFifo != null) env.put("JMON_NOTIFY", notifyFifo.toString());
        env.putIfAbsent("NODE_APP_INSTANCE", Integer.toString(instanceId));
        return new LaunchPlan(command(s), Path.of(s.cwd()), env, outFifo, errFifo, stdinFifo);
    }
}
