package jmon.engine.logs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Cutting output into lines, whatever the read boundaries: the ring and the file get every line once, in order. */
@Timeout(60)
class StreamRouterTest {
    @TempDir Path dir;
    private final ExecutorService gz = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() { gz.shutdownNow(); }

    /** Feeds {@code text} in reads of the given sizes (cycled) and returns the router's file and ring. */
    private record Run(String file, List<LineRing.Entry> ring) {}

    private Run feed(String text, int[] reads, LineFormat format) throws Exception {
        return feed(text, reads, format, 0);
    }

    /** {@code users}: how many streams share the file (1: this stream owns it, as LogFiles counts). */
    private Run feed(String text, int[] reads, LineFormat format, int users) throws Exception {
        Path f = dir.resolve("out-" + System.nanoTime() + ".log");
        RotatingFile file = new RotatingFile(f, 1L << 30, 1, gz);
        file.users = users;
        LineRing ring = new LineRing(100_000, 64 << 20);
        StreamRouter r = new StreamRouter(false, ring, List.of(file), format, () -> {}, () -> 1_700_000_000_000L);
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        int k = 0;
        for (int off = 0; off < all.length; k++) {
            int n = Math.min(reads[k % reads.length], all.length - off);
            byte[] chunk = new byte[n + 10]; // the read sits inside a larger array, as in the reactor's buffer
            System.arraycopy(all, off, chunk, 5, n);
            r.accept(ByteBuffer.wrap(chunk, 5, n));
            off += n;
        }
        r.close();
        file.close();
        return new Run(Files.readString(f), ring.since(0, 1_000_000));
    }

    private static List<String> texts(List<LineRing.Entry> es) {
        List<String> out = new ArrayList<>();
        for (LineRing.Entry e : es) out.add(e.text());
        return out;
    }

    @Test
    void everyLineArrivesOnceInOrderWhateverTheReadSizes() throws Exception {
        StringBuilder sb = new StringBuilder();
        List<String> expected = new ArrayList<>();
        Random rnd = new Random(42);
        for (int i = 0; i < 5000; i++) {
            String l = "line " + i + " " + "x".repeat(rnd.nextInt(300));
            expected.add(l);
            sb.append(l).append('\n');
        }
        for (int[] reads : new int[][] {{1}, {7}, {64 * 1024}, {3, 100, 9000, 1}, {1 << 20}}) {
            Run run = feed(sb.toString(), reads, LineFormat.raw());
            assertEquals(sb.toString(), run.file(), "raw file = the bytes written, reads " + reads[0]);
            assertEquals(expected, texts(run.ring()), "ring, reads " + reads[0]);
        }
    }

    @Test
    void carriageReturnsEndingLinesAreDroppedFromTheRingButKeptInRawFiles() throws Exception {
        String text = "dos\r\nunix\n\r\n\nlast";
        Run run = feed(text, new int[] {2}, LineFormat.raw());
        assertEquals(List.of("dos", "unix", "", "", "last"), texts(run.ring()));
        assertEquals(text, run.file());
    }

    @Test
    void aLineLongerThanTheLimitIsCutAndMarkedInOneReadOrMany() throws Exception {
        String longLine = "y".repeat(StreamRouter.MAX_LINE * 2 + 17);
        String text = "a\n" + longLine + "\nb\n";
        for (int[] reads : new int[][] {{1 << 20}, {4096}}) {
            Run run = feed(text, reads, LineFormat.raw());
            List<LineRing.Entry> r = run.ring();
            assertEquals(List.of("a", "y".repeat(StreamRouter.MAX_LINE), "y".repeat(StreamRouter.MAX_LINE), "y".repeat(17), "b"),
                    texts(r), "reads " + reads[0]);
            assertTrue(r.get(1).split() && r.get(2).split() && !r.get(3).split());
            assertEquals(text, run.file(), "raw files keep the line whole");
        }
    }

    @Test
    void formattedFilesGetOneLinePerLineWithItsPrefix() throws Exception {
        Run run = feed("one\ntwo\r\nthr", new int[] {3}, LineFormat.timed("YYYY", ZoneOffset.UTC));
        assertEquals("2023: one\n2023: two\n2023: thr\n", run.file());
    }

    @Test
    void aTimedFileOwnedByItsStreamGetsPartialLinesAtOnceAndStillOneLinePerLine() throws Exception {
        StringBuilder sb = new StringBuilder(), expected = new StringBuilder();
        Random rnd = new Random(7);
        for (int i = 0; i < 3000; i++) {
            String l = "line " + i + " " + "x".repeat(rnd.nextInt(300));
            sb.append(l).append('\n');
            expected.append("2023: ").append(l).append('\n');
        }
        String longLine = "y".repeat(StreamRouter.MAX_LINE * 2 + 17);
        sb.append(longLine).append('\n').append("no newline at the end");
        expected.append("2023: ").append(longLine).append('\n').append("2023: no newline at the end\n");
        for (int[] reads : new int[][] {{1}, {7}, {4096}, {3, 100, 9000, 1}, {1 << 20}}) {
            Run run = feed(sb.toString(), reads, LineFormat.timed("YYYY", ZoneOffset.UTC), 1);
            assertEquals(expected.toString(), run.file(), "reads " + reads[0]);
            assertEquals(3000 + 4, run.ring().size(), "the ring still cuts the long line: reads " + reads[0]);
        }
    }

    @Test
    void aPartialLineOfAnOwnedTimedFileIsInTheFileBeforeItsEndArrives() throws Exception {
        Path f = dir.resolve("partial.log");
        RotatingFile file = new RotatingFile(f, 1L << 30, 1, gz);
        file.users = 1;
        StreamRouter r = new StreamRouter(false, new LineRing(100, 1 << 20), List.of(file),
                LineFormat.timed("YYYY", ZoneOffset.UTC), () -> {}, () -> 1_700_000_000_000L);
        r.accept(ByteBuffer.wrap("one\ntw".getBytes(StandardCharsets.UTF_8)));
        assertEquals("2023: one\n2023: tw", Files.readString(f), "a daemon killed now has lost nothing of 'tw'");
        r.accept(ByteBuffer.wrap("o\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("2023: one\n2023: two\n", Files.readString(f));
        file.close();
    }
}
