package jmon.engine.logs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jmon.api.LogWriteState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log file that cannot be written is a state: counted, backed off, and written again once it can be. */
class RotatingFileTest {
    @TempDir Path tmp;
    final ExecutorService gz = Executors.newSingleThreadExecutor();
    final AtomicLong clock = new AtomicLong(1_000_000);
    final Io io = new Io();

    @AfterEach
    void down() throws Exception {
        gz.shutdown();
        assertTrue(gz.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** The real calls, made to fail on demand with an errno the way a full disk does, and counted. */
    static final class Io implements LogIo {
        volatile int failWrites, failOpens;
        int writes, opens;

        @Override
        public int open(String path) throws IOException {
            opens++;
            if (failOpens != 0) throw new Failure("open " + path, failOpens);
            return LIBC.open(path);
        }

        @Override
        public int write(int fd, ByteBuffer b) throws IOException {
            writes++;
            if (failWrites != 0) throw new Failure("write", failWrites);
            return LIBC.write(fd, b);
        }

        @Override
        public long splice(int pipeFd, int fd, long len) throws IOException { return LIBC.splice(pipeFd, fd, len); }

        @Override
        public long seekEnd(int fd) throws IOException { return LIBC.seekEnd(fd); }

        @Override
        public void truncate(int fd) throws IOException { LIBC.truncate(fd); }

        @Override
        public void close(int fd) { LIBC.close(fd); }
    }

    private static final int ENOSPC = 28, EROFS = 30;

    private static boolean put(RotatingFile f, String line) {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        return f.write(b, 0, b.length);
    }

    @Test
    void aFullDiskIsCountedBackedOffAndLeftByItself() throws Exception {
        Path p = tmp.resolve("a-out.log");
        RotatingFile f = new RotatingFile(p, 0, 1, gz, io, clock::get);
        assertTrue(put(f, "before"));
        assertNull(f.trouble());

        io.failWrites = ENOSPC;
        long start = clock.get();
        int writesBefore = io.writes;
        for (int i = 0; i < 1000; i++) assertFalse(put(f, "during " + i)); // 1000 lines within one back-off
        LogWriteState t = f.trouble();
        assertNotNull(t);
        assertTrue(t.error().contains("No space left on device"), t.error());
        assertEquals(start, t.since());
        long expected = 0;
        for (int i = 0; i < 1000; i++) expected += ("during " + i + "\n").length();
        assertEquals(expected, t.bytesNotWritten());
        assertEquals(1, io.writes - writesBefore, "one failed write, then the back-off: no syscall storm");

        // still full after the back-off: one more try, a longer back-off, the error kept with its start
        clock.addAndGet(RotatingFile.FIRST_BACKOFF_MS);
        assertFalse(put(f, "still full"));
        assertEquals(2, io.writes - writesBefore);
        assertEquals(start, f.trouble().since());
        clock.addAndGet(RotatingFile.FIRST_BACKOFF_MS); // within the doubled back-off
        assertFalse(put(f, "still full"));
        assertEquals(2, io.writes - writesBefore);

        io.failWrites = 0; // space freed
        clock.addAndGet(RotatingFile.MAX_BACKOFF_MS);
        assertTrue(put(f, "after"));
        assertNull(f.trouble(), "the state clears with the first good write");
        assertEquals(List.of("before", "after"), Files.readAllLines(p));
        assertTrue(f.notWrittenTotal() > expected);
        f.close();
    }

    @Test
    void aRemovedFolderIsRecreatedAndARemovedFileReopened() throws Exception {
        Path dir = tmp.resolve("logs/ns");
        Path p = dir.resolve("a-out.log");
        RotatingFile f = new RotatingFile(p, 0, 1, gz, io, clock::get);
        assertTrue(put(f, "one"));
        Files.delete(p);
        Files.delete(dir);
        clock.addAndGet(RotatingFile.CHECK_PATH_MS);
        assertTrue(put(f, "two"));
        assertEquals(List.of("two"), Files.readAllLines(p), "written to the path again, not to the removed file");

        Path moved = tmp.resolve("moved.log");
        Files.move(p, moved); // e.g. logrotate without jmon reloadLogs
        clock.addAndGet(RotatingFile.CHECK_PATH_MS);
        assertTrue(put(f, "three"));
        assertEquals(List.of("three"), Files.readAllLines(p));
        assertEquals(List.of("two"), Files.readAllLines(moved));
        f.close();
    }

    @Test
    void anUnwritablePathAtStartIsAStateThatClearsOnceItCanBeOpened() throws Exception {
        Path p = tmp.resolve("ro/a-out.log");
        io.failOpens = EROFS;
        RotatingFile f = new RotatingFile(p, 0, 1, gz, io, clock::get); // no exception: the app still starts
        assertFalse(put(f, "lost"));
        assertTrue(f.trouble().error().contains("Read-only file system"), f.trouble().error());
        io.failOpens = 0;
        clock.addAndGet(RotatingFile.FIRST_BACKOFF_MS);
        assertTrue(put(f, "kept"));
        assertNull(f.trouble());
        assertEquals(List.of("kept"), Files.readAllLines(p));
        f.close();
    }

    @Test
    void aRotationWhoseNewFileCannotBeCreatedIsRetriedLater() throws Exception {
        Path p = tmp.resolve("r-out.log");
        RotatingFile f = new RotatingFile(p, 20, 2, gz, io, clock::get);
        assertTrue(put(f, "0123456789")); // 11 bytes
        io.failOpens = ENOSPC; // no inode left for the new file
        assertFalse(put(f, "abcdefghij")); // past 20: rotate, the open fails
        assertNotNull(f.trouble());
        io.failOpens = 0;
        clock.addAndGet(RotatingFile.FIRST_BACKOFF_MS);
        assertTrue(put(f, "klmnopqrst"));
        assertNull(f.trouble());
        assertEquals(List.of("klmnopqrst"), Files.readAllLines(p));
        f.close();
        gz.shutdown();
        assertTrue(gz.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(Files.exists(tmp.resolve("r-out.log.1.gz")), "the moved file was archived");
    }

    @Test
    void theDaemonsOwnLogReportingItsOwnFailureDoesNotRecurse() throws Exception {
        Path p = tmp.resolve("jmon.log");
        RotatingFile f = new RotatingFile(p, 0, 1, gz, io, clock::get);
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() { // as the daemon's stderr is (RotatingLog)
            @Override
            public void write(int b) { f.write(new byte[] {(byte) b}, 0, 1); }

            @Override
            public void write(byte[] b, int off, int len) { f.write(b, off, len); }
        }, true));
        try {
            io.failWrites = ENOSPC;
            assertFalse(put(f, "lost"));
            io.failWrites = 0;
            clock.addAndGet(RotatingFile.FIRST_BACKOFF_MS);
            assertTrue(put(f, "kept"));
        } finally {
            System.setErr(saved);
        }
        String text = Files.readString(p);
        assertTrue(text.contains("kept\n") && text.contains("works again"), text);
        assertFalse(text.contains("lost"), text);
        f.close();
    }

    @Test
    void aCompressionThatFailsKeepsTheRotatedFileAndIsDoneWithTheNextRotation() throws Exception {
        Path p = tmp.resolve("c-out.log");
        Path blocker = Files.createDirectories(tmp.resolve("c-out.log.1.gz.tmp")); // gzip cannot write its output
        Files.writeString(blocker.resolve("keep"), "");
        RotatingFile f = new RotatingFile(p, 20, 3, gz, io, clock::get);
        assertTrue(put(f, "first-line"));
        assertTrue(put(f, "second-line")); // rotates: "first-line" moved aside, its compression fails
        awaitCompressor();
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.filter(x -> x.getFileName().toString().startsWith("c-out.log.rotating-")).count(),
                    "the rotated file is kept as it is");
        }
        assertFalse(Files.exists(tmp.resolve("c-out.log.1.gz")));
        assertNull(f.trouble(), "a failed compression costs the writer nothing");

        Files.delete(blocker.resolve("keep"));
        Files.delete(blocker);
        assertTrue(put(f, "third-line")); // the next rotation compresses the one left behind first
        awaitCompressor();
        f.close();
        assertEquals("first-line\n", gunzip(tmp.resolve("c-out.log.2.gz")));
        assertEquals("second-line\n", gunzip(tmp.resolve("c-out.log.1.gz")));
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.filter(x -> x.getFileName().toString().contains(".rotating-")).count());
        }
    }

    private void awaitCompressor() throws Exception {
        gz.submit(() -> { }).get(10, TimeUnit.SECONDS); // single thread: everything queued before has run
    }

    private static String gunzip(Path p) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aLineLeftOpenByAWriteEndsInTheOldFileBeforeARotation() throws Exception {
        Path p = tmp.resolve("o-out.log");
        RotatingFile f = new RotatingFile(p, 10, 2, gz, io, clock::get);
        byte[] b = "0123456\nxy".getBytes(StandardCharsets.UTF_8); // a partial line written at once
        assertTrue(f.write(b, 0, b.length));
        b = "z\nnext".getBytes(StandardCharsets.UTF_8); // past 10: the open line ends first, then the rotation
        assertTrue(f.write(b, 0, b.length));
        awaitCompressor();
        f.close();
        assertEquals("next", Files.readString(p));
        assertEquals("0123456\nxyz\n", gunzip(tmp.resolve("o-out.log.1.gz")));
    }
}
