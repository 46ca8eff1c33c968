package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import jmon.api.LogLine;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.Selector;
import jmon.daemon.Daemon;
import jmon.rpc.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every line kept, in order, whatever the writer does and however slow the reader is. */
@Timeout(120)
class LogsTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private static final String PAYLOAD = "x".repeat(80);

    /** A writer of numbered lines as fast as awk can print them. */
    private void numberedWriter(String name, int lines, String extraJson) throws Exception {
        j.script(name + ".sh", "awk 'BEGIN{for(i=1;i<=" + lines + ";i++) printf \"%d " + PAYLOAD + "\\n\", i}'");
        j.write(name + ".json", "{\"namespace\":\"logs\",\"apps\":[{\"name\":\"" + name + "\",\"script\":\"" + name
                + ".sh\",\"autorestart\":false" + extraJson + "}]}");
    }

    /** One file for the whole run: rotation is tested on its own. */
    private void noRotation() throws Exception {
        Files.createDirectories(j.home);
        Files.writeString(j.home.resolve("config.json"), "{\"logs\":{\"max_size\":\"1G\"}}");
    }

    private static void assertNumbered(List<String> lines, int n) {
        assertEquals(n, lines.size(), "line count");
        for (int i = 0; i < n; i++) {
            String l = lines.get(i);
            if (!l.equals((i + 1) + " " + PAYLOAD)) fail("line " + (i + 1) + " is '" + l.substring(0, Math.min(40, l.length())) + "'");
        }
    }

    @Test
    void aMillionLinesWrittenFlatOutArriveExactlyAndInOrder() throws Exception {
        int n = 1_000_000;
        noRotation();
        numberedWriter("spam", n, "");
        j.ok("start", "spam.json");
        Path log = j.home.resolve("logs/logs/spam-out.log");
        long expected = 0;
        for (int i = 1; i <= n; i++) expected += Integer.toString(i).length() + 1 + PAYLOAD.length() + 1;
        long want = expected;
        Jmon.await("all bytes in the log", 60_000, () -> size(log) >= want);
        assertEquals(want, Files.size(log));
        assertNumbered(Files.readAllLines(log), n);
        Jmon.await("exited", 10_000, () -> "exited".equals(j.status("logs", "spam")));
    }

    @Test
    void rotationUnderLoadLosesAndDuplicatesNothing() throws Exception {
        Files.createDirectories(j.home);
        Files.writeString(j.home.resolve("config.json"), "{\"logs\":{\"max_size\":\"256K\",\"retain\":100}}");
        int n = 60_000; // about 5.5 MB: some twenty rotations
        numberedWriter("rot", n, "");
        j.ok("start", "rot.json");
        Path dir = j.home.resolve("logs/logs");
        Jmon.await("exited", 30_000, () -> "exited".equals(j.status("logs", "rot")));
        Jmon.await("archives compressed", 30_000, () -> list(dir).stream().noneMatch(p -> p.getFileName().toString().contains(".rotating-")
                || p.toString().endsWith(".tmp")));
        List<Path> archives = list(dir).stream().filter(p -> p.getFileName().toString().matches("rot-out\\.log\\.\\d+\\.gz"))
                .sorted((a, b) -> Integer.compare(num(b), num(a))).toList();
        assertTrue(archives.size() >= 10, "rotated " + archives.size() + " times");
        List<String> all = new ArrayList<>();
        for (Path gz : archives) all.addAll(gunzip(gz));
        all.addAll(Files.readAllLines(dir.resolve("rot-out.log")));
        assertNumbered(all, n);
        for (Path gz : archives) assertTrue(Files.size(gz) < 256 * 1024);
    }

    /** PM2 reads its files for --lines: N past the ring (1,000 lines) comes from the log files, in order. */
    @Test
    void linesPastTheRingAreReadFromTheFiles() throws Exception {
        noRotation();
        numberedWriter("many", 3000, "");
        j.ok("start", "many.json");
        Path log = j.home.resolve("logs/logs/many-out.log");
        Jmon.await("exited", 30_000, () -> "exited".equals(j.status("logs", "many")));
        Jmon.await("all in the file", 10_000, () -> {
            try {
                return Files.readAllLines(log).size() == 3000;
            } catch (IOException e) {
                return false;
            }
        });
        List<String> shown = j.ok("logs", "many", "-n", "logs", "--nostream", "--raw", "--lines", "3000").out().lines().toList();
        assertNumbered(shown, 3000);
        List<String> tail = j.ok("logs", "many", "-n", "logs", "--nostream", "--raw", "--lines", "1200").out().lines().toList();
        assertEquals(1200, tail.size());
        assertEquals("1801 " + PAYLOAD, tail.get(0));
        assertEquals("3000 " + PAYLOAD, tail.get(1199));
        // within the ring: the ring answers (the same lines)
        List<String> few = j.ok("logs", "many", "-n", "logs", "--nostream", "--raw", "--lines", "3").out().lines().toList();
        assertEquals(List.of("2998 " + PAYLOAD, "2999 " + PAYLOAD, "3000 " + PAYLOAD), few);
    }

    /** --out/--err choose the stream first, then the last N of it are shown (PM2: --lines 2 --out is 2 out lines). */
    @Test
    void streamFilterComesBeforeTheCount() throws Exception {
        j.script("both.sh", "echo o1; echo o2; echo o3; sleep 0.2; echo e1 >&2; echo e2 >&2; echo e3 >&2; exec sleep 1000");
        j.ok("start", "both.sh", "--name", "both");
        Jmon.await("all six", 10_000, () -> j.ok("logs", "both", "--nostream", "--raw").out().lines().count() >= 6);
        assertEquals("o2\no3\n", j.ok("logs", "both", "--nostream", "--raw", "--lines", "2", "--out").out());
        assertEquals("e2\ne3\n", j.ok("logs", "both", "--nostream", "--raw", "--lines", "2", "--err").out());
    }

    @Test
    void aLineLongerThan64KiBIsCutWithAMarkerAndNothingHangs() throws Exception {
        j.script("long.sh", "awk 'BEGIN{s=\"\"; for(i=0;i<200000;i++) s=s \"a\"; print s; print \"after\"}'; sleep 1000");
        j.ok("start", "long.sh", "--name", "long");
        Path log = j.home.resolve("logs/default/long-out.log");
        Jmon.await("after line", 10_000, () -> size(log) >= 200_000 + 1 + 6);
        List<String> fileLines = Files.readAllLines(log);
        assertEquals(List.of("a".repeat(200_000), "after"), fileLines, "the file keeps the bytes as written");
        var r = j.ok("logs", "long", "--nostream", "--raw", "--lines", "10");
        List<String> shown = r.out().lines().toList();
        assertEquals(5, shown.size(), "three 64 KiB pieces, the rest, then 'after'");
        assertEquals(64 * 1024, shown.get(0).length());
        assertEquals("after", shown.get(4));
        assertTrue(j.ok("logs", "long", "--nostream").out().contains("↩"), "the cut is visible");
    }

    @Test
    void aSlowFollowerDoesNotSlowTheWriterAndIsToldWhatItMissed() throws Exception {
        noRotation();
        j.script("idle.sh", "sleep 1000");
        j.ok("start", "idle.sh", "--name", "idle", "-n", "logs");
        int n = 300_000;
        numberedWriter("fast", n, "");
        CountDownLatch firstLine = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (RpcClient c = new RpcClient(j.home.resolve("jmon.sock"), Daemon.version())) {
                c.logs(new LogQuery(new Selector("logs", List.of(), true, true), 0, true, true, true), new LogSink() {
                    @Override
                    public boolean line(LogLine l) {
                        seen.add(l.text());
                        firstLine.countDown();
                        try {
                            release.await(); // a reader stuck on its first line
                        } catch (InterruptedException e) {
                            return false;
                        }
                        return !l.text().equals(n + " " + PAYLOAD);
                    }
                });
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        reader.start();
        j.ok("start", "fast.json");
        Path log = j.home.resolve("logs/logs/fast-out.log");
        long want = 0;
        for (int i = 1; i <= n; i++) want += Integer.toString(i).length() + 2 + PAYLOAD.length();
        long w = want;
        assertTrue(firstLine.await(30, TimeUnit.SECONDS));
        Jmon.await("writer done while the reader is stuck", 60_000, () -> size(log) >= w);
        assertEquals("exited", waitExited("fast"));
        release.countDown();
        reader.join(30_000);
        assertNull(failed.get());
        assertTrue(seen.stream().anyMatch(s -> s.contains("lines not shown")), "the reader learns it missed lines: "
                + seen.size() + " seen, first " + seen.subList(0, Math.min(3, seen.size())) + " last " + seen.get(seen.size() - 1));
        assertEquals(n + " " + PAYLOAD, seen.get(seen.size() - 1), "and still gets the latest");
        assertNumbered(Files.readAllLines(log), n);
    }

    private String waitExited(String name) {
        Jmon.await(name + " exited", 20_000, () -> "exited".equals(j.status("logs", name)));
        return j.status("logs", name);
    }

    @Test
    void followKeepsGoingAcrossARestartAndMergesANamespace() throws Exception {
        j.script("tick.sh", "echo \"start $JMON_NAME\"; i=0; while true; do i=$((i+1)); echo \"$JMON_NAME $i\"; echo \"$JMON_NAME oops $i\" >&2; sleep 0.05; done");
        j.write("eco.json", """
                {"namespace":"m","apps":[{"name":"one","script":"tick.sh"},{"name":"two","script":"tick.sh"}]}""");
        j.ok("start", "eco.json");
        List<LogLine> got = new ArrayList<>();
        AtomicLong starts = new AtomicLong();
        Thread t = new Thread(() -> {
            try (RpcClient c = new RpcClient(j.home.resolve("jmon.sock"), Daemon.version())) {
                c.logs(new LogQuery(new Selector("m", List.of(), true, true), 0, true, true, true), l -> {
                    synchronized (got) {
                        got.add(l);
                    }
                    if (l.text().equals("start one")) starts.incrementAndGet();
                    return starts.get() < 1 || !l.text().startsWith("one ") || !afterRestart(got);
                });
            }
        });
        t.start();
        Jmon.await("lines of both", 10_000, () -> count(got, "one ") > 3 && count(got, "two ") > 3);
        j.ok("restart", "one", "-n", "m");
        t.join(20_000);
        assertFalse(t.isAlive(), "follow saw the restarted process");
        synchronized (got) {
            assertTrue(got.stream().anyMatch(l -> l.stream().equals("err") && l.text().startsWith("two oops")));
        }
        var merged = j.ok("logs", "-n", "m", "--nostream", "--lines", "5").out();
        assertTrue(merged.contains("m/one| one ") && merged.contains("m/two| two ") && merged.contains("m/two|err| two oops"), merged);
    }

    private static boolean afterRestart(List<LogLine> got) {
        synchronized (got) {
            return got.stream().filter(l -> l.text().equals("start one")).count() >= 1
                    && got.stream().filter(l -> l.text().equals("start one")).count() >= 1
                    && got.stream().map(LogLine::text).filter(s -> s.equals("start one")).count()
                    + got.stream().map(LogLine::text).filter(s -> s.equals("one 1")).count() >= 2;
        }
    }

    private static long count(List<LogLine> got, String prefix) {
        synchronized (got) {
            return got.stream().filter(l -> l.text().startsWith(prefix)).count();
        }
    }

    @Test
    void rawAndJsonFormatsAndFlushOfOneProcessOnly() throws Exception {
        j.script("say.sh", "echo \"hello from $JMON_NAME\"; echo \"warn \\\"q\\\" $JMON_NAME\" >&2; sleep 1000");
        j.write("eco.json", """
                {"namespace":"f","apps":[{"name":"a","script":"say.sh"},{"name":"b","script":"say.sh"}]}""");
        j.ok("start", "eco.json");
        Jmon.await("both wrote", 10_000, () -> j.ok("logs", "-n", "f", "--nostream").out().lines().count() >= 4);
        assertEquals("hello from a\n", j.ok("logs", "a", "-n", "f", "--nostream", "--raw", "--out").out());
        String json = j.ok("logs", "a", "-n", "f", "--nostream", "--json", "--err").out().trim();
        JsonNode n = new ObjectMapper().readTree(json);
        assertEquals("warn \"q\" a", n.get("message").asText());
        assertEquals("err", n.get("type").asText());
        assertEquals("a", n.get("app_name").asText());
        assertEquals("f", n.get("namespace").asText());
        assertTrue(n.get("timestamp").asText().endsWith("Z"));
        j.ok("flush", "a", "-n", "f");
        assertEquals(0, Files.size(j.home.resolve("logs/f/a-out.log")));
        assertEquals(0, Files.size(j.home.resolve("logs/f/a-error.log")));
        assertTrue(Files.size(j.home.resolve("logs/f/b-out.log")) > 0, "b's log untouched");
        assertEquals("", j.ok("logs", "a", "-n", "f", "--nostream", "--raw").out());
        String d = j.ok("describe", "b", "-n", "f").out();
        assertTrue(d.contains("b-out.log") && d.contains("b-out.log size"), d);
    }

    @Test
    void timeAndJsonLogTypesFormatTheFile() throws Exception {
        j.script("say.sh", "echo hi; sleep 1000");
        j.write("eco.json", """
                {"namespace":"t","apps":[{"name":"timed","script":"say.sh","log_date_format":"YYYY-MM-DD HH:mm"},
                                         {"name":"js","script":"say.sh","log_type":"json"}]}""");
        j.ok("start", "eco.json");
        Path timed = j.home.resolve("logs/t/timed-out.log");
        Path js = j.home.resolve("logs/t/js-out.log");
        Jmon.await("written", 10_000, () -> size(timed) > 0 && size(js) > 0);
        assertTrue(Files.readString(timed).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}: hi\\n"), Files.readString(timed));
        JsonNode n = new ObjectMapper().readTree(Files.readString(js));
        assertEquals("hi", n.get("message").asText());
        assertEquals("t", n.get("namespace").asText());
        assertEquals("js", n.get("name").asText());
        assertEquals("out", n.get("stream").asText());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (Exception e) {
            return 0;
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static int num(Path p) {
        String f = p.getFileName().toString();
        return Integer.parseInt(f.replaceAll(".*\\.log\\.(\\d+)\\.gz", "$1"));
    }

    private static List<String> gunzip(Path gz) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz));
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }
}
