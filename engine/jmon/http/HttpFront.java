package jmon.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The HTTP/1.1 transport of the read-only endpoint, bounded everywhere. One selector thread accepts connections
 * and reads every request head without blocking, with a deadline ({@value #HEAD_TIMEOUT_MS} ms from accept) and
 * size limits; only a complete head reaches the small worker pool, so clients that stall in their headers hold no
 * thread and delay nobody. (The JDK's {@code com.sun.net.httpserver} reads heads on its worker threads with no
 * timeout, so two stalled clients blocked its two workers. Measured on JDK 17.0.15 with 100 stalled clients: a
 * normal GET got no answer in 30 s; with {@code -Dsun.net.httpserver.maxReqTime=2} it was reset together with the
 * stalled ones after 2.8 s, with 2 workers as with 16. That property is JVM-wide and whole seconds, too.)
 *
 * <p>Requests never carry a body here (GET and HEAD): a body is never read, and every answer closes the
 * connection ({@code Connection: close}), so there is no keep-alive to hold and no body to time out on.
 */
final class HttpFront implements AutoCloseable {
    static final long HEAD_TIMEOUT_MS = 5_000;
    /** Time a worker may spend writing one answer to a client that does not read it. */
    static final long WRITE_TIMEOUT_MS = 10_000;
    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_HEADERS = 100;
    /** Connections still sending their head; past it the oldest is dropped, so new clients always get in. */
    static final int MAX_PENDING = 1024;
    static final int WORKERS = 4;
    static final int QUEUE = 64;

    /** A parsed request head. Header names are lower case; a repeated header keeps its first value. */
    record Request(String method, String rawPath, String rawQuery, Map<String, String> headers) {
        String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
    }

    /** An answer: status, content type, body, extra headers. */
    record Response(int status, String type, byte[] body, Map<String, String> headers) {}

    interface Handler {
        Response handle(Request r);
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Handler handler;
    private final ThreadPoolExecutor workers;
    private final Thread loop;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>(); // in accept order: the oldest first
    private int live; // entries of pending whose head is still arriving (selector thread only)
    private volatile boolean open = true;

    /** A connection whose head is still arriving. */
    private static final class Pending {
        final SocketChannel ch;
        final SelectionKey key;
        final long deadline;
        final ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        boolean done;

        Pending(SocketChannel ch, SelectionKey key, long deadline) {
            this.ch = ch;
            this.key = key;
            this.deadline = deadline;
        }
    }

    HttpFront(InetSocketAddress address, Handler handler) throws IOException {
        this.handler = handler;
        this.server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 128);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(null, r, "jmon-http-" + n.incrementAndGet(), 256 * 1024);
            t.setDaemon(true);
            return t;
        });
        workers.allowCoreThreadTimeOut(true);
        loop = new Thread(null, this::run, "jmon-http-accept", 256 * 1024);
        loop.setDaemon(true);
        loop.start();
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the HTTP endpoint is closed", e);
        }
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (open) {
            try {
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) continue;
                    if (k.isAcceptable()) {
                        try {
                            accept();
                        } catch (IOException e) {
                            LockSupport.parkNanos(10_000_000L); // out of file descriptors: do not spin on it
                        }
                    } else if (k.isReadable()) {
                        read((Pending) k.attachment(), buf);
                    }
                }
                expire();
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // one bad connection must not stop the endpoint; it was closed where it failed
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            while (live >= MAX_PENDING) {
                Pending oldest = pending.pollFirst();
                if (!oldest.done) drop(oldest, 408, "request head not received in time");
            }
            Pending p = new Pending(ch, ch.register(selector, SelectionKey.OP_READ),
                    System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEAD_TIMEOUT_MS));
            p.key.attach(p);
            pending.addLast(p);
            live++;
        }
    }

    private void read(Pending p, ByteBuffer buf) {
        try {
            buf.clear();
            int n = p.ch.read(buf);
            if (n < 0) {
                finish(p);
                close(p.ch);
                return;
            }
            p.head.write(buf.array(), 0, n);
        } catch (IOException e) {
            finish(p);
            close(p.ch);
            return;
        }
        byte[] b = p.head.toByteArray();
        int end = headEnd(b);
        int firstLine = indexOf(b, (byte) '\n');
        if (firstLine < 0 ? b.length > MAX_REQUEST_LINE : firstLine > MAX_REQUEST_LINE) {
            drop(p, 414, "request line longer than " + MAX_REQUEST_LINE + " bytes");
        } else if (end < 0 ? b.length > MAX_HEAD_BYTES : end > MAX_HEAD_BYTES) {
            drop(p, 431, "request head longer than " + MAX_HEAD_BYTES + " bytes");
        } else if (end >= 0) {
            finish(p);
            Request r;
            try {
                r = parse(new String(b, 0, end, StandardCharsets.ISO_8859_1));
            } catch (BadRequest e) {
                answerNow(p.ch, e.status, e.getMessage());
                return;
            }
            try {
                workers.execute(() -> serve(p.ch, r));
            } catch (RejectedExecutionException e) {
                answerNow(p.ch, 503, "too many requests at once; retry");
            }
        }
    }

    /** Drops heads past their deadline (oldest first, so the scan stops at the first one still in time). */
    private void expire() {
        long now = System.nanoTime();
        while (!pending.isEmpty()) {
            Pending p = pending.peekFirst();
            if (p.done) {
                pending.pollFirst();
            } else if (now - p.deadline >= 0) {
                drop(pending.pollFirst(), 408, "request head not received within " + HEAD_TIMEOUT_MS + " ms");
            } else {
                return;
            }
        }
    }

    private void finish(Pending p) {
        if (p.done) return;
        p.done = true; // left in the deque; expire() removes it in order
        live--;
        p.key.cancel();
    }

    private void drop(Pending p, int status, String why) {
        if (p == null) return;
        finish(p);
        answerNow(p.ch, status, why);
    }

    /** A short error, written without blocking (it fits in the socket's buffer), then the connection closed. */
    private static void answerNow(SocketChannel ch, int status, String why) {
        try {
            ch.write(ByteBuffer.wrap(bytes(errorResponse(status, why), false)));
        } catch (IOException ignored) {
            // the client is gone: nothing to tell it
        }
        close(ch);
    }

    static Response errorResponse(int status, String message) {
        String json = "{\"error\":{\"status\":" + status + ",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}\n";
        return new Response(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** On a worker: the answer, written without blocking for at most {@link #WRITE_TIMEOUT_MS}. */
    private void serve(SocketChannel ch, Request r) {
        try {
            Response resp;
            try {
                resp = handler.handle(r);
            } catch (RuntimeException e) {
                resp = errorResponse(500, "internal error: " + e);
            }
            ByteBuffer out = ByteBuffer.wrap(bytes(resp, r.method().equals("HEAD")));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_TIMEOUT_MS);
            while (out.hasRemaining() && System.nanoTime() - deadline < 0) {
                if (ch.write(out) == 0) LockSupport.parkNanos(2_000_000L); // a slow reader: wait, bounded
            }
        } catch (IOException ignored) {
            // the client went away
        } finally {
            close(ch);
        }
    }

    static byte[] bytes(Response r, boolean head) {
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status())).append("\r\n");
        h.append("Content-Type: ").append(r.type()).append("\r\n");
        h.append("Content-Length: ").append(r.body().length).append("\r\n");
        h.append("Connection: close\r\n");
        h.append("Cache-Control: no-store\r\n");
        h.append("X-Content-Type-Options: nosniff\r\n");
        r.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        h.append("\r\n");
        byte[] top = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (head) return top;
        byte[] all = new byte[top.length + r.body().length];
        System.arraycopy(top, 0, all, 0, top.length);
        System.arraycopy(r.body(), 0, all, top.length, r.body().length);
        return all;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 408 -> "Request Timeout";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }

    /** A head that is not HTTP/1.x as RFC 9112 writes it. */
    private static final class BadRequest extends Exception {
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    static Request parse(String head) throws BadRequest {
        String[] lines = head.split("\r?\n", -1);
        String[] start = lines[0].split(" ", -1);
        if (start.length != 3 || start[0].isEmpty() || start[1].isEmpty()) throw new BadRequest(400, "malformed request line");
        for (char c : start[0].toCharArray()) if (c < 'A' || c > 'Z') throw new BadRequest(400, "malformed method");
        if (!start[2].equals("HTTP/1.1") && !start[2].equals("HTTP/1.0")) {
            throw new BadRequest(start[2].startsWith("HTTP/") ? 505 : 400, "only HTTP/1.0 and HTTP/1.1 are spoken here");
        }
        String target = start[1];
        if (target.startsWith("http://") || target.startsWith("https://")) { // absolute form: keep the path
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        if (!target.startsWith("/")) throw new BadRequest(400, "the request target must start with /");
        for (char c : target.toCharArray()) if (c <= 0x20 || c >= 0x7f) throw new BadRequest(400, "malformed request target");
        int q = target.indexOf('?');
        int hash = target.indexOf('#');
        if (hash >= 0) target = target.substring(0, hash);
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        Map<String, String> headers = new LinkedHashMap<>();
        int count = 0;
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) continue;
            if (++count > MAX_HEADERS) throw new BadRequest(431, "more than " + MAX_HEADERS + " header fields");
            int colon = l.indexOf(':');
            if (colon <= 0 || l.charAt(0) == ' ' || l.charAt(0) == '\t' || l.substring(0, colon).contains(" ")) {
                throw new BadRequest(400, "malformed header field");
            }
            headers.putIfAbsent(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return new Request(start[0], path, query, headers);
    }

    /** Index just past the blank line ending the head, or -1 while it has not arrived. */
    static int headEnd(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\n') continue;
            if (i + 1 < b.length && b[i + 1] == '\n') return i + 2;
            if (i + 2 < b.length && b[i + 1] == '\r' && b[i + 2] == '\n') return i + 3;
        }
        return -1;
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            loop.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p : pending) close(p.ch);
        workers.shutdownNow();
    }
}
