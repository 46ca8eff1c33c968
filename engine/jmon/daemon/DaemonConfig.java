package jmon.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jmon.engine.logs.ProcessLogs;
import jmon.http.Bind;
import jmon.http.HttpEndpoint;
import jmon.rpc.Json;
import jmon.rpc.RpcLimits;

/**
 * Daemon-wide settings from {@code $JMON_HOME/config.json}. Every key is optional.
 *
 * <pre>{ "logs": { "max_size": "10M", "retain": 10, "ring_lines": 1000, "ring_bytes": "256K" },
 *   "metrics": { "interval_ms": 1000, "idle_interval_ms": 10000 },
 *   "http": { "bind": "127.0.0.1:9615", "token": "..." },
 *   "rpc": { "max_connections": 256, "hello_timeout_ms": 10000, "idle_timeout_ms": 600000, "max_line_bytes": "1M" } }</pre>
 *
 * <p>A bad file never keeps the daemon from supervising: an unknown key is ignored, a bad value falls back to
 * its default, an {@code http} section with any problem leaves the endpoint off, and a file that is not JSON at
 * all gives the defaults (and is copied aside as {@code config.json.corrupt-<time>}, the file itself stays).
 * Each such decision is one line of {@link #warnings()}, which the daemon logs and shows in {@code jmon ping}.
 *
 * <p>{@code http} turns the read-only HTTP endpoint on ({@link jmon.http.HttpEndpoint}); {@code bind} is
 * required there, and a {@code token} is required when {@code bind} is not a loopback address.
 *
 * <p>{@code metrics.interval_ms} is the sampling period while someone watches (the console, a /metrics
 * scraper), {@code metrics.idle_interval_ms} (at least interval_ms) the period while nobody does.
 *
 * @param http     the HTTP endpoint's settings, null when it is off
 * @param warnings what was wrong with the file and what the daemon does instead, one line each
 */
public record DaemonConfig(ProcessLogs.Defaults logs, long metricsIntervalMs, long metricsIdleIntervalMs, Http http,
                           RpcLimits rpc, List<String> warnings, List<jmon.engine.hooks.HookRule> hooks) {
    public static final long DEFAULT_IDLE_INTERVAL_MS = 10_000;

    public DaemonConfig {
        warnings = List.copyOf(warnings);
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }

    public DaemonConfig(ProcessLogs.Defaults logs, long metricsIntervalMs, long metricsIdleIntervalMs, Http http,
                        RpcLimits rpc, List<String> warnings) {
        this(logs, metricsIntervalMs, metricsIdleIntervalMs, http, rpc, warnings, List.of());
    }

    public static DaemonConfig defaults() {
        return new DaemonConfig(ProcessLogs.Defaults.standard(), 1000, DEFAULT_IDLE_INTERVAL_MS, null, RpcLimits.defaults(), List.of());
    }

    /**
     * Where the HTTP endpoint listens, the read token it requires (null: none, loopback only), and the named
     * control tokens with their scopes ({@link jmon.http.ApiToken}).
     */
    public record Http(Bind bind, String token, List<jmon.http.ApiToken> tokens) {
        public Http {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }

        public Http(Bind bind, String token) { this(bind, token, List.of()); }

        /**
         * Checks a bind address (as {@code HOST:PORT}) and token together.
         *
         * @throws IllegalArgumentException naming the problem
         */
        public static Http of(String bind, String token) { return of(bind, token, List.of()); }

        public static Http of(String bind, String token, List<jmon.http.ApiToken> tokens) {
            Bind b = Bind.parse(bind);
            HttpEndpoint.checkAccess(b, token, tokens);
            return new Http(b, token, tokens);
        }
    }

    /** The same settings with the HTTP endpoint on another address (the {@code --http} option wins). */
    public DaemonConfig withHttpBind(String bind) {
        return new DaemonConfig(logs, metricsIntervalMs, metricsIdleIntervalMs,
                Http.of(bind, http == null ? null : http.token(), http == null ? List.of() : http.tokens()), rpc, warnings, hooks);
    }

    /** One bad setting: its message names the key. */
    private static final class Bad extends Exception {
        Bad(String message) { super(message, null, false, false); }
    }

    /** Reads the file; never fails: what is wrong becomes a warning and the default. */
    public static DaemonConfig load(Path file) {
        if (!Files.exists(file)) return defaults();
        List<String> warnings = new ArrayList<>();
        String name = file.getFileName().toString();
        Object root;
        try {
            root = Json.parse(file);
        } catch (IOException | RuntimeException e) {
            warnings.add(name + " is not valid JSON (" + e.getMessage() + "); " + copyAside(file)
                    + "; running with the default settings until it is fixed and the daemon restarted");
            return new DaemonConfig(ProcessLogs.Defaults.standard(), 1000, DEFAULT_IDLE_INTERVAL_MS, null, RpcLimits.defaults(), warnings);
        }
        Config c = new Config(name, warnings);
        Map<?, ?> top = c.section(root, "", Set.of("logs", "metrics", "http", "console", "rpc", "hooks"));
        if (top.get("console") != null) {
            // read by the console itself; checked here so a typo is reported, not ignored
            Map<?, ?> console = c.section(top.get("console"), "console.", Set.of("keymap", "theme"));
            for (String k : List.of("keymap", "theme")) {
                if (console.containsKey(k) && !(console.get(k) instanceof String)) {
                    c.warn("console." + k + " must be a string (a name or a file path); the console uses its default");
                }
            }
        }
        ProcessLogs.Defaults d = ProcessLogs.Defaults.standard();
        Map<?, ?> l = c.section(top.get("logs"), "logs.", Set.of("max_size", "retain", "ring_lines", "ring_bytes", "group"));
        java.nio.file.attribute.GroupPrincipal group = c.value(l, "logs.group", null, v -> group("logs.group", v));
        d = new ProcessLogs.Defaults(
                c.value(l, "logs.max_size", d.maxSize(), v -> bytes("logs.max_size", v)),
                c.value(l, "logs.retain", d.retain(), v -> positive("logs.retain", v)),
                c.value(l, "logs.ring_lines", d.ringLines(), v -> positive("logs.ring_lines", v)),
                c.value(l, "logs.ring_bytes", d.ringBytes(), v -> (int) Math.min(Integer.MAX_VALUE, bytes("logs.ring_bytes", v))),
                new jmon.engine.logs.LogAccess(null, group));
        Map<?, ?> m = c.section(top.get("metrics"), "metrics.", Set.of("interval_ms", "idle_interval_ms"));
        long interval = c.value(m, "metrics.interval_ms", 1000L, v -> (long) positive("metrics.interval_ms", v));
        long idleDefault = Math.max(DEFAULT_IDLE_INTERVAL_MS, interval);
        long idleInterval = c.value(m, "metrics.idle_interval_ms", idleDefault, v -> (long) positive("metrics.idle_interval_ms", v));
        if (idleInterval < interval) {
            c.warn("metrics.idle_interval_ms (" + idleInterval + ") must be ≥ metrics.interval_ms (" + interval
                    + "); using " + idleDefault);
            idleInterval = idleDefault;
        }
        Http http = null;
        if (top.get("http") != null) {
            try {
                http = http(top.get("http"));
            } catch (Bad e) {
                c.warn(e.getMessage() + "; running WITHOUT the HTTP endpoint");
            }
        }
        RpcLimits r = RpcLimits.defaults();
        Map<?, ?> rp = c.section(top.get("rpc"), "rpc.", Set.of("max_connections", "hello_timeout_ms", "idle_timeout_ms", "max_line_bytes"));
        int maxConn = c.value(rp, "rpc.max_connections", r.maxConnections(), v -> positive("rpc.max_connections", v));
        long hello = c.value(rp, "rpc.hello_timeout_ms", r.helloTimeoutMs(), v -> (long) positive("rpc.hello_timeout_ms", v));
        long idle = c.value(rp, "rpc.idle_timeout_ms", r.idleTimeoutMs(), v -> (long) positive("rpc.idle_timeout_ms", v));
        long line = c.value(rp, "rpc.max_line_bytes", (long) r.maxLineBytes(), v -> bytes("rpc.max_line_bytes", v));
        try {
            r = new RpcLimits(maxConn, hello, idle, (int) Math.min(Integer.MAX_VALUE, line));
        } catch (IllegalArgumentException e) {
            c.warn(e.getMessage() + "; using the default rpc limits " + describe(r));
        }
        List<jmon.engine.hooks.HookRule> hooks = jmon.engine.hooks.HookConfig.parse(top.get("hooks"), c::warn);
        return new DaemonConfig(d, interval, idleInterval, http, r, warnings, hooks);
    }

    private static String describe(RpcLimits r) {
        return "(max_connections " + r.maxConnections() + ", hello_timeout_ms " + r.helloTimeoutMs() + ", idle_timeout_ms "
                + r.idleTimeoutMs() + ", max_line_bytes " + r.maxLineBytes() + ")";
    }

    /** The http section: any problem in it turns the endpoint off (a half-right endpoint would be worse). */
    private static Http http(Object n) throws Bad {
        if (!(n instanceof Map<?, ?> h)) throw new Bad("http must be an object");
        for (Object k : h.keySet()) {
            if (!Set.of("bind", "token", "tokens").contains(k)) throw new Bad("unknown key http." + k + " (known: bind, token, tokens)");
        }
        if (h.get("bind") == null) throw new Bad("http.bind is required to turn the HTTP endpoint on (e.g. \"127.0.0.1:9615\")");
        if (!(h.get("bind") instanceof String bind)) throw new Bad("http.bind must be a string HOST:PORT");
        Object t = h.get("token");
        if (t != null && !(t instanceof String)) throw new Bad("http.token must be a string");
        Http http;
        try {
            http = Http.of(bind, (String) t, jmon.http.ApiToken.parseAll(h.get("tokens")));
        } catch (IllegalArgumentException e) {
            throw new Bad("http: " + e.getMessage());
        }
        if (http.bind().address().getPort() == 0) throw new Bad("http.bind: port 0 is not allowed here (clients need a known port)");
        return http;
    }

    /** Copies an unreadable file next to itself (once per content), so a later fix cannot lose what it held. */
    private static String copyAside(Path file) {
        try {
            byte[] content = Files.readAllBytes(file);
            try (var siblings = Files.list(file.getParent())) {
                for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + ".corrupt-")).toList()) {
                    if (java.util.Arrays.equals(content, Files.readAllBytes(p))) return "the same content was copied aside before as " + p.getFileName();
                }
            }
            Path copy = jmon.engine.persist.Aside.nameFor(file);
            try (var ch = jmon.engine.Home.openPrivate(copy, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(content); // 0600: the settings may hold the HTTP token
                while (b.hasRemaining()) ch.write(b);
            }
            return "copied aside as " + copy.getFileName();
        } catch (IOException e) {
            return "could not copy it aside (" + e.getMessage() + ")";
        }
    }

    /** A value parser that names the key in what it throws. */
    private interface Parser<T> {
        T parse(Object v) throws Bad;
    }

    /** Reading with warnings: each problem is said once, and the setting keeps its default. */
    private record Config(String file, List<String> warnings) {
        void warn(String what) { warnings.add(file + ": " + what); }

        /** {@code n} as an object; unknown keys are warned about and ignored; null (absent) is empty. */
        Map<?, ?> section(Object n, String prefix, Set<String> known) {
            if (n == null) return Map.of();
            if (!(n instanceof Map<?, ?> m)) {
                warn((prefix.isEmpty() ? "the file" : prefix.substring(0, prefix.length() - 1)) + " must be an object; using the defaults");
                return Map.of();
            }
            for (Object k : m.keySet()) {
                if (!known.contains(k)) warn("unknown key " + prefix + k + " ignored (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
            return m;
        }

        <T> T value(Map<?, ?> section, String field, T fallback, Parser<T> parser) {
            String key = field.substring(field.indexOf('.') + 1);
            if (!section.containsKey(key)) return fallback;
            try {
                return parser.parse(section.get(key));
            } catch (Bad e) {
                warn(e.getMessage() + "; using the default (" + fallback + ")");
                return fallback;
            }
        }
    }

    /**
     * {@code logs.group}: a group of this system that may read the apps' log files (0640); unset, they are the
     * owner's only (0600).
     */
    private static java.nio.file.attribute.GroupPrincipal group(String field, Object v) throws Bad {
        if (!(v instanceof String name) || name.isBlank()) throw new Bad(field + " must be a group name");
        try {
            return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(name);
        } catch (IOException e) {
            throw new Bad(field + ": no group named '" + name + "' on this system; log files stay 0600");
        }
    }

    /** A whole number from 1 to Integer.MAX_VALUE (a fraction is cut, as before). */
    private static int positive(String field, Object v) throws Bad {
        boolean fits = (v instanceof Long || v instanceof Double)
                && ((Number) v).doubleValue() >= Integer.MIN_VALUE && ((Number) v).doubleValue() <= Integer.MAX_VALUE;
        if (!fits || ((Number) v).intValue() < 1) throw new Bad(field + " must be a whole number ≥ 1");
        return ((Number) v).intValue();
    }

    /** "10M", "512K", "1G" or a number of bytes. */
    static long bytes(String field, Object v) throws Bad {
        if (v instanceof Long n && n > 0) return n;
        try {
            return jmon.engine.metrics.Sizes.parseBytes(v instanceof Map || v instanceof List ? "" : String.valueOf(v));
        } catch (IllegalArgumentException e) {
            throw new Bad(field + ": " + e.getMessage());
        }
    }
}
