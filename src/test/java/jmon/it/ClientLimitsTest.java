package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jmon.api.JmonApi;
import jmon.rpc.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket's limits against a real daemon: thousands of idle connections cost it file descriptors, not
 * memory or threads, and never crowd out a real client; every served slot taken is a clear BUSY; hello and
 * idle timeouts; a huge request line is refused without being buffered.
 */
@Timeout(180)
class ClientLimitsTest {
    @TempDir Path tmp;
    Jmon j;
    final List<SocketChannel> open = new ArrayList<>();

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() {
        for (SocketChannel c : open) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        j.close();
    }

    void config(String json) throws IOException {
        Files.createDirectories(j.home);
        Files.writeString(j.home.resolve("config.json"), json);
    }

    SocketChannel connect() throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(j.home.resolve("jmon.sock")));
        synchronized (open) {
            open.add(c);
        }
        return c;
    }

    static void write(SocketChannel c, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) c.write(b);
    }

    static String hello() { return "{\"hello\":\"jmon\",\"protocol\":" + JmonApi.PROTOCOL_VERSION + ",\"version\":\"test\"}\n"; }

    /** One line from a blocking channel (null at the end), read within the test's timeout. */
    static String readLine(SocketChannel c) throws IOException {
        StringBuilder sb = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (c.read(one) < 0) return sb.length() == 0 ? null : sb.toString();
            if (one.get(0) == '\n') return sb.toString();
            sb.append((char) one.get(0));
        }
    }

    long rssKb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(j.daemonPid()), "status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
        }
        throw new AssertionError("no VmRSS");
    }

    int threads() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(j.daemonPid()), "status"))) {
            if (l.startsWith("Threads:")) return Integer.parseInt(l.replaceAll("\\D", ""));
        }
        throw new AssertionError("no Threads");
    }

    /** The daemon's thread names (as the kernel keeps them: 15 characters). */
    java.util.Set<String> threadNames() throws IOException {
        java.util.Set<String> names = new java.util.TreeSet<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(j.daemonPid()), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    names.add(Files.readString(t.resolve("comm")).trim());
                } catch (IOException gone) {
                    // a thread that just ended
                }
            }
        }
        return names;
    }

    int restarts(String name) { return j.proc("default", name).get("pm2_env").get("restart_time").asInt(); }

    @Test
    void fiveThousandIdleConnectionsCostNoThreadsAndCrowdOutNobody() throws Exception {
        j.ok("ping");
        j.script("crash.sh", "sleep 0.3; exit 1");
        j.ok("start", tmp.resolve("crash.sh").toString(), "--name", "crash");
        Jmon.await("crash restarting", 20_000, () -> restarts("crash") >= 1);
        long rssBefore = rssKb();
        int threadsBefore = threads();
        java.util.Set<String> namesBefore = threadNames();
        assertTrue(namesBefore.containsAll(List.of("jmon-engine", "jmon-rpc-accept", "jmon-state", "jmon-pipes", "jmon-exits")), namesBefore.toString());
        int n = 5000; // the test JVM's and the daemon's fd limit (ulimit -n) is 20000 here; each connection is one fd each side
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            fs.add(pool.submit(() -> {
                for (int i = 0; i < n / 8; i++) connect();
                return null;
            }));
        }
        long t0 = System.nanoTime();
        // a real client meanwhile, while the flood is still arriving
        Jmon.Result during = j.run("list");
        long listMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        long openMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(0, during.code(), during.all());
        assertTrue(during.out().contains("crash"), during.out());
        assertEquals(n, open.size());
        Jmon.Result after = j.run("list");
        assertEquals(0, after.code(), after.all());
        long rssDuring = rssKb();
        int threadsDuring = threads();
        int restartsDuring = restarts("crash");
        // supervision goes on: the crashing app keeps being restarted
        Jmon.await("crash restarted during the flood", 20_000, () -> restarts("crash") > restartsDuring);
        // the daemon dropped the oldest waiting connections past 4 x rpc.max_connections (1024)
        int closedByDaemon = 0;
        for (SocketChannel c : open) {
            c.configureBlocking(false);
            ByteBuffer b = ByteBuffer.allocate(512);
            int r;
            try {
                while ((r = c.read(b)) > 0) b.clear();
            } catch (IOException e) {
                r = -1;
            }
            if (r < 0) closedByDaemon++;
        }
        System.out.println("[client-limits] " + n + " connections opened in " + openMs + " ms; 'jmon list' during the flood took "
                + listMs + " ms; daemon RSS " + rssBefore / 1024 + " MiB before, " + rssDuring / 1024 + " MiB with them open; threads "
                + threadsBefore + " before, " + threadsDuring + " with them open; closed by the daemon: " + closedByDaemon);
        assertTrue(closedByDaemon >= n - 1024 - 64, "the daemon kept at most ~1024 waiting: closed " + closedByDaemon);
        assertTrue(threadsDuring <= threadsBefore + 8, "no thread per idle connection: " + threadsBefore + " → " + threadsDuring);
        assertTrue(rssDuring - rssBefore < 40 * 1024, "RSS " + rssBefore + " kB → " + rssDuring + " kB");
        for (SocketChannel c : open) c.close();
        open.clear();
        j.ok("list");
        long rssAfter = rssKb();
        System.out.println("[client-limits] RSS after closing them: " + rssAfter / 1024 + " MiB; threads " + threads());
        assertTrue(rssAfter - rssBefore < 40 * 1024, "RSS " + rssBefore + " kB → " + rssAfter + " kB");
        int r = restarts("crash");
        Jmon.await("crash restarted after the flood", 20_000, () -> restarts("crash") > r);
        java.util.Set<String> namesAfter = threadNames();
        namesBefore.remove("jmon-rpc"); // a served connection's thread: there when list ran
        assertTrue(namesAfter.containsAll(namesBefore), "every thread alive: " + namesBefore + " → " + namesAfter);
    }

    @Test
    void everyDefaultSlotServedCostsBoundedMemory() throws Exception {
        j.ok("ping");
        long rssBefore = rssKb();
        int busy = 0;
        for (int i = 0; i < 300; i++) {
            SocketChannel c = connect();
            write(c, hello());
            String answer = readLine(c);
            if (answer != null && answer.contains("\"BUSY\"")) busy++;
            else assertTrue(answer != null && answer.contains("\"hello\""), answer);
        }
        long rssDuring = rssKb();
        int threadsDuring = threads();
        System.out.println("[client-limits] 300 connections with a hello: " + busy + " BUSY; daemon RSS " + rssBefore / 1024 + " → "
                + rssDuring / 1024 + " MiB, " + threadsDuring + " threads");
        assertEquals(300 - 256, busy, "rpc.max_connections defaults to 256");
        // an idle served connection is parked on the selector: no thread (a thread costs ~130 KiB of touched stack)
        assertTrue(threadsDuring <= 30, threadsDuring + " threads");
        assertTrue(rssDuring - rssBefore < 16 * 1024, "RSS " + rssBefore + " kB → " + rssDuring + " kB");
        Jmon.Result full = j.run("list");
        assertEquals(1, full.code(), full.all());
        for (SocketChannel c : open) c.close();
        open.clear();
        Jmon.await("slots free again", 10_000, () -> j.run("list").code() == 0);
    }

    @Test
    void everyServedSlotTakenIsAClearBusyAnswer() throws Exception {
        config("{\"rpc\": {\"max_connections\": 3}}");
        j.ok("ping");
        List<SocketChannel> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SocketChannel c = connect();
            write(c, hello());
            assertTrue(readLine(c).contains("\"hello\""));
            held.add(c);
        }
        Jmon.Result busy = j.run("list");
        assertEquals(1, busy.code(), busy.all());
        assertTrue(busy.err().contains("too many connections") && busy.err().contains("rpc.max_connections"), busy.err());
        held.get(0).close();
        Jmon.await("a slot frees up", 5_000, () -> j.run("list").code() == 0);
    }

    @Test
    void helloAndIdleTimeoutsCloseButStreamsStayOpen() throws Exception {
        config("{\"rpc\": {\"hello_timeout_ms\": 500, \"idle_timeout_ms\": 1000}}");
        j.ok("ping");
        SocketChannel mute = connect();
        long t0 = System.nanoTime();
        String line = readLine(mute);
        long helloMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(line != null && line.contains("\"TIMEOUT\"") && line.contains("no hello line within 500 ms"), line);
        assertNull(readLine(mute));
        assertTrue(helloMs < 3_000, helloMs + " ms");
        SocketChannel idle = connect();
        write(idle, hello());
        assertTrue(readLine(idle).contains("\"hello\""));
        t0 = System.nanoTime();
        assertNull(readLine(idle), "closed as idle");
        long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(idleMs >= 900 && idleMs < 4_000, idleMs + " ms");
        // a stream is exempt while it streams
        SocketChannel events = connect();
        write(events, hello() + "{\"id\":1,\"op\":\"events\",\"args\":{}}\n");
        assertTrue(readLine(events).contains("\"hello\""));
        ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            try {
                String l;
                while ((l = readLine(events)) != null) got.add(l);
                got.add("EOF");
            } catch (IOException e) {
                got.add("EOF " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(3_000);
        assertFalse(got.stream().anyMatch(l -> l.startsWith("EOF")), "the events stream stayed open past the idle timeout: " + got);
        // a client idle past the timeout finds its connection closed and carries on with a fresh one
        try (RpcClient c = new RpcClient(j.home.resolve("jmon.sock"), "test")) {
            c.ping();
            Thread.sleep(2_000);
            assertTrue(c.list(null).isEmpty());
        }
        System.out.println("[client-limits] hello timeout 500 ms closed after " + helloMs + " ms; idle timeout 1000 ms after " + idleMs + " ms");
    }

    @Test
    void aHundredMegabyteLineIsRefusedWithoutBeingBuffered() throws Exception {
        j.ok("ping");
        long rssBefore = rssKb();
        SocketChannel c = connect();
        write(c, hello());
        assertTrue(readLine(c).contains("\"hello\""));
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            try {
                write(c, "{\"id\":1,\"op\":\"ping\",\"args\":\"");
                for (int i = 0; i < 100; i++) c.write(ByteBuffer.wrap(chunk));
            } catch (IOException expected) {
                // the daemon closes the connection once the line passes 1 MiB
            }
        });
        writer.setDaemon(true);
        writer.start();
        String answer = readLine(c);
        assertTrue(answer != null && answer.contains("\"TOO_LARGE\"") && answer.contains("1048576 bytes"), answer);
        writer.join(30_000);
        long rssAfter = rssKb();
        j.ok("ping");
        assertEquals(0, j.run("list").code());
        System.out.println("[client-limits] 100 MB line: answer " + answer + "; RSS " + rssBefore / 1024 + " → " + rssAfter / 1024 + " MiB");
        assertTrue(rssAfter - rssBefore < 16 * 1024, "RSS " + rssBefore + " kB → " + rssAfter + " kB");
    }
}
