package jmon.engine.journal;

import java.util.List;
import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.api.ProcessStatus;

/**
 * One entry of the daemon's journal: what a new daemon needs to know what runs, and what the incident history
 * reads (who asked for what, what happened to each process, which apps were deleted).
 */
public sealed interface JournalRecord {
    /** The wire name of each kind, written beside the body. */
    String kind();

    /**
     * A mutating request accepted from a caller, appended (and made durable) before it changes anything, with where
     * it came from (null from an older daemon's journal, or a client that sent none).
     */
    record Requested(long at, String user, String verb, String namespace, List<String> targets,
                     jmon.api.CallerContext context) implements JournalRecord {
        public Requested(long at, String user, String verb, String namespace, List<String> targets) {
            this(at, user, verb, namespace, targets, null);
        }

        public String kind() { return "request"; }
    }

    /**
     * Processes added (the whole batch of one request in one record, so a batch is on disk whole or not at all),
     * or one process's spec replaced: the static part of their rows.
     */
    record Admitted(List<Admission> processes) implements JournalRecord {
        public String kind() { return "admit"; }
    }

    /** One process of an {@link Admitted}: what it is, and whether it is meant to run. */
    record Admission(int pmId, int instanceId, long createdAt, AppSpec spec, Desired desired) {}

    /**
     * The dynamic part of a process's row whenever it changes: a spawn (pid, start ticks, generation), an exit, a
     * status or desired change.
     */
    record Progressed(int pmId, Desired desired, ProcessStatus status, long pid, long startTicks, long startedAt,
                      long generation, int restarts, int unstableRestarts, Integer lastExitCode, String lastSignal,
                      String reason) implements JournalRecord {
        public String kind() { return "progress"; }

        /**
         * Written out: the engine compares a row after every task, and a record's generated equals is bootstrapped
         * through method handles (a hundred classes and milliseconds in a daemon's first start).
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Progressed p && pmId == p.pmId && desired == p.desired && status == p.status
                    && pid == p.pid && startTicks == p.startTicks && startedAt == p.startedAt
                    && generation == p.generation && restarts == p.restarts && unstableRestarts == p.unstableRestarts
                    && java.util.Objects.equals(lastExitCode, p.lastExitCode)
                    && java.util.Objects.equals(lastSignal, p.lastSignal) && java.util.Objects.equals(reason, p.reason);
        }

        @Override
        public int hashCode() { return Long.hashCode(pid) * 31 + pmId; }
    }

    /** A process deleted: its tombstone (the spec is in its last {@link Admitted}). */
    record Deleted(int pmId, long at, String namespace, String name, String reason) implements JournalRecord {
        public String kind() { return "delete"; }
    }
}
