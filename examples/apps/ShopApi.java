import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Example "shop" HTTP API for jmon's ecosystem demo. Single-file program: {@code java ShopApi.java}.
 *
 * <pre>
 *   GET /api/health/ping   200 {"status":"ok"}
 *   GET /api/health/ready  200 {"data":{"status":"healthy"}}   once started
 *                          503 {"data":{"status":"unhealthy"}} during READY_DELAY_MS after start
 * </pre>
 *
 * Environment: PORT (default 18080), READY_DELAY_MS (default 0), APP_NAME (default shop-api),
 * HEARTBEAT_MS (default 1000). Binds 127.0.0.1 only. Logs one line per request and a heartbeat to stdout;
 * SIGINT/SIGTERM stop the server through a shutdown hook.
 */
public final class ShopApi {

    private static final String NAME = env("APP_NAME", "shop-api");
    private static final AtomicLong REQUESTS = new AtomicLong();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(env("PORT", "18080"));
        long readyDelayMs = Long.parseLong(env("READY_DELAY_MS", "0"));
        long heartbeatMs = Math.max(100, Long.parseLong(env("HEARTBEAT_MS", "1000")));
        long startedAt = System.currentTimeMillis();
        long readyAt = startedAt + Math.max(0, readyDelayMs);

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.createContext("/api/health/ping", ex -> reply(ex, 200, "{\"status\":\"ok\"}"));
        server.createContext("/api/health/ready", ex -> {
            boolean ready = System.currentTimeMillis() >= readyAt;
            reply(ex, ready ? 200 : 503,
                    "{\"data\":{\"status\":\"" + (ready ? "healthy" : "unhealthy") + "\"}}");
        });
        server.createContext("/", ex -> reply(ex, 404, "{\"error\":\"not found\"}"));
        server.setExecutor(Executors.newFixedThreadPool(4, daemon("http")));

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("heartbeat"));
        ticker.scheduleAtFixedRate(() -> log("heartbeat uptime=" + (System.currentTimeMillis() - startedAt) / 1000
                + "s requests=" + REQUESTS.get()
                + " ready=" + (System.currentTimeMillis() >= readyAt)), heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("shutdown signal received, stopping HTTP server on 127.0.0.1:" + port);
            ticker.shutdownNow();
            server.stop(0);
            log("stopped after " + REQUESTS.get() + " requests");
        }, "shutdown"));

        server.start();
        log("listening on http://127.0.0.1:" + port + " pid=" + ProcessHandle.current().pid()
                + (readyDelayMs > 0 ? " (ready in " + readyDelayMs + " ms)" : " (ready)"));
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        long started = System.nanoTime();
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                status = 405;
                json = "{\"error\":\"method not allowed\"}";
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            REQUESTS.incrementAndGet();
            log(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + status + " "
                    + (System.nanoTime() - started) / 1000 + "us");
        }
    }

    private static void log(String msg) {
        System.out.println(Instant.now() + " " + NAME + " " + msg);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String env(String key, String def) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? def : v.trim();
    }
}
