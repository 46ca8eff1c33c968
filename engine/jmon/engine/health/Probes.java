package jmon.engine.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jmon.api.ProbeResult;
import jmon.api.ProbeSpec;
import jmon.engine.logs.LineRing;

/**
 * Runs one probe once, off the engine thread, within its timeout. HTTP is a plain HTTP/1.0 GET over a socket:
 * no client library, no threads of its own.
 */
public final class Probes {
    private Probes() {}

    /** State a log probe carries between runs: where in the ring it stopped reading. */
    public static final class LogCursor {
        long next = -1;
        /** The line that matched: a log probe, once passed, stays passed for this run of the process. */
        String matched;

        /** A cursor for one run: reads from ring sequence {@code firstSeqOfRun} on (-1: the whole ring). */
        public static LogCursor from(long firstSeqOfRun) {
            LogCursor c = new LogCursor();
            c.next = firstSeqOfRun;
            return c;
        }
    }

    public static ProbeResult run(ProbeSpec p, String which, LineRing ring, LogCursor cursor, long now) {
        long t0 = System.nanoTime();
        boolean ok;
        String detail;
        try {
            switch (p.kind()) {
                case "http" -> {
                    int status = httpStatus(URI.create(p.url()), (int) p.timeoutMs());
                    ok = p.expectStatus() > 0 ? status == p.expectStatus() : status >= 200 && status < 400;
                    detail = "HTTP " + status;
                }
                case "tcp" -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(p.host(), p.port()), (int) p.timeoutMs());
                    }
                    ok = true;
                    detail = "connected";
                }
                case "exec" -> {
                    Process proc = new ProcessBuilder("sh", "-c", p.command()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (!proc.waitFor(p.timeoutMs(), TimeUnit.MILLISECONDS)) {
                        proc.descendants().forEach(ProcessHandle::destroyForcibly);
                        proc.destroyForcibly();
                        ok = false;
                        detail = "timed out after " + p.timeoutMs() + " ms";
                    } else {
                        ok = proc.exitValue() == 0;
                        detail = "exit " + proc.exitValue();
                    }
                }
                case "log" -> {
                    Pattern re = Pattern.compile(p.pattern());
                    ok = cursor.matched != null;
                    detail = ok ? "matched: " + cursor.matched : "no line matched yet";
                    if (cursor.next < 0) cursor.next = ring.firstSeq();
                    cursor.next = Math.max(cursor.next, ring.firstSeq()); // lines that left the ring are gone
                    LineRing.Slice s = ring.read(cursor.next, 10_000);
                    for (LineRing.Entry e : s.entries()) {
                        if (!ok && !e.err() && re.matcher(e.text()).find()) {
                            ok = true;
                            cursor.matched = abbreviate(e.text());
                            detail = "matched: " + cursor.matched;
                        }
                    }
                    cursor.next = s.next();
                }
                default -> {
                    ok = false;
                    detail = "unknown probe kind " + p.kind();
                }
            }
        } catch (IOException e) {
            ok = false;
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
            detail = "interrupted";
        } catch (RuntimeException e) {
            ok = false;
            detail = e.toString();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new ProbeResult(which + " " + p.describe(), ok, detail, ms, now, 0);
    }

    static int httpStatus(URI u, int timeoutMs) throws IOException {
        if (!"http".equals(u.getScheme())) throw new IOException("only http:// URLs can be probed");
        int port = u.getPort() > 0 ? u.getPort() : 80;
        String path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + u.getHost() + ":" + port
                    + "\r\nUser-Agent: jmon-probe\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n' && line.length() < 200) line.append((char) c);
            List<String> parts = List.of(line.toString().trim().split(" "));
            if (parts.size() < 2 || !parts.get(0).startsWith("HTTP/")) throw new IOException("not an HTTP answer: " + line);
            return Integer.parseInt(parts.get(1));
        }
    }

    private static String abbreviate(String s) { return s.length() > 80 ? s.substring(0, 79) + "…" : s; }
}
