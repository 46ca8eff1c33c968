package jmon.api;

/**
 * What a client sees of one managed process at one moment.
 *
 * @param pmId          number unique in the daemon
 * @param instanceId    0..instances-1
 * @param pid           OS pid, 0 when nothing runs (the dead pid while waiting to restart, as PM2)
 * @param restarts      restarts since creation (PM2 {@code restart_time})
 * @param unstableRestarts restarts in a row that happened before {@code min_uptime}
 * @param startedAt     epoch ms of the last spawn (PM2 {@code pm_uptime}), 0 when never
 * @param createdAt     epoch ms the process was added
 * @param lastExitCode  last exit code, null when none yet
 * @param lastSignal    signal that ended it last, null when none
 * @param reason        why the last status change happened, in words
 * @param outLogPath    stdout log file ("/dev/null" when none)
 * @param errLogPath    stderr log file
 * @param cpu           percent of one core, last sample
 * @param memory        RSS bytes of the process group, last sample
 * @param health        readiness, probes, notify messages; null when nothing is known
 * @param members       processes of the app besides the main pid (children, escaped descendants); empty when none
 *                      known (filled by describe, not by list)
 * @param logWrite      null while the log files are written; the trouble and what was not written otherwise
 * @param version       package.json version and git checkout of the app (jlist's version, versioning); null when not read
 */
public record ProcessInfo(
        int pmId,
        String namespace,
        String name,
        int instanceId,
        ProcessStatus status,
        Desired desired,
        long pid,
        boolean ready,
        int restarts,
        int unstableRestarts,
        long startedAt,
        long createdAt,
        Integer lastExitCode,
        String lastSignal,
        String reason,
        String outLogPath,
        String errLogPath,
        double cpu,
        long memory,
        AppSpec spec,
        HealthInfo health,
        java.util.List<Member> members,
        LogWriteState logWrite,
        AppVersion version) {

    public ProcessInfo {
        members = members == null ? java.util.List.of() : members;
    }

    /** Without the version: the engine fills it in outside its thread ({@link #withVersion}). */
    public ProcessInfo(int pmId, String namespace, String name, int instanceId, ProcessStatus status, Desired desired,
                       long pid, boolean ready, int restarts, int unstableRestarts, long startedAt, long createdAt,
                       Integer lastExitCode, String lastSignal, String reason, String outLogPath, String errLogPath,
                       double cpu, long memory, AppSpec spec, HealthInfo health, java.util.List<Member> members,
                       LogWriteState logWrite) {
        this(pmId, namespace, name, instanceId, status, desired, pid, ready, restarts, unstableRestarts, startedAt,
                createdAt, lastExitCode, lastSignal, reason, outLogPath, errLogPath, cpu, memory, spec, health,
                members, logWrite, null);
    }

    public ProcessInfo withVersion(AppVersion v) {
        return new ProcessInfo(pmId, namespace, name, instanceId, status, desired, pid, ready, restarts,
                unstableRestarts, startedAt, createdAt, lastExitCode, lastSignal, reason, outLogPath, errLogPath, cpu,
                memory, spec, health, members, logWrite, v);
    }

    public ProcessInfo(int pmId, String namespace, String name, int instanceId, ProcessStatus status, Desired desired,
                       long pid, boolean ready, int restarts, int unstableRestarts, long startedAt, long createdAt,
                       Integer lastExitCode, String lastSignal, String reason, String outLogPath, String errLogPath,
                       double cpu, long memory, AppSpec spec, HealthInfo health) {
        this(pmId, namespace, name, instanceId, status, desired, pid, ready, restarts, unstableRestarts, startedAt,
                createdAt, lastExitCode, lastSignal, reason, outLogPath, errLogPath, cpu, memory, spec, health,
                java.util.List.of(), null);
    }

    public ProcessInfo(int pmId, String namespace, String name, int instanceId, ProcessStatus status, Desired desired,
                       long pid, boolean ready, int restarts, int unstableRestarts, long startedAt, long createdAt,
                       Integer lastExitCode, String lastSignal, String reason, String outLogPath, String errLogPath,
                       double cpu, long memory, AppSpec spec) {
        this(pmId, namespace, name, instanceId, status, desired, pid, ready, restarts, unstableRestarts, startedAt,
                createdAt, lastExitCode, lastSignal, reason, outLogPath, errLogPath, cpu, memory, spec, null);
    }

    /** "namespace/name", with the instance id when the app has several. */
    public String qualifiedName() {
        return namespace + "/" + name + (spec != null && spec.instances() > 1 ? "#" + instanceId : "");
    }
}
