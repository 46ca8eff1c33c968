package jmon.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RotatingLogTest {
    @TempDir Path tmp;

    @Test
    void rotatesWithGzipKeepsRetainFilesAndEveryRecentLine() throws Exception {
        Path log = tmp.resolve("jmon.log");
        try (RotatingLog r = new RotatingLog(log, 1000, 3)) {
            for (int i = 0; i < 700; i++) r.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        } // close waits for the compressions
        assertTrue(Files.size(log) <= 1000, "the current file stays under the cap");
        assertTrue(Files.exists(tmp.resolve("jmon.log.3.gz")));
        assertFalse(Files.exists(tmp.resolve("jmon.log.4.gz")), "only 3 archives are kept");
        List<String> all = new ArrayList<>();
        for (int i = 3; i >= 1; i--) {
            try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    Files.newInputStream(tmp.resolve("jmon.log." + i + ".gz"))), StandardCharsets.UTF_8))) {
                in.lines().forEach(all::add);
            }
        }
        all.addAll(Files.readAllLines(log));
        assertEquals("line 699", all.get(all.size() - 1));
        int first = Integer.parseInt(all.get(0).substring(5));
        for (int i = 0; i < all.size(); i++) assertEquals("line " + (first + i), all.get(i), "no gap, no duplicate");
    }
}
