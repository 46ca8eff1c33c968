package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jmon.engine.exec.ProcFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon killed with SIGKILL in the middle of a log flood loses no byte the app wrote: the next daemon
 * re-adopts the app and its FIFOs and the log file ends up holding every line exactly once, in order.
 */
@Timeout(180)
class LogKillTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private static final int LINES = 4_000_000;
    /** Kill the daemon each time the file passes one of these sizes: the reactor is busy copying then. */
    private static final long[] KILL_AT = {1L << 20, 8L << 20, 16L << 20};

    @Test
    void noLineLostOrRepeatedAcrossThreeKill9sDuringAFlood() throws Exception {
        Path log = floodAndKill(LINES, "");
        long lost = 0, repeated = 0, outOfOrder = 0, lines = 0;
        long expect = 1;
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.US_ASCII)) {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                lines++;
                long n = Long.parseLong(l);
                if (n == expect) expect++;
                else if (n > expect) {
                    lost += n - expect;
                    expect = n + 1;
                } else if (n == expect - 1) repeated++;
                else outOfOrder++;
            }
        }
        lost += LINES + 1 - expect;
        System.out.println("raw file after 3 kill -9s in the flood: " + lines + " lines, " + lost + " lost, "
                + repeated + " repeated, " + outOfOrder + " out of order");
        assertEquals(0, lost, "lines lost");
        assertEquals(0, repeated, "lines repeated");
        assertEquals(0, outOfOrder, "lines out of order");
        assertEquals(LINES, lines);
    }

    /**
     * A time-prefixed file gets a partial line at once (prefix and bytes), so no byte is lost there either; a line
     * cut by a kill shows as two pieces (a second prefix in its middle), and a chunk handled but not yet taken out
     * of the FIFO when the daemon died is written again by the next one (repeats, never losses).
     */
    @Test
    void noByteLostFromATimePrefixedFileAcrossThreeKill9s() throws Exception {
        int n = 1_500_000;
        Path log = floodAndKill(n, ",\"time\":true");
        String text = Files.readString(log, StandardCharsets.US_ASCII);
        java.util.regex.Matcher prefix = java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d: ")
                .matcher(text);
        long prefixes = 0;
        while (prefix.find()) prefixes++;
        String bare = prefix.replaceAll("");
        java.util.BitSet seen = new java.util.BitSet(n + 1);
        long repeated = 0, garbage = 0, pieces = prefixes - bare.chars().filter(c -> c == '\n').count();
        for (String l : bare.split("\n")) {
            int v;
            try {
                v = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                garbage++;
                continue;
            }
            if (v < 1 || v > n) garbage++;
            else if (seen.get(v)) repeated++;
            else seen.set(v);
        }
        long lost = n - seen.cardinality();
        System.out.println("time-prefixed file after 3 kill -9s: " + lost + " numbers lost, " + repeated
                + " repeated (a chunk replayed), " + pieces + " lines in two pieces, " + garbage + " garbled");
        assertEquals(0, lost, "numbers lost");
        assertEquals(0, garbage, "lines that are no number once the prefixes are taken out");
    }

    /** Runs awk writing {@code lines} numbers flat out, kills the daemon three times during it; returns the log. */
    private Path floodAndKill(int lines, String extraJson) throws Exception {
        Files.createDirectories(j.home);
        Files.writeString(j.home.resolve("config.json"), "{\"logs\":{\"max_size\":\"1G\"}}");
        // flat out, with awk's own 4 KiB stdio blocks: lines straddle writes and reads all the time
        j.script("flood.sh", "exec awk 'BEGIN{for(i=1;i<=" + lines + ";i++) printf \"%d\\n\", i}'");
        j.write("flood.json", "{\"namespace\":\"kill9\",\"apps\":[{\"name\":\"flood\",\"script\":\"flood.sh\","
                + "\"autorestart\":false" + extraJson + "}]}");
        j.ok("start", "flood.json");
        Path log = j.home.resolve("logs/kill9/flood-out.log");
        long app = j.proc("kill9", "flood") == null ? 0 : j.proc("kill9", "flood").get("pid").asLong();
        int kills = 0;
        for (long at : KILL_AT) {
            Jmon.await("the log passing " + at + " bytes", 60_000, () -> size(log) >= at);
            long daemon = j.daemonPid();
            boolean appRunning = app > 0 && ProcFs.isAlive(app);
            ProcessHandle.of(daemon).orElseThrow().destroyForcibly(); // SIGKILL
            j.awaitDaemonGone(daemon);
            if (appRunning) kills++;
            System.out.println("kill -9 of daemon " + daemon + " at " + size(log) + " bytes (app running: " + appRunning + ")");
            j.ok("ping"); // a new daemon: re-adopts the app and reopens its FIFOs
        }
        assertTrue(kills >= 2, "the flood ended before the daemon could be killed during it (" + kills + " kills)");
        String last = Integer.toString(lines);
        Jmon.await("the app's last line in the file", 60_000,
                () -> lastLine(log).equals(last) || lastLine(log).endsWith(": " + last));
        return log;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The file's last complete line, "" when none. */
    private static String lastLine(Path p) {
        try (var f = java.nio.channels.FileChannel.open(p)) {
            long n = f.size();
            if (n < 2) return "";
            int len = (int) Math.min(n, 64);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(len);
            f.read(b, n - len);
            String s = new String(b.array(), 0, len, StandardCharsets.US_ASCII);
            if (!s.endsWith("\n")) return "";
            s = s.substring(0, s.length() - 1);
            return s.substring(s.lastIndexOf('\n') + 1);
        } catch (IOException e) {
            return "";
        }
    }
}
