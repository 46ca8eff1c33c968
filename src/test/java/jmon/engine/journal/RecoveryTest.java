package jmon.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import jmon.format.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
    @TempDir Path tmp;

    /** The rows a sequence of records leaves, computed the plain way. */
    static Map<Integer, ProcessRecord> rowsAfter(List<JournalRecord> recs) {
        Map<Integer, ProcessRecord> rows = new LinkedHashMap<>();
        for (JournalRecord r : recs) Recovery.apply(rows, r, 0);
        return rows;
    }

    static List<JournalRecord> history() {
        List<JournalRecord> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(new JournalRecord.Requested(i, "deploy", "start", "prod", List.of("prod/app" + i)));
            out.add(new JournalRecord.Admitted(List.of(new JournalRecord.Admission(i, 0, 10 + i, Fixtures.spec("prod", "app" + i), Desired.RUN))));
            out.add(new JournalRecord.Progressed(i, Desired.RUN, ProcessStatus.ONLINE, 200 + i, 7000 + i, 20 + i, 1, 0,
                    0, null, null, "started"));
        }
        // a restart storm on app1, a stop of app2, a delete of app3
        for (int g = 2; g < 6; g++) {
            out.add(new JournalRecord.Progressed(1, Desired.RUN, ProcessStatus.ONLINE, 300 + g, 8000 + g, 30 + g, g, g - 1,
                    g - 1, 1, null, "restart after exit code 1"));
        }
        out.add(new JournalRecord.Progressed(2, Desired.HALT, ProcessStatus.STOPPED, 0, 0, 22, 1, 0, 0, 0, "SIGINT", "stopped"));
        out.add(new JournalRecord.Deleted(3, 99, "prod", "app3", "deleted by request"));
        return out;
    }

    /** A journal and two checkpoints as a daemon leaves them: the previous at record k, the newest at the end. */
    private Path daemonHome(Path home, List<JournalRecord> recs, int k) throws IOException {
        Path jdir = home.resolve("journal");
        try (Journal j = Journal.open(jdir, 0, 1024)) {
            for (JournalRecord r : recs) j.append(r);
        }
        StateStore store = new StateStore(home.resolve("state.json"));
        store.save(new StateStore.State(StateStore.VERSION, 4, new ArrayList<>(rowsAfter(recs.subList(0, k)).values()), k));
        store.save(new StateStore.State(StateStore.VERSION, 4, new ArrayList<>(rowsAfter(recs).values()), recs.size()));
        return jdir;
    }

    @Test
    void checkpointPlusReplayEqualsTheWholeHistory() throws IOException {
        List<JournalRecord> recs = history();
        Map<Integer, ProcessRecord> expected = rowsAfter(recs);
        Path jdir = tmp.resolve("journal");
        try (Journal j = Journal.open(jdir, 0)) {
            for (JournalRecord r : recs) j.append(r);
        }
        StateStore store = new StateStore(tmp.resolve("state.json"));
        store.save(new StateStore.State(StateStore.VERSION, 4, new ArrayList<>(rowsAfter(recs.subList(0, 7)).values()), 7));
        Recovery.Recovered r = Recovery.load(store, jdir);
        assertEquals(new ArrayList<>(expected.values()), r.processes());
        assertEquals(recs.size() - 7, r.replayed(), "only the tail after the checkpoint is replayed");
        assertEquals(4, r.nextPmId(), "a deleted pm_id is never handed out again");
        assertEquals(List.of(), r.warnings());
    }

    /**
     * Every byte of a real checkpoint flipped, and the file cut at every length: recovery always rebuilds the same
     * processes (from the previous checkpoint and the journal), keeps the damaged file aside, and says so.
     */
    @Test
    void aCheckpointDamagedAtAnyByteFallsBackToThePreviousOneAndTheJournal() throws IOException {
        List<JournalRecord> recs = history();
        List<ProcessRecord> expected = new ArrayList<>(rowsAfter(recs).values());
        Path proto = tmp.resolve("proto");
        daemonHome(proto, recs, 6);
        byte[] good = Files.readAllBytes(proto.resolve("state.json"));
        int trials = 0;
        for (int i = 0; i < good.length; i++) {
            for (int mode = 0; mode < 2; mode++) {
                byte[] bad = mode == 0 ? good.clone() : java.util.Arrays.copyOf(good, i);
                if (mode == 0) bad[i] ^= (byte) 0x11;
                Path home = tmp.resolve("t" + trials++);
                copy(proto, home);
                Files.write(home.resolve("state.json"), bad);
                Recovery.Recovered r = Recovery.load(new StateStore(home.resolve("state.json")), home.resolve("journal"));
                assertEquals(expected, r.processes(), "byte " + i + (mode == 0 ? " flipped" : " cut"));
                if (!java.util.Arrays.equals(bad, good)) {
                    assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("state.json is damaged")),
                            "byte " + i + ": " + r.warnings());
                }
                deleteTree(home);
            }
        }
        assertTrue(trials > 1000, "a real checkpoint has thousands of bytes: " + trials);
    }

    @Test
    void bothCheckpointsLostMeansAWholeReplay() throws IOException {
        List<JournalRecord> recs = history();
        daemonHome(tmp, recs, 6);
        Files.write(tmp.resolve("state.json"), "{\"version\":2,".getBytes());
        Files.write(tmp.resolve("state.prev.json"), new byte[] {0, 1, 2});
        Recovery.Recovered r = Recovery.load(new StateStore(tmp.resolve("state.json")), tmp.resolve("journal"));
        assertEquals(new ArrayList<>(rowsAfter(recs).values()), r.processes());
        assertEquals(2, r.warnings().size(), r.warnings().toString());
    }

    @Test
    void aStateFileOfTheVersionBeforeTheJournalIsStillRead() throws IOException {
        ProcessRecord rec = new ProcessRecord(3, 0, Fixtures.spec("prod", "api"), Desired.RUN, ProcessStatus.ONLINE,
                4321, 99, 100, 50, 2, 0, null, null, "started");
        Files.writeString(tmp.resolve("state.json"), jmon.rpc.Json.write(new StateStore.State(1, 9, List.of(rec))));
        Recovery.Recovered r = Recovery.load(new StateStore(tmp.resolve("state.json")), tmp.resolve("journal"));
        assertEquals(List.of(rec), r.processes());
        assertEquals(9, r.nextPmId());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
