package jmon.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import jmon.api.EngineEvent;
import jmon.api.ProcessStatus;
import jmon.engine.supervise.ManagedProcess;

/**
 * PM2's {@code pid_file}: the pid of each spawn written to the app's file (one per instance, "-pmId.pid"), for the
 * tools that read it, and removed when the run ends (stopped, exited, errored, waiting to restart, deleted).
 * Engine thread; a file that cannot be written is reported in jmon.log and changes nothing else.
 */
final class PidFiles {
    private final ProcessTable table;

    PidFiles(ProcessTable table) { this.table = table; }

    /** A fresh spawn (or an adopted one): its pid in its file. */
    void spawned(ManagedProcess p) {
        String path = p.spec().logs().pidPathFor(p.pmId());
        if (path == null || p.pid() <= 0) return;
        Path f = Path.of(path);
        try {
            Path dir = f.getParent();
            if (dir != null) Files.createDirectories(dir);
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, p.pid() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            System.err.println("jmon: pid_file " + f + " for " + p.namespace() + "/" + p.name() + ": " + e);
        }
    }

    /** A run ended or the process went: its file goes, so a stale pid is never read as alive. */
    void onEvent(EngineEvent e) {
        if (e instanceof EngineEvent.StatusChanged s) {
            ProcessStatus to = s.to();
            if (!(to.isHalted() || to == ProcessStatus.WAITING_RESTART)) return;
            ManagedProcess p = table.get(s.pmId());
            if (p != null) remove(p);
        }
    }

    /** Before a deleted process is forgotten. */
    void remove(ManagedProcess p) {
        String path = p.spec().logs().pidPathFor(p.pmId());
        if (path == null) return;
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException | RuntimeException e) {
            System.err.println("jmon: pid_file " + path + ": " + e);
        }
    }
}
