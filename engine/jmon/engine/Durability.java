package jmon.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.ErrorCode;
import jmon.api.JmonException;
import jmon.engine.journal.Journal;
import jmon.engine.journal.JournalRecord;
import jmon.engine.persist.ProcessRecord;
import jmon.engine.persist.StateStore;
import jmon.engine.persist.StateWriter;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Supervisor;
import jmon.engine.time.Clock;

/**
 * The daemon's memory on disk: write-ahead admission of requests, each spawn journaled before the next one, every
 * other change journaled at the end of the engine task that made it, periodic checkpoints, and the "durable before
 * answering" round trip. The journal's methods run on the engine thread unless said otherwise.
 */
final class Durability {
    /** Checkpoint once this much journal accumulated since the last one. */
    private static final long CHECKPOINT_BYTES = 1L << 20;

    private final Journal journal;
    private final StateWriter stateWriter;
    private final ProcessTable table;
    private final Supervisor supervisor;
    private final EngineLoop loop;
    private final Clock clock;
    /** What the journal holds of each process: a change is appended once, when it differs. */
    private final Map<Integer, AppSpec> journaledSpec = new HashMap<>();
    private final Map<Integer, JournalRecord.Progressed> journaledProgress = new HashMap<>();
    /** After a failed sync, every row is appended again: what was in the page cache may not have reached the disk. */
    private boolean resync;
    /** The journal record of the last spawn; the next spawn waits until it is durable. */
    private long spawnRecordSeq;
    private boolean retryScheduled;
    private long checkpointBytes;
    private volatile long lastCheckpointSeq;

    Durability(Journal journal, StateStore state, long checkpointSeq, ProcessTable table, Supervisor supervisor,
               EngineLoop loop, Clock clock) {
        this.journal = journal;
        this.table = table;
        this.supervisor = supervisor;
        this.loop = loop;
        this.clock = clock;
        this.lastCheckpointSeq = checkpointSeq;
        this.stateWriter = new StateWriter(state, this::checkpointWritten, () -> {
            try {
                journal.sync();
            } catch (IOException e) {
                // the engine thread meets the same failure on its next sync and says it
            }
        });
    }

    /** Runs r on the durability thread, in order, after any sync a spawn waits for: writes the engine hands off. */
    void later(Runnable r) { stateWriter.later(r); }

    /** At recovery: what the journal already holds of a recovered process. */
    void known(ProcessRecord r) {
        journaledSpec.put(r.pmId(), r.spec());
        journaledProgress.put(r.pmId(), progress(r));
    }

    private static JournalRecord.Progressed progress(ProcessRecord r) {
        return new JournalRecord.Progressed(r.pmId(), r.desired(), r.status(), r.pid(), r.startTicks(), r.startedAt(),
                r.generation(), r.restarts(), r.unstableRestarts(), r.lastExitCode(), r.lastSignal(), r.reason());
    }

    /**
     * Write-ahead admission of a mutating request: it is on disk before it changes anything, and a journal that
     * cannot be written refuses it with nothing changed. Any thread.
     */
    void admitRequest(jmon.api.Caller c, String verb, String namespace, List<String> targets) {
        try {
            journal.syncTo(journal.append(new JournalRecord.Requested(clock.nowMs(), c.user(), verb, namespace, targets,
                    c.context())));
        } catch (IOException e) {
            throw new JmonException(ErrorCode.FAILED, refusal(e));
        }
    }

    /** A batch's new processes, in one durable record before any of them runs; refused with nothing changed. */
    void admitBatch(List<JournalRecord.Admission> rows) {
        try {
            journal.syncTo(journal.append(new JournalRecord.Admitted(rows)));
        } catch (IOException e) {
            failed(e);
            throw new JmonException(ErrorCode.FAILED, refusal(e));
        }
        for (JournalRecord.Admission a : rows) journaledSpec.put(a.pmId(), a.spec());
    }

    private String refusal(IOException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return (m.contains("No space left") ? "disk full" : "cannot write the journal") + ": nothing changed ("
                + journal.dir() + ": " + m + ")";
    }

    /** Right before a spawn: the previous spawn's record is on disk (usually synced already). */
    void awaitSpawnRecord() {
        if (spawnRecordSeq <= 0) return;
        try {
            journal.syncTo(spawnRecordSeq);
            spawnRecordSeq = 0;
        } catch (IOException e) {
            spawnRecordSeq = 0;
            failed(e);
        }
    }

    /**
     * A fresh spawn: its pid is journaled now and durable before the next spawn of a batch; synced meanwhile by the
     * writer's thread, so the fdatasync overlaps the preparation of the next app instead of adding to it.
     */
    void spawned(ManagedProcess p) {
        if (journalProcess(p)) {
            spawnRecordSeq = journal.lastSeq();
            stateWriter.syncJournalSoon();
        }
    }

    /** At the end of each engine task that changed something: what changed, and a checkpoint now and then. */
    void afterTask() {
        journalChanges();
        if (journal.appendedBytes() - checkpointBytes >= CHECKPOINT_BYTES) checkpoint();
    }

    private void journalChanges() {
        boolean again = resync;
        resync = false;
        for (ManagedProcess p : table.values()) {
            if (again) {
                journaledSpec.remove(p.pmId());
                journaledProgress.remove(p.pmId());
            }
            if (!journalProcess(p)) return;
        }
        if (journaledSpec.size() > table.size()) {
            for (Integer pmId : new ArrayList<>(journaledSpec.keySet())) {
                if (table.contains(pmId)) continue;
                AppSpec s = journaledSpec.get(pmId);
                JournalRecord.Progressed last = journaledProgress.get(pmId);
                try {
                    journal.append(new JournalRecord.Deleted(pmId, clock.nowMs(), s.namespace(), s.name(),
                            last == null ? null : last.reason()));
                } catch (IOException e) {
                    failed(e);
                    return;
                }
                journaledSpec.remove(pmId);
                journaledProgress.remove(pmId);
            }
        }
    }

    /** Appends p's row where it differs from what the journal holds; false when the journal cannot be written. */
    private boolean journalProcess(ManagedProcess p) {
        try {
            ProcessRecord r = supervisor.record(p);
            if (journaledSpec.get(p.pmId()) != p.spec()) {
                journal.append(new JournalRecord.Admitted(List.of(new JournalRecord.Admission(p.pmId(), p.instanceId(),
                        r.createdAt(), p.spec(), p.desired()))));
                journaledSpec.put(p.pmId(), p.spec());
            }
            JournalRecord.Progressed now = progress(r);
            if (!now.equals(journaledProgress.get(p.pmId()))) {
                journal.append(now);
                journaledProgress.put(p.pmId(), now);
            }
            return true;
        } catch (IOException e) {
            failed(e);
            return false;
        }
    }

    /**
     * The journal cannot be written (disk full, read-only, removed): said once, retried each second; requests are
     * refused meanwhile. The processes run on, and what happens to them is journaled once the disk takes it again
     * (all of it: what was only in the page cache may be lost).
     */
    private void failed(IOException e) {
        resync = true;
        if (retryScheduled) return;
        System.err.println("jmon: journal " + journal.dir() + ": " + e.getMessage()
                + "; changes are refused until it can be written (retrying each second)");
        retryScheduled = true;
        loop.schedule(() -> {
            retryScheduled = false;
            table.markDirty();
            try {
                journal.sync();
            } catch (IOException again) {
                // journalChanges fails again and schedules the next try
            }
        }, 1000);
    }

    /**
     * Off the engine thread: returns once the journal holds every change made so far on disk; a change that could
     * not be written makes the answer an error, never ok.
     */
    void awaitDurable() {
        // a round trip: the last task's changes are appended (or failed to be)
        long seq = loop.call(() -> resync ? -1 : journal.lastSeq());
        try {
            if (seq < 0) throw new IOException(journal.failure() == null ? "a record could not be written" : journal.failure());
            journal.syncTo(seq);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new JmonException(ErrorCode.FAILED, "done, but not durable: the journal in " + journal.dir()
                    + " cannot be written (" + m + "); the processes run, a new daemon finds them in /proc");
        }
    }

    /** Hands a checkpoint of every process, as of the last journal record, to the writer. */
    void checkpoint() {
        List<ProcessRecord> recs = new ArrayList<>();
        for (ManagedProcess p : table.values()) recs.add(supervisor.record(p));
        checkpointBytes = journal.appendedBytes();
        stateWriter.submit(new StateStore.State(StateStore.VERSION, table.nextPmId(), recs, journal.lastSeq()));
    }

    /** On the writer's thread: a checkpoint is on disk; segments both kept checkpoints cover are retired. */
    private void checkpointWritten(long seq) {
        long older = lastCheckpointSeq;
        lastCheckpointSeq = seq;
        try {
            journal.retireUpTo(older);
        } catch (IOException e) {
            System.err.println("jmon: retiring journal segments: " + e.getMessage());
        }
    }

    /** The journal's trouble for ping, null while it is written. Any thread. */
    String failureLine() {
        String jf = journal.failure();
        if (jf == null) return null;
        return "the journal in " + journal.dir() + " cannot be written since "
                + java.time.Instant.ofEpochMilli(journal.failingSince()) + " (" + jf + "): changes are refused";
    }

    void close() {
        stateWriter.close();
        journal.close();
    }
}
