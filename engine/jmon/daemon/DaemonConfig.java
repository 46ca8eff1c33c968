package jmon.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import jmon.engine.logs.ProcessLogs;
import jmon.http.Bind;
import jmon.http.HttpEndpoint;

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

    public static DaemonConfig load(Path file, ObjectMapper json) throws IOException {
        if (!Files.exists(file)) return defaults();
        JsonNode root;
        try {
            root = json.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        check(file, root, "", Set.of("logs", "metrics", "http", "console"));
        JsonNode console = root.path("console");
        if (!console.isMissingNode()) {
            // read by the console itself; checked here so a typo is reported, not ignored
            check(file, console, "console.", Set.of("keymap", "theme"));
            for (String k : List.of("keymap", "theme")) {
                if (console.has(k) && !console.get(k).isTextual()) {
                    throw new IOException(file + ": console." + k + " must be a string (a name or a file path)");
                }
            }
        }
        ProcessLogs.Defaults d = ProcessLogs.Defaults.standard();
        JsonNode l = root.path("logs");
        if (!l.isMissingNode()) {
            check(file, l, "logs.", Set.of("max_size", "retain", "ring_lines", "ring_bytes"));
            d = new ProcessLogs.Defaults(
                    l.has("max_size") ? bytes(file, "logs.max_size", l.get("max_size")) : d.maxSize(),
                    l.has("retain") ? positive(file, "logs.retain", l.get("retain")) : d.retain(),
                    l.has("ring_lines") ? positive(file, "logs.ring_lines", l.get("ring_lines")) : d.ringLines(),
                    l.has("ring_bytes") ? (int) bytes(file, "logs.ring_bytes", l.get("ring_bytes")) : d.ringBytes());
        }
        long interval = 1000;
        long idleInterval = DEFAULT_IDLE_INTERVAL_MS;
        JsonNode m = root.path("metrics");
        if (!m.isMissingNode()) {
            check(file, m, "metrics.", Set.of("interval_ms", "idle_interval_ms"));
            if (m.has("interval_ms")) interval = positive(file, "metrics.interval_ms", m.get("interval_ms"));
            idleInterval = m.has("idle_interval_ms") ? positive(file, "metrics.idle_interval_ms", m.get("idle_interval_ms"))
                    : Math.max(idleInterval, interval);
            if (idleInterval < interval) {
                throw new IOException(file + ": metrics.idle_interval_ms (" + idleInterval + ") must be ≥ metrics.interval_ms (" + interval + ")");
            }
        }
        Http http = null;
        JsonNode h = root.path("http");
        if (!h.isMissingNode() && !h.isNull()) {
            check(file, h, "http.", Set.of("bind", "token"));
            if (!h.hasNonNull("bind")) throw new IOException(file + ": http.bind is required to turn the HTTP endpoint on (e.g. \"127.0.0.1:9615\")");
            if (!h.get("bind").isTextual()) throw new IOException(file + ": http.bind must be a string HOST:PORT");
            JsonNode t = h.get("token");
            if (t != null && !t.isNull() && !t.isTextual()) throw new IOException(file + ": http.token must be a string");
            try {
                http = Http.of(h.get("bind").asText(), t == null || t.isNull() ? null : t.asText());
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": http: " + e.getMessage());
            }
            if (http.bind().address().getPort() == 0) throw new IOException(file + ": http.bind: port 0 is not allowed here (clients need a known port)");
        }
        return new DaemonConfig(d, interval, idleInterval, http);
    }

    private static void check(Path file, JsonNode n, String prefix, Set<String> known) throws IOException {
        if (!n.isObject()) throw new IOException(file + ": " + (prefix.isEmpty() ? "the file" : prefix) + " must be an object");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IOException(file + ": unknown key " + prefix + k + " (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static int positive(Path file, String field, JsonNode v) throws IOException {
        if (!v.canConvertToInt() || v.asInt() < 1) throw new IOException(file + ": " + field + " must be a whole number ≥ 1");
        return v.asInt();
    }

    /** "10M", "512K", "1G" or a number of bytes. */
    static long bytes(Path file, String field, JsonNode v) throws IOException {
        if (v.isIntegralNumber() && v.asLong() > 0) return v.asLong();
        try {
            return jmon.engine.metrics.Sizes.parseBytes(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + field + ": " + e.getMessage());
        }
    }
}
