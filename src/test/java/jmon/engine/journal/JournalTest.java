package jmon.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jmon.api.Desired;
import jmon.api.ProcessStatus;
import jmon.format.Fixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir Path tmp;

    static JournalRecord progress(int pmId, long pid, String why) {
        return new JournalRecord.Progressed(pmId, Desired.RUN, ProcessStatus.ONLINE, pid, pid * 10, 1000 + pid, pid,
                2, 0, null, null, why);
    }

    static List<JournalRecord> sample(int n) {
        List<JournalRecord> out = new ArrayList<>();
        out.add(new JournalRecord.Requested(1, "alice", "start", "prod", List.of("prod/api")));
        for (int i = 0; i < n; i++) {
            out.add(new JournalRecord.Admitted(List.of(new JournalRecord.Admission(i, 0, 5, Fixtures.spec("prod", "app" + i), Desired.RUN))));
            out.add(progress(i, 100 + i, "started"));
        }
        out.add(new JournalRecord.Deleted(0, 9, "prod", "app0", "deleted by request"));
        return out;
    }

    @Test
    void everyKindComesBackAsWrittenInOrder() throws IOException {
        List<JournalRecord> recs = sample(5);
        try (Journal j = Journal.open(tmp, 0)) {
            long seq = 0;
            for (JournalRecord r : recs) seq = j.append(r);
            assertEquals(recs.size(), seq);
            j.sync();
        }
        assertEquals(recs, Journal.read(tmp, 0));
        assertEquals(recs.subList(3, recs.size()), Journal.read(tmp, 3));
    }

    /** The hand-written encoding of the commonest record is exactly the codec's, for every odd string. */
    @Test
    void progressIsEncodedExactlyAsTheCodecWouldAndReadsBack() throws IOException {
        for (String reason : List.of("started", "quote \" and \\ back", "line\nbreak\ttab\u0001", "é ü 日本 🚀", "")) {
            for (Integer code : java.util.Arrays.asList(null, 0, 137)) {
                JournalRecord.Progressed p = new JournalRecord.Progressed(7, Desired.HALT, ProcessStatus.WAITING_RESTART,
                        123, 456, 789, 3, 4, 5, code, code == null ? null : "SIGKILL", reason);
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("kind", "progress");
                m.put("body", p);
                assertEquals(new String(jmon.rpc.Json.bytes(m), java.nio.charset.StandardCharsets.UTF_8),
                        new String(JournalCodec.encode(p), java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(p, JournalCodec.decode(JournalCodec.encode(p)));
            }
        }
        JournalRecord.Progressed bare = new JournalRecord.Progressed(1, null, null, 0, 0, 0, 0, 0, 0, null, null, null);
        assertEquals(bare, JournalCodec.decode(JournalCodec.encode(bare)));
    }

    @Test
    void segmentsRollAtTheCapAndSequenceGoesOnAcrossDaemons() throws IOException {
        List<JournalRecord> recs = sample(40);
        try (Journal j = Journal.open(tmp, 0, 4096)) {
            for (JournalRecord r : recs.subList(0, 40)) j.append(r);
        }
        assertTrue(Journal.segments(tmp, Journal.LIVE).size() > 3, "small cap: several segments");
        // a second daemon appends after what the first left, always into a segment of its own
        try (Journal j = Journal.open(tmp, 40, 4096)) {
            for (JournalRecord r : recs.subList(40, recs.size())) j.append(r);
        }
        assertEquals(recs, Journal.read(tmp, 0));
    }

    @Test
    void aTornLastRecordIsDroppedAtEveryCutAndTheFileIsRepaired() throws IOException {
        List<JournalRecord> recs = sample(2);
        Path src = tmp.resolve("src");
        long lastStart;
        try (Journal j = Journal.open(src, 0)) {
            for (JournalRecord r : recs.subList(0, recs.size() - 1)) j.append(r);
            lastStart = Files.size(src.resolve(Journal.name(1, Journal.LIVE)));
            j.append(recs.get(recs.size() - 1));
        }
        Path seg = src.resolve(Journal.name(1, Journal.LIVE));
        byte[] whole = Files.readAllBytes(seg);
        for (long cut = lastStart; cut < whole.length; cut++) {
            Path dir = tmp.resolve("cut" + cut);
            Files.createDirectories(dir);
            Files.write(dir.resolve(seg.getFileName()), java.util.Arrays.copyOf(whole, (int) cut));
            Recovery.Recovered r = Recovery.load(new jmon.engine.persist.StateStore(dir.resolve("state.json")), dir);
            assertEquals(recs.size() - 1, r.lastSeq(), "cut at " + cut);
            assertEquals(List.of(), r.warnings(), "a torn tail is normal after a kill, not damage");
            assertEquals(lastStart, Files.size(dir.resolve(seg.getFileName())), "torn bytes cut off");
        }
    }

    @Test
    void aFlippedByteInTheMiddleLosesOnlyThatRecordAndIsKeptAside() throws IOException {
        List<JournalRecord> recs = sample(3);
        long[] starts = new long[recs.size()];
        Path seg = tmp.resolve(Journal.name(1, Journal.LIVE));
        try (Journal j = Journal.open(tmp, 0)) {
            for (int i = 0; i < recs.size(); i++) {
                starts[i] = Files.exists(seg) ? Files.size(seg) : 0;
                j.append(recs.get(i));
            }
        }
        byte[] b = Files.readAllBytes(seg);
        int victim = 3; // the second Admitted
        b[(int) starts[victim] + Segment.HEADER + 5] ^= 0x40;
        Files.write(seg, b);
        Recovery.Recovered r = Recovery.load(new jmon.engine.persist.StateStore(tmp.resolve("state.json")), tmp);
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().get(0).contains("damaged bytes"), r.warnings().toString());
        List<JournalRecord> left = Journal.read(tmp, 0);
        List<JournalRecord> expected = new ArrayList<>(recs);
        expected.remove(victim);
        assertEquals(expected, left);
        try (var s = Files.list(tmp)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().contains(".seg.corrupt-")), "the damaged file is kept aside");
        }
        Recovery.Recovered again = Recovery.load(new jmon.engine.persist.StateStore(tmp.resolve("state.json")), tmp);
        assertTrue(again.warnings().stream().noneMatch(w -> w.contains("damaged")),
                "repaired: the next recovery finds no damage: " + again.warnings());
    }

    @Test
    void retiredSegmentsLeaveReplayButStayReadableUpToTheirCap() throws IOException {
        List<JournalRecord> recs = sample(200);
        try (Journal j = Journal.open(tmp, 0, 2048)) {
            for (JournalRecord r : recs) j.append(r);
            j.retireUpTo(150);
            List<Path> live = Journal.segments(tmp, Journal.LIVE);
            assertTrue(Journal.firstSeqOf(live.get(0)) <= 151, "the segment holding record 151 stays live");
            assertTrue(Journal.segments(tmp, Journal.RETIRED).size() <= Journal.KEEP_RETIRED);
            assertTrue(!Journal.segments(tmp, Journal.RETIRED).isEmpty());
        }
        List<JournalRecord> kept = Journal.read(tmp, 0);
        assertEquals(recs.subList(recs.size() - kept.size(), recs.size()), kept, "history is a suffix, in order");
    }

    /** A real full disk: a tiny tmpfs. Nothing of a failed record stays; writing resumes when space is back. */
    @Test
    void aFullDiskFailsTheAppendCleanlyAndWritingResumes() throws Exception {
        Path mnt = tmp.resolve("mnt");
        Files.createDirectories(mnt);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString()) == 0,
                "mounting a tmpfs is not permitted here: the disk-full case is not tested");
        try {
            Path dir = mnt.resolve("journal");
            try (Journal j = Journal.open(dir, 0)) {
                j.append(progress(1, 1, "first"));
                j.sync();
                Path filler = mnt.resolve("filler");
                byte[] chunk = new byte[4096];
                try (var out = Files.newOutputStream(filler)) {
                    while (true) out.write(chunk);
                } catch (IOException full) {
                    // the disk is full now
                }
                IOException e = assertThrows(IOException.class, () -> {
                    for (int i = 0; i < 64; i++) {
                        j.append(new JournalRecord.Admitted(List.of(new JournalRecord.Admission(2, 0, 5, Fixtures.spec("prod", "big"), Desired.RUN))));
                        j.sync();
                    }
                });
                assertNotNull(j.failure(), "the journal says it is failing");
                assertTrue(e.getMessage().contains("No space"), e.getMessage());
                Files.delete(filler);
                long seq = j.append(progress(3, 3, "after"));
                j.sync();
                assertNull(j.failure(), "writing resumed");
                List<JournalRecord> back = Journal.read(dir, 0);
                assertEquals(progress(1, 1, "first"), back.get(0));
                assertEquals(progress(3, 3, "after"), back.get(back.size() - 1));
                assertEquals(seq, back.size(), "no torn or duplicate record in between");
            }
        } finally {
            run("umount", "-l", mnt.toString());
        }
    }

    static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
