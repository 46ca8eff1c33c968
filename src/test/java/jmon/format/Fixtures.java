package jmon.format;

import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.api.LogSpec;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.RestartPolicy;

/** Hand-built ProcessInfo/AppSpec values for the renderer tests. */
public final class Fixtures {
    private Fixtures() {}

    public static final long NOW = 1_800_000_000_000L;

    public static AppSpec spec(String ns, String name) {
        return new AppSpec(ns, name, "/srv/" + name + "/app.py", List.of("--port", "8080"), "/usr/bin/python3",
                List.of("-u"), "/srv/" + name,
                Map.of("NODE_ENV", "production", "DB_PASSWORD", "hunter2", "GITHUB_TOKEN", "ghp_abc",
                        "x-api-key", "k-123", "PORT", "8080"),
                2, null,
                new RestartPolicy(true, 5, 2000, 100, 150, List.of(0, 2), 3000, "SIGTERM"),
                new LogSpec(null, null, null, false, false, null, null),
                3, true, "production", true, "/srv/ecosystem.json");
    }

    public static ProcessInfo proc(int id, String ns, String name, ProcessStatus st) {
        boolean live = st.isSignallable();
        long pid = st == ProcessStatus.WAITING_RESTART ? 4321 : live ? 1000 + id : 0;
        return new ProcessInfo(id, ns, name, 1, st, st.isHalted() ? Desired.HALT : Desired.RUN, pid, live,
                4, 1, NOW - 3_600_000L * 3 - 5_000, NOW - 86_400_000L * 2, st == ProcessStatus.ONLINE ? null : 3,
                st == ProcessStatus.ERRORED ? "SIGKILL" : null, "started by user",
                "/var/log/jmon/" + ns + "/" + name + "-out.log", "/var/log/jmon/" + ns + "/" + name + "-err.log",
                12.345, 12_900_000L, spec(ns, name));
    }

    public static ProcessInfo online(int id, String ns, String name) {
        return proc(id, ns, name, ProcessStatus.ONLINE);
    }

    /** ANSI escape sequences removed. */
    public static String strip(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
