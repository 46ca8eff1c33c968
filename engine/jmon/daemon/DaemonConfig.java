package jmon.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jmon.engine.logs.ProcessLogs;
import jmon.http.Bind;
import jmon.http.HttpEndpoint;
import jmon.rpc.Json;

/**
 * Daemon-wide settings from {@code $JMON_HOME/config.json}. Every key is optional; an unknown key or a bad
 * value is an error naming it (the daemon refuses to start rather than silently ignore a setting).
 *
 * <pre>{ "logs": { "max_size": "10M", "retain": 10, "ring_lines": 1000, "ring_bytes": "256K" },
 *   "metrics": { "interval_ms": 1000, "idle_interval_ms": 10000 },
 *   "http": { "bind": "127.0.0.1:9615", "token": "..." } }</pre>
 *
 * <p>{@code http} turns the read-only HTTP endpoint on ({@link jmon.http.HttpEndpoint}); {@code bind} is
 * required there, and a {@code token} is required when {@code bind} is not a loopback address.
 *
 * <p>{@code metrics.interval_ms} is the sampling period while someone watches (the console, a /metrics
 * scraper), {@code metrics.idle_interval_ms} (at least interval_ms) the period while nobody does.
 *
 * @param http the HTTP endpoint's settings, null when it is off
 */
public record DaemonConfig(ProcessLogs.Defaults logs, long metricsIntervalMs, long metricsIdleIntervalMs, Http http) {
    public static final long DEFAULT_IDLE_INTERVAL_MS = 10_000;

    public static DaemonConfig defaults() {
        return new DaemonConfig(ProcessLogs.Defaults.standard(), 1000, DEFAULT_IDLE_INTERVAL_MS, null);
    }

    /** Where the HTTP endpoint listens and the bearer token it requires (null: none, loopback only). */
    public record Http(Bind bind, String token) {
        /**
         * Checks a bind address (as {@code HOST:PORT}) and token together.
         *
         * @throws IllegalArgumentException naming the problem
         */
        public static Http of(String bind, String token) {
            Bind b = Bind.parse(bind);
            HttpEndpoint.checkAccess(b, token);
            return new Http(b, token);
        }
    }

    /** The same settings with the HTTP endpoint on another address (the {@code --http} option wins). */
    public DaemonConfig withHttpBind(String bind) {
        return new DaemonConfig(logs, metricsIntervalMs, metricsIdleIntervalMs, Http.of(bind, http == null ? null : http.token()));
    }

    public static DaemonConfig load(Path file) throws IOException {
        if (!Files.exists(file)) return defaults();
        Object root;
        try {
            root = Json.parse(file);
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        Map<?, ?> top = object(file, root, "", Set.of("logs", "metrics", "http", "console"));
        if (top.containsKey("console")) {
            // read by the console itself; checked here so a typo is reported, not ignored
            Map<?, ?> console = object(file, top.get("console"), "console.", Set.of("keymap", "theme"));
            for (String k : List.of("keymap", "theme")) {
                if (console.containsKey(k) && !(console.get(k) instanceof String)) {
                    throw new IOException(file + ": console." + k + " must be a string (a name or a file path)");
                }
            }
        }
        ProcessLogs.Defaults d = ProcessLogs.Defaults.standard();
        if (top.containsKey("logs")) {
            Map<?, ?> l = object(file, top.get("logs"), "logs.", Set.of("max_size", "retain", "ring_lines", "ring_bytes"));
            d = new ProcessLogs.Defaults(
                    l.containsKey("max_size") ? bytes(file, "logs.max_size", l.get("max_size")) : d.maxSize(),
                    l.containsKey("retain") ? positive(file, "logs.retain", l.get("retain")) : d.retain(),
                    l.containsKey("ring_lines") ? positive(file, "logs.ring_lines", l.get("ring_lines")) : d.ringLines(),
                    l.containsKey("ring_bytes") ? (int) bytes(file, "logs.ring_bytes", l.get("ring_bytes")) : d.ringBytes());
        }
        long interval = 1000;
        long idleInterval = DEFAULT_IDLE_INTERVAL_MS;
        if (top.containsKey("metrics")) {
            Map<?, ?> m = object(file, top.get("metrics"), "metrics.", Set.of("interval_ms", "idle_interval_ms"));
            if (m.containsKey("interval_ms")) interval = positive(file, "metrics.interval_ms", m.get("interval_ms"));
            idleInterval = m.containsKey("idle_interval_ms")
                    ? positive(file, "metrics.idle_interval_ms", m.get("idle_interval_ms"))
                    : Math.max(idleInterval, interval);
            if (idleInterval < interval) {
                throw new IOException(file + ": metrics.idle_interval_ms (" + idleInterval
                        + ") must be ≥ metrics.interval_ms (" + interval + ")");
            }
        }
        Http http = null;
        if (top.get("http") != null) {
            Map<?, ?> h = object(file, top.get("http"), "http.", Set.of("bind", "token"));
            if (h.get("bind") == null) throw new IOException(file + ": http.bind is required to turn the HTTP endpoint on (e.g. \"127.0.0.1:9615\")");
            if (!(h.get("bind") instanceof String bind)) throw new IOException(file + ": http.bind must be a string HOST:PORT");
            Object t = h.get("token");
            if (t != null && !(t instanceof String)) throw new IOException(file + ": http.token must be a string");
            try {
                http = Http.of(bind, (String) t);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": http: " + e.getMessage());
            }
            if (http.bind().address().getPort() == 0) throw new IOException(file + ": http.bind: port 0 is not allowed here (clients need a known port)");
        }
        return new DaemonConfig(d, interval, idleInterval, http);
    }

    /** {@code n} as an object holding only {@code known} keys. */
    private static Map<?, ?> object(Path file, Object n, String prefix, Set<String> known) throws IOException {
        if (!(n instanceof Map<?, ?> m)) throw new IOException(file + ": " + (prefix.isEmpty() ? "the file" : prefix) + " must be an object");
        for (Object k : m.keySet()) {
            if (!known.contains(k)) {
                throw new IOException(file + ": unknown key " + prefix + k + " (known: " + String.join(", ", known) + ")");
            }
        }
        return m;
    }

    /** A whole number from 1 to Integer.MAX_VALUE (a fraction is cut, as before). */
    private static int positive(Path file, String field, Object v) throws IOException {
        boolean fits = (v instanceof Long || v instanceof Double)
                && ((Number) v).doubleValue() >= Integer.MIN_VALUE && ((Number) v).doubleValue() <= Integer.MAX_VALUE;
        if (!fits || ((Number) v).intValue() < 1) throw new IOException(file + ": " + field + " must be a whole number ≥ 1");
        return ((Number) v).intValue();
    }

    /** "10M", "512K", "1G" or a number of bytes. */
    static long bytes(Path file, String field, Object v) throws IOException {
        if (v instanceof Long n && n > 0) return n;
        try {
            return jmon.engine.metrics.Sizes.parseBytes(v instanceof Map || v instanceof List ? "" : String.valueOf(v));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + field + ": " + e.getMessage());
        }
    }
}
