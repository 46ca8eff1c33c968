package jmon.api;

/**
 * Limits of one app; null means "not set" (the daemon's own value is inherited). The first five are applied
 * to the process at its start (rlimits, niceness, umask, OOM score); the last three need a cgroup v2 subtree
 * delegated to the daemon.
 *
 * @param maxOpenFiles  RLIMIT_NOFILE, soft and hard ({@code max_open_files})
 * @param maxProcesses  RLIMIT_NPROC of the app's user, soft and hard ({@code max_processes})
 * @param nice          niceness -20..19 ({@code nice})
 * @param umask         file mode creation mask 0..0777 ({@code umask}, written in octal)
 * @param oomScoreAdj   -1000..1000 ({@code oom_score_adj})
 * @param memoryMax     bytes, the cgroup's memory.max ({@code memory_max})
 * @param cpuQuota      percent of one CPU, the cgroup's cpu.max ({@code cpu_quota}, e.g. "50%", "200%")
 * @param tasksMax      processes and threads, the cgroup's pids.max ({@code tasks_max})
 */
public record ResourceLimits(Long maxOpenFiles, Long maxProcesses, Integer nice, Integer umask, Integer oomScoreAdj,
                             Long memoryMax, Integer cpuQuota, Long tasksMax) {

    public static ResourceLimits none() { return new ResourceLimits(null, null, null, null, null, null, null, null); }

    /** Something applied at the start of the process (the launch wrapper's part). */
    public boolean hasProcessLimits() {
        return maxOpenFiles != null || maxProcesses != null || nice != null || umask != null || oomScoreAdj != null;
    }

    /** Something applied through a cgroup. */
    public boolean hasCgroupLimits() { return memoryMax != null || cpuQuota != null || tasksMax != null; }
}
