package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under an app's log files: the app never blocks, the lines stay in memory, the trouble is shown
 * with what was not written, and once space is freed writing resumes by itself. The disk is a 2 MiB tmpfs,
 * mounted for the test (skipped where mounting is not permitted) and filled with a file the test then deletes.
 */
@Timeout(120)
class LogDiskFullTest {
    @TempDir Path tmp;
    Jmon j;
    Path disk;
    boolean mounted;

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        disk = Files.createDirectories(tmp.resolve("small-disk"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        boolean ended = m.waitFor(10, TimeUnit.SECONDS);
        String why = new String(m.getInputStream().readAllBytes()).trim();
        mounted = ended && m.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "skipped: mounting a tmpfs is not permitted here (" + why
                + "); this test needs root or CAP_SYS_ADMIN to make a small disk it can fill");
    }

    @AfterEach
    void down() throws Exception {
        try {
            if (j != null) j.close();
        } finally {
            if (mounted) {
                Process u = new ProcessBuilder("umount", "-l", disk.toString()).redirectErrorStream(true).start();
                assertTrue(u.waitFor(10, TimeUnit.SECONDS), "umount ended");
            }
        }
    }

    @Test
    void aFullDiskCostsTheFilesOnlyAndWritingResumesWhenSpaceIsFreed() throws Exception {
        // waits for 'go', writes 1.2 MiB of numbered 1 KiB lines flat out, says so, then ticks
        j.script("app.sh", """
                while [ ! -f go ]; do sleep 0.05; done
                awk 'BEGIN{s=sprintf("%1000s",""); gsub(/ /,"x",s); for(i=1;i<=1200;i++) printf "burst %d %s\\n", i, s}'
                touch burst-done
                i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done""");
        j.write("eco.json", "{\"namespace\":\"full\",\"apps\":[{\"name\":\"app\",\"script\":\"app.sh\","
                + "\"out_file\":\"" + disk.resolve("app-out.log") + "\",\"error_file\":\"" + disk.resolve("app-err.log")
                + "\"}]}");
        j.ok("start", "eco.json");
        Path out = disk.resolve("app-out.log");
        assertTrue(Files.exists(out));
        assertNull(j.proc("full", "app").get("pm2_env").get("jmon").get("log_write"), "no trouble yet");

        Path filler = disk.resolve("filler");
        long filled = fill(filler);
        System.out.println("filler took " + filled + " bytes: the disk is full");
        long t0 = System.nanoTime();
        Files.writeString(tmp.resolve("go"), "");
        Jmon.await("the app finishing its 1.2 MiB burst (it must never block on its output)", 20_000,
                () -> Files.exists(tmp.resolve("burst-done")));
        System.out.println("burst of 1.2 MiB written by the app in " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        JsonNode w = j.proc("full", "app").get("pm2_env").get("jmon").get("log_write");
        assertNotNull(w, "jlist shows the trouble");
        assertTrue(w.get("error").asText().contains("No space left on device"), w.toString());
        assertTrue(w.get("bytes_not_written").asLong() > 1_000_000, w.toString());
        String d = j.ok("describe", "app", "-n", "full").out();
        assertTrue(d.matches("(?s).*log files\\s+NOT WRITTEN since \\d\\d:\\d\\d:\\d\\d: .*No space left on device.*"
                + "\\d+ bytes lost to the files \\(kept in memory: the last lines\\).*"), d);
        String list = j.ok("list").out();
        assertTrue(list.contains("online !log"), list);
        for (String l : list.split("\n")) assertTrue(l.length() <= 80, "fits 80 columns: " + l);

        // the ring still has what the file did not get
        String logs = j.ok("logs", "app", "-n", "full", "--nostream", "--lines", "200").out();
        assertTrue(logs.contains("burst 1200 xxxx"), "the last burst line is served from memory");
        assertFalse(Files.readString(out).contains("burst 1200 "), "…and is not in the file");

        Files.delete(filler); // space again: the next write after the back-off goes through
        Jmon.await("ticks written to the file again", 10_000, () -> {
            try {
                return Files.readString(out).contains("tick ");
            } catch (IOException e) {
                return false;
            }
        });
        Jmon.await("the trouble cleared", 10_000,
                () -> j.proc("full", "app").get("pm2_env").get("jmon").get("log_write") == null);
        assertFalse(j.ok("describe", "app", "-n", "full").out().contains("NOT WRITTEN"));
        assertFalse(j.ok("list").out().contains("!log"));

        long k0 = System.nanoTime();
        j.ok("kill");
        long killMs = (System.nanoTime() - k0) / 1_000_000;
        System.out.println("jmon kill took " + killMs + " ms");
        assertTrue(killMs < 10_000, "kill within its bound: " + killMs + " ms");
    }

    @Test
    void rotationAndCompressionSurviveAFullDiskAndCatchUpAfterwards() throws Exception {
        // about 1 MiB/s of numbered 1 KiB lines in batches, rotating every 64 KiB
        j.script("steady.sh", """
                i=0; while true; do i=$((i+1))
                awk -v i=$i 'BEGIN{s=sprintf("%1000s",""); gsub(/ /,"x",s); for(k=1;k<=32;k++) printf "batch %d line %d %s\\n", i, k, s}'
                sleep 0.02; done""");
        j.write("eco.json", "{\"namespace\":\"full\",\"apps\":[{\"name\":\"steady\",\"script\":\"steady.sh\","
                + "\"max_size\":\"64K\",\"retain\":3,\"out_file\":\"" + disk.resolve("s-out.log") + "\","
                + "\"error_file\":\"" + disk.resolve("s-err.log") + "\"}]}");
        j.ok("start", "eco.json");
        Path gz1 = disk.resolve("s-out.log.1.gz");
        Jmon.await("a first rotation", 20_000, () -> Files.exists(gz1));

        Path filler = disk.resolve("filler");
        fill(filler);
        Jmon.await("the trouble shown", 10_000,
                () -> j.proc("full", "steady").get("pm2_env").get("jmon").get("log_write") != null);
        Thread.sleep(1500); // rotations and compressions tried on the full disk meanwhile
        assertEquals("online", j.status("full", "steady"), "the app keeps running");
        Files.delete(filler);

        long freedAtBatch = lastBatch(j.ok("logs", "steady", "-n", "full", "--nostream", "--lines", "1").out());
        Jmon.await("the trouble cleared", 10_000,
                () -> j.proc("full", "steady").get("pm2_env").get("jmon").get("log_write") == null);
        // compression catches up: a newer archive holds lines written after the space came back
        Jmon.await("an archive of lines written after the disk was freed", 20_000, () -> {
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz1))) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                return lastBatch(text) > freedAtBatch;
            } catch (IOException e) {
                return false; // being replaced right now
            }
        });
        Jmon.await("no half-written archive and no rotated file left uncompressed", 10_000, () -> {
            try (var files = Files.list(disk)) {
                return files.noneMatch(f -> f.getFileName().toString().contains(".tmp")
                        || f.getFileName().toString().contains(".rotating-"));
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The highest "batch N" in the text, 0 when none. */
    private static long lastBatch(String text) {
        long max = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("batch (\\d+) ").matcher(text);
        while (m.find()) max = Math.max(max, Long.parseLong(m.group(1)));
        return max;
    }

    /** Writes zeros until the disk says no space; returns how many went in. */
    private static long fill(Path f) throws IOException {
        byte[] block = new byte[4096];
        long n = 0;
        try (OutputStream o = Files.newOutputStream(f)) {
            while (n < (64L << 20)) {
                o.write(block);
                n += block.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) throw e;
            return n;
        }
        throw new AssertionError("the small disk never filled");
    }
}
