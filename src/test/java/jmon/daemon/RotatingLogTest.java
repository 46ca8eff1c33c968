package jmon.daemon;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogTest {
    @TempDir Path tmp;

    @Test
    void keepsEveryLineAcrossOneRotationAndCapsTheFile() throws Exception {
        Path log = tmp.resolve("jmon.log");
        try (RotatingLog r = new RotatingLog(log, 1000)) {
            for (int i = 0; i < 300; i++) r.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(Files.size(log) <= 1000 + 10, "current file stays near the cap");
        List<String> all = new ArrayList<>(Files.readAllLines(tmp.resolve("jmon.log.1")));
        all.addAll(Files.readAllLines(log));
        assertEquals("line 299", all.get(all.size() - 1));
        // the newest lines are all there, in order, with no gap
        int first = Integer.parseInt(all.get(0).substring(5));
        for (int i = 0; i < all.size(); i++) assertEquals("line " + (first + i), all.get(i));
    }
}
