package jmon.engine.persist;

import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.api.ProcessStatus;

/**
 * One process as the daemon's state file keeps it: enough for a new daemon to re-adopt the live process
 * (pid plus start time, so a reused pid is never mistaken for it) or to bring it back. {@code generation} counts
 * the spawns of the pm_id (the instance marker's third field; 0 in files written before it existed).
 */
public record ProcessRecord(int pmId, int instanceId, AppSpec spec, Desired desired, ProcessStatus status,
                            long pid, long startTicks, long startedAt, long createdAt, int restarts,
                            int unstableRestarts, Integer lastExitCode, String lastSignal, String reason,
                            long generation) {
    public ProcessRecord(int pmId, int instanceId, AppSpec spec, Desired desired, ProcessStatus status, long pid,
                         long startTicks, long startedAt, long createdAt, int restarts, int unstableRestarts,
                         Integer lastExitCode, String lastSignal, String reason) {
        this(pmId, instanceId, spec, desired, status, pid, startTicks, startedAt, createdAt, restarts,
                unstableRestarts, lastExitCode, lastSignal, reason, 0);
    }
}
