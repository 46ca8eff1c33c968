package jmon.engine.exec;

/**
 * A live process found carrying this home's {@link InstanceMarker}.
 *
 * @param startTicks start time in clock ticks since boot (with the pid, its identity)
 * @param session    its session id: equal to pid for a session leader (every app's main process is one)
 * @param command    its command line, NULs as spaces, shortened
 */
public record MarkedProcess(long pid, long startTicks, long ppid, long pgrp, long session, int pmId,
                            long generation, String command) {
    public boolean isSessionLeader() { return session == pid; }
}
