package jmon.incident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jmon.engine.exec.InstanceMarker;
import jmon.engine.exec.MarkedProcess;
import jmon.engine.exec.MarkedProcesses;

/**
 * The apps of a home still running while its daemon does not answer, found the way the daemon re-adopts them: by
 * the {@code JMON_INSTANCE=<homeId>:<pmId>:<gen>} mark in their environment, read from {@code /proc} (the kernel,
 * not the daemon's files). The home id is computed by the client as the daemon computes it
 * ({@link InstanceMarker#homeId}: a hash of the home folder's path, device and inode, which are the folder's
 * metadata, not its contents); name and namespace come from the {@code JMON_NAME}/{@code JMON_NAMESPACE} every
 * app is spawned with. Only for the local home: with {@code --host} the scan would be of the wrong machine.
 */
public final class LiveApps {
    /** One app's main process (a session leader carrying the mark). */
    public record Live(String namespace, String name, int pmId, long pid, String command) {
        public String key() { return namespace + "/" + name; }
    }

    private LiveApps() {}

    public static List<Live> scan(Path home) {
        List<Live> out = new ArrayList<>();
        String id;
        try {
            if (!Files.isDirectory(home)) return out;
            id = InstanceMarker.homeId(home);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        for (MarkedProcess m : MarkedProcesses.scan(id)) {
            if (!m.isSessionLeader()) continue; // members and double-forked children belong to an app already counted
            String ns = null, name = null;
            try {
                byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(m.pid()), "environ"));
                int from = 0;
                for (int i = 0; i <= env.length; i++) {
                    if (i == env.length || env[i] == 0) {
                        String kv = new String(env, from, i - from, StandardCharsets.UTF_8);
                        from = i + 1;
                        if (kv.startsWith("JMON_NAME=")) name = kv.substring(10);
                        else if (kv.startsWith("JMON_NAMESPACE=")) ns = kv.substring(15);
                    }
                }
            } catch (IOException e) {
                continue; // gone meanwhile
            }
            if (ns != null && name != null) out.add(new Live(ns, name, m.pmId(), m.pid(), m.command()));
        }
        return out;
    }
}
