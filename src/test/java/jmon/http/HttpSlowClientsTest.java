package jmon.http;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The endpoint is bounded: clients that never finish their request head hold no worker and block nobody; heads
 * that are too long are refused. Raw sockets, so the test controls exactly what is sent and when.
 */
@Timeout(60)
class HttpSlowClientsTest {
    final List<Socket> sockets = new ArrayList<>();
    HttpEndpoint endpoint;

    @AfterEach
    void down() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        if (endpoint != null) endpoint.close();
    }

    private Socket open() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", endpoint.address().getPort()), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    /** The status line of the answer to {@code request}, or null when the connection was closed without one. */
    private static String exchange(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        try {
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            return null; // closed while we were still sending: refused too
        }
        return statusLine(s.getInputStream());
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        try {
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) if (c != '\r') b.append((char) c);
        } catch (java.net.SocketException e) {
            return b.length() == 0 ? null : b.toString(); // reset by the server
        }
        return b.length() == 0 ? null : b.toString();
    }

    @Test
    void hundredStalledHeadsLeaveTheEndpointAnsweringAtOnce() throws Exception {
        endpoint = new HttpEndpoint(new HttpEndpointTest.Stub(), "127.0.0.1:0", null);
        for (int i = 0; i < 100; i++) {
            Socket s = open();
            s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        }
        Thread.sleep(200); // let the server take them all in
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            Socket s = open();
            String status = exchange(s, "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.println("[http] normal GET with 100 stalled connections open: " + status + " in " + ms + " ms");
            assertEquals("HTTP/1.1 200 OK", status);
            assertTrue(ms < 1000, "answered in " + ms + " ms");
        }
    }

    @Test
    void moreStalledClientsThanThePendingCapDropTheOldestNotTheNew() throws Exception {
        endpoint = new HttpEndpoint(new HttpEndpointTest.Stub(), "127.0.0.1:0", null);
        int n = HttpFront.MAX_PENDING + 100;
        for (int i = 0; i < n; i++) open().getOutputStream().write("GET / HTTP/1.1\r\nX: ".getBytes(StandardCharsets.ISO_8859_1));
        Thread.sleep(300);
        long t0 = System.nanoTime();
        String status = exchange(open(), "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("[http] normal GET with " + n + " stalled connections opened: " + status + " in " + ms + " ms");
        assertEquals("HTTP/1.1 200 OK", status);
        assertTrue(ms < 1000, "answered in " + ms + " ms");
        // the first ones were dropped to make room: their answer is 408
        sockets.get(0).setSoTimeout(2000);
        assertEquals("HTTP/1.1 408 Request Timeout", statusLine(sockets.get(0).getInputStream()));
    }

    @Test
    void aStalledHeadIsDroppedAfterTheHeadTimeout() throws Exception {
        endpoint = new HttpEndpoint(new HttpEndpointTest.Stub(), "127.0.0.1:0", null);
        Socket s = open();
        s.setSoTimeout((int) (HttpFront.HEAD_TIMEOUT_MS + 5000));
        s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x".getBytes(StandardCharsets.ISO_8859_1));
        long t0 = System.nanoTime();
        String status = statusLine(s.getInputStream());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(status == null || status.startsWith("HTTP/1.1 408"), status);
        assertTrue(ms >= HttpFront.HEAD_TIMEOUT_MS - 500 && ms < HttpFront.HEAD_TIMEOUT_MS + 3000, "closed after " + ms + " ms");
    }

    @Test
    void oversizedHeadsAreRefused() throws Exception {
        endpoint = new HttpEndpoint(new HttpEndpointTest.Stub(), "127.0.0.1:0", null);
        String big = "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n";
        String status = exchange(open(), big);
        assertTrue(status == null || status.startsWith("HTTP/1.1 431"), status);
        StringBuilder many = new StringBuilder("GET /health/live HTTP/1.1\r\n");
        for (int i = 0; i < 200; i++) many.append("X-H").append(i).append(": v\r\n");
        status = exchange(open(), many.append("\r\n").toString());
        assertTrue(status == null || status.startsWith("HTTP/1.1 431"), status);
        status = exchange(open(), "GET /" + "a".repeat(16 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(status == null || status.startsWith("HTTP/1.1 414") || status.startsWith("HTTP/1.1 431"), status);
        // and a normal request right after is answered
        assertEquals("HTTP/1.1 200 OK", exchange(open(), "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"));
    }

    @Test
    void garbageIsABadRequestNotACrash() throws Exception {
        endpoint = new HttpEndpoint(new HttpEndpointTest.Stub(), "127.0.0.1:0", null);
        for (String junk : List.of("\r\n\r\n", "HELLO\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n")) {
            String status = exchange(open(), junk);
            assertTrue(status == null || status.startsWith("HTTP/1.1 400") || status.startsWith("HTTP/1.1 505"), junk + " -> " + status);
        }
        assertEquals("HTTP/1.1 200 OK", exchange(open(), "GET /health/live HTTP/1.0\r\n\r\n"));
    }
}
