package jmon.engine.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jmon.api.Desired;
import jmon.api.ProcessStatus;
import jmon.engine.persist.ProcessRecord;
import jmon.engine.persist.StateStore;

/**
 * What an earlier daemon knew, rebuilt: the newest readable checkpoint, then every journal record after it. A torn
 * last record (the daemon killed mid-append) is cut off; a damaged stretch inside a segment is skipped (the file
 * kept aside as {@code *.corrupt-<time>}); nothing here is fatal. What the files cannot tell (a spawn whose record
 * never reached the disk) the /proc scan after it does.
 */
public final class Recovery {
    /**
     * @param processes what the journal says exists, by pm_id order
     * @param nextPmId  above every pm_id ever used (deleted ones too, so a pm_id is never reused)
     * @param lastSeq   the last record read; new appends follow it
     * @param warnings  what the operator should know (damage found and what was done), one line each
     * @param replayed  how many journal records were applied after the checkpoint
     */
    public record Recovered(List<ProcessRecord> processes, int nextPmId, long lastSeq, long checkpointSeq,
                            List<String> warnings, int replayed) {}

    private Recovery() {}

    public static Recovered load(StateStore checkpoints, Path journalDir) throws IOException {
        StateStore.Loaded loaded = checkpoints.load();
        List<String> warnings = new ArrayList<>(loaded.warnings());
        StateStore.State cp = loaded.state();
        Map<Integer, ProcessRecord> rows = new LinkedHashMap<>();
        for (ProcessRecord r : cp.processes()) rows.put(r.pmId(), r);
        int nextPmId = cp.nextPmId();
        long last = cp.seq();

        List<Path> live = Journal.segments(journalDir, Journal.LIVE);
        List<Path> files = new ArrayList<>();
        // retired segments matter only when the checkpoint is older than the live ones (both checkpoints were lost)
        if (!live.isEmpty() && Journal.firstSeqOf(live.get(0)) > last + 1) {
            files.addAll(Journal.segments(journalDir, Journal.RETIRED));
        }
        files.addAll(live);
        int replayed = 0;
        long expected = last + 1;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            Segment.Contents c = Segment.read(f);
            if (!c.damage().isEmpty()) {
                long bytes = c.damage().stream().mapToLong(Segment.Damage::length).sum();
                Path aside = jmon.engine.persist.Aside.copy(f);
                Segment.rewrite(f, c.frames()); // so the next recovery does not trip over the same damage
                warnings.add("journal " + f.getFileName() + ": " + bytes + " damaged bytes at offset "
                        + c.damage().get(0).offset() + " skipped" + (aside == null ? "" : " (the file is kept as "
                        + aside.getFileName() + ")") + "; the records after them were replayed");
            }
            if (c.tornTail()) {
                // the daemon was killed while appending: that record was never acknowledged; cut it off
                if (i == files.size() - 1 && f.getFileName().toString().endsWith(Journal.LIVE)) truncate(f, c.validEnd());
            }
            for (Segment.Frame fr : c.frames()) {
                if (fr.seq() <= last) continue;
                JournalRecord r;
                try {
                    r = JournalCodec.decode(fr.payload());
                } catch (IOException e) {
                    warnings.add("journal " + f.getFileName() + ": record " + fr.seq() + " unreadable (" + e.getMessage()
                            + "), skipped");
                    last = fr.seq();
                    continue;
                }
                if (fr.seq() > expected && c.damage().isEmpty()) { // damage was said above
                    warnings.add("journal: records " + expected + ".." + (fr.seq() - 1)
                            + " are missing; what ran meanwhile is found in /proc");
                }
                nextPmId = apply(rows, r, nextPmId);
                last = fr.seq();
                expected = last + 1;
                replayed++;
            }
        }
        return new Recovered(List.copyOf(rows.values()), nextPmId, last, cp.seq(), warnings, replayed);
    }

    /** One record applied to the rows; returns the next free pm_id. */
    static int apply(Map<Integer, ProcessRecord> rows, JournalRecord r, int nextPmId) {
        if (r instanceof JournalRecord.Admitted a) {
            for (JournalRecord.Admission x : a.processes()) {
                ProcessRecord old = rows.get(x.pmId());
                rows.put(x.pmId(), old == null
                        // admitted, never started (the daemon stopped first): shown stopped, the next start runs it
                        ? new ProcessRecord(x.pmId(), x.instanceId(), x.spec(), x.desired(), ProcessStatus.STOPPED, 0, 0,
                                0, x.createdAt(), 0, 0, null, null, "added; the daemon stopped before starting it", 0)
                        : new ProcessRecord(x.pmId(), x.instanceId(), x.spec(), old.desired(), old.status(), old.pid(),
                                old.startTicks(), old.startedAt(), x.createdAt(), old.restarts(), old.unstableRestarts(),
                                old.lastExitCode(), old.lastSignal(), old.reason(), old.generation()));
                nextPmId = Math.max(nextPmId, x.pmId() + 1);
            }
            return nextPmId;
        }
        if (r instanceof JournalRecord.Progressed p) {
            ProcessRecord old = rows.get(p.pmId());
            if (old == null) return nextPmId; // its admission was lost with damage: the /proc scan decides
            rows.put(p.pmId(), new ProcessRecord(p.pmId(), old.instanceId(), old.spec(), p.desired(), p.status(),
                    p.pid(), p.startTicks(), p.startedAt(), old.createdAt(), p.restarts(), p.unstableRestarts(),
                    p.lastExitCode(), p.lastSignal(), p.reason(), p.generation()));
            return nextPmId;
        }
        if (r instanceof JournalRecord.Deleted d) {
            rows.remove(d.pmId());
            return Math.max(nextPmId, d.pmId() + 1);
        }
        return nextPmId; // requests change no row
    }

    private static void truncate(Path f, long size) {
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            ch.truncate(size);
        } catch (IOException ignored) {
            // the next recovery cuts it again
        }
    }
}
