package jmon.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether this process may put apps in cgroups of its own: cgroup v2 mounted at /sys/fs/cgroup, the process's
 * cgroup (from /proc/self/cgroup) writable by it, with the controllers the limits need. systemd gives a service
 * such a subtree with {@code Delegate=yes} (the unit {@code jmon startup systemd} writes asks for it).
 */
public final class Cgroups {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Cgroups() {}

    /** Why the cgroup limits cannot be applied here, or null when they can. */
    public static String unavailableReason() {
        if (!Files.isRegularFile(ROOT.resolve("cgroup.controllers"))) {
            return "cgroup v2 is not mounted at /sys/fs/cgroup (a cgroup v1 or hybrid host)";
        }
        Path own = ownCgroup();
        if (own == null) return "this process has no cgroup v2 path in /proc/self/cgroup";
        if (!Files.isWritable(own) || !Files.isWritable(own.resolve("cgroup.subtree_control"))) {
            return "the daemon's cgroup " + own + " is not delegated to it (not writable; run it under a systemd"
                    + " unit with Delegate=yes)";
        }
        try {
            String controllers = Files.readString(own.resolve("cgroup.controllers"));
            for (String c : List.of("memory", "cpu", "pids")) {
                if (!(" " + controllers.trim() + " ").contains(" " + c + " ")) {
                    return "the controller '" + c + "' is not enabled for the daemon's cgroup " + own;
                }
            }
        } catch (IOException e) {
            return "cannot read " + own.resolve("cgroup.controllers") + ": " + e.getMessage();
        }
        return null;
    }

    /** The directory of this process's cgroup v2, or null. */
    static Path ownCgroup() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                if (line.startsWith("0::")) return ROOT.resolve(line.substring(3).replaceFirst("^/+", ""));
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
