package jmon.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import jmon.api.CustomMetric;
import jmon.api.DaemonInfo;
import jmon.api.HealthInfo;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.ProbeResult;
import jmon.api.ProcessInfo;
import jmon.format.Facts;
import jmon.format.Jlist;
import jmon.rpc.Json;

/**
 * The daemon's read-only HTTP endpoint, serving from the engine in-process over {@link HttpFront} (a bounded
 * HTTP/1.1 transport: head timeout, size limits, a small worker pool). Off unless configured ({@code jmon daemon --http HOST:PORT} or {@code http.bind} in
 * {@code config.json}).
 *
 * <h2>Routes (GET and HEAD only; any other method is 405 with {@code Allow: GET, HEAD})</h2>
 * <ul>
 *   <li>{@code /health/live}: 200 {@code {"data":{"status":"alive","pid":..,"uptime_ms":..,"version":..}}}.</li>
 *   <li>{@code /health/ready[?namespace=NS]}: 200, or 503 when unhealthy, with
 *       {@code {"data":{"status":"healthy|degraded|unhealthy","services":{"<ns>/<name>[#i]":{...}}}}};
 *       the rule is {@link Readiness}'s.</li>
 *   <li>{@code /api/processes[?namespace=NS]}: the {@code jlist} array ({@link Jlist}).</li>
 *   <li>{@code /api/processes/<ns>/<name>}: the jlist elements of that app (one per instance), each with a
 *       {@code health} member: ready, capabilities, STATUS text, the latest HEALTH object, probe results, custom
 *       metrics. 404 naming what exists when unknown.</li>
 *   <li>{@code /metrics}: Prometheus text format 0.0.4 ({@link Prometheus}).</li>
 *   <li>{@code /api/health/live} and {@code /api/health/ready} are the same as the two health routes (the
 *       runbook's spelling).</li>
 *   <li>Anything else: 404 with a JSON error listing the routes.</li>
 * </ul>
 *
 * <h2>Access</h2>
 * Binding to an address other than loopback requires a token; the constructor refuses otherwise. When a token
 * is set (on any address), every request must carry {@code Authorization: Bearer <token>}, else 401; the
 * comparison is constant-time (SHA-256 of both, then {@link MessageDigest#isEqual}), so neither the content nor
 * the length of the token leaks through timing. On loopback without a token the endpoint is open to local users.
 *
 * <h2>Bounds</h2>
 * A request head must arrive within {@value HttpFront#HEAD_TIMEOUT_MS} ms of the connection (else 408 and closed),
 * its request line within {@value HttpFront#MAX_REQUEST_LINE} bytes (else 414), the whole head within
 * {@value HttpFront#MAX_HEAD_BYTES} bytes and {@value HttpFront#MAX_HEADERS} fields (else 431). Heads are read by one
 * selector thread, so stalled clients hold no worker; complete requests run on {@value HttpFront#WORKERS} workers
 * with a queue of {@value HttpFront#QUEUE} (past it 503). Every answer closes the connection; bodies are never read.
 */
public final class HttpEndpoint implements AutoCloseable {
    /** Tokens shorter than this are refused: a bearer token is a password sent on every request. */
    public static final int MIN_TOKEN_LENGTH = 16;

    static final List<String> ROUTES = List.of("/health/live", "/health/ready[?namespace=NS]",
            "/api/processes[?namespace=NS]", "/api/processes/<namespace>/<name>",
            "/api/events[?since=EPOCH_MS|ISO_TIME][&namespace=NS][&name=APP][&limit=N]", "/metrics");

    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final JmonApi api;
    private final Runnable onScrape;
    private final Bind bind;
    private final byte[] tokenDigest;
    private final HttpFront server;
    /** The named control tokens; empty: no control routes. */
    private final List<ApiToken> tokens;
    private final HttpControl control;

    public HttpEndpoint(JmonApi api, String bind, String token) throws IOException {
        this(api, Bind.parse(bind), token);
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalArgumentException when the token rule is broken (non-loopback without a token, or a token
     *                                  that is too short or not sendable in a header)
     * @throws IOException              when the address cannot be bound (in use, not local)
     */
    public HttpEndpoint(JmonApi api, Bind bind, String token) throws IOException {
        this(api, bind, token, () -> { });
    }

    /** @param onScrape told at each /metrics scrape (the daemon samples at the watched rate while scraped) */
    public HttpEndpoint(JmonApi api, Bind bind, String token, Runnable onScrape) throws IOException {
        this(api, bind, token, onScrape, List.of(), null);
    }

    /**
     * With the control API: {@code tokens} are the named tokens ({@code http.tokens}), {@code as} the API as one
     * caller (the engine's {@code as(Caller)}), so every control call runs through the request pipeline as the
     * token's own caller.
     */
    public HttpEndpoint(JmonApi api, Bind bind, String token, Runnable onScrape, List<ApiToken> tokens,
                        java.util.function.Function<jmon.api.Caller, JmonApi> as) throws IOException {
        checkAccess(bind, token, tokens);
        this.tokens = List.copyOf(tokens);
        this.control = as == null || tokens.isEmpty() ? null : new HttpControl(as);
        this.api = api;
        this.onScrape = onScrape;
        this.bind = bind;
        this.tokenDigest = token == null ? null : sha256(token);
        try {
            this.server = new HttpFront(bind.address(), this::handle);
        } catch (BindException e) {
            throw new BindException("cannot listen on " + bind.text() + ": " + e.getMessage());
        }
    }

    /**
     * The token rule, for callers that want to check a configuration before binding.
     *
     * @throws IllegalArgumentException naming the problem and the fix
     */
    public static void checkAccess(Bind bind, String token) { checkAccess(bind, token, List.of()); }

    /** The same, where named control tokens also protect a non-loopback address. */
    public static void checkAccess(Bind bind, String token, List<ApiToken> tokens) {
        if (token == null && !tokens.isEmpty()) return;
        if (token != null) {
            String problem = tokenProblem(token);
            if (problem != null) throw new IllegalArgumentException("HTTP token " + problem);
        } else if (!bind.loopback()) {
            throw new IllegalArgumentException("refusing to serve HTTP on " + bind.text() + " without a token: "
                    + bind.address().getAddress().getHostAddress() + " is not a loopback address, so anyone who can "
                    + "reach it could read every process; set http.token in config.json (clients then send "
                    + "'Authorization: Bearer <token>') or bind to 127.0.0.1");
        }
    }

    /** What is wrong with a token, or null when it is usable. */
    public static String tokenProblem(String token) {
        if (token.length() < MIN_TOKEN_LENGTH) return "is too short: at least " + MIN_TOKEN_LENGTH + " characters";
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7f) return "may hold only visible ASCII characters (no spaces): it is sent in an HTTP header";
        }
        return null;
    }

    /** The address actually bound (the real port when 0 was asked for). */
    public InetSocketAddress address() { return server.address(); }

    public Bind bind() { return bind; }

    public boolean hasToken() { return tokenDigest != null; }

    @Override
    public void close() { server.close(); }

    // ---- request handling --------------------------------------------------------------------------------

    /** The transport's answer type, with the JSON shorthand this class writes with. */
    private static final class Response {
        private Response() {}

        /** {@code doc}: maps and lists; nulls are written, so every key is always there. */
        static HttpFront.Response json(int status, Object doc) {
            return new HttpFront.Response(status, JSON_TYPE, (Json.writeDocument(doc) + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private static HttpFront.Response with(HttpFront.Response r, String header, String value) {
        Map<String, String> h = new HashMap<>(r.headers());
        h.put(header, value);
        return new HttpFront.Response(r.status(), r.type(), r.body(), h);
    }

    private HttpFront.Response handle(HttpFront.Request req) {
        try {
            return respond(req);
        } catch (JmonException e) {
            return error(503, "the engine did not answer: " + e.getMessage());
        } catch (RuntimeException e) {
            return error(500, "internal error: " + e);
        }
    }

    private HttpFront.Response respond(HttpFront.Request req) {
        byte[] presented = bearer(req.header("Authorization"));
        ApiToken named = null;
        if (presented != null) {
            for (ApiToken t : tokens) if (t.matches(presented)) named = t;
        }
        boolean readTokenOk = tokenDigest != null && presented != null && MessageDigest.isEqual(tokenDigest, presented);
        boolean anyToken = tokenDigest != null || !tokens.isEmpty();
        // with tokens configured a wrong one is always refused; on a non-loopback address (or with http.token) so is none
        boolean mustAuth = tokenDigest != null || !bind.loopback();
        if (anyToken && named == null && !readTokenOk && (presented != null || mustAuth)) {
            return with(error(401, "missing or wrong token: send 'Authorization: Bearer <token>'"),
                    "WWW-Authenticate", "Bearer realm=\"jmon\"");
        }
        String method = req.method();
        String path = req.rawPath();
        Map<String, String> query = query(req.rawQuery());
        if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (method.equals("POST") && control != null) {
            if (named == null) {
                return with(error(401, "the control API needs a named token (http.tokens in config.json): send 'Authorization: Bearer <token>'"),
                        "WWW-Authenticate", "Bearer realm=\"jmon\"");
            }
            if (!path.startsWith("/api/")) return error(404, "control routes are under /api/processes and /api/namespaces");
            String[] raw = path.substring("/api/".length()).split("/", -1);
            List<String> parts = new ArrayList<>(raw.length);
            for (String r : raw) {
                if (r.isEmpty()) return error(404, "empty path segment in " + path);
                parts.add(decode(r));
            }
            return control.handle(named, parts, query);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            String allow = control != null ? "GET, HEAD, POST" : "GET, HEAD";
            return with(error(405, "method " + method + " not allowed: " + (control != null ? "reads are GET, control calls POST"
                    : "the jmon HTTP endpoint is read-only (GET, HEAD); the control API needs http.tokens in config.json")),
                    "Allow", allow);
        }
        String ns = query.get("namespace");
        if (ns != null && ns.isEmpty()) ns = null;
        switch (path) {
            case "/health/live", "/api/health/live" -> { return live(); }
            case "/health/ready", "/api/health/ready" -> { return ready(ns); }
            case "/api/processes" -> { return Response.json(200, Jlist.toTree(api.list(ns), false, System.currentTimeMillis())); }
            case "/api/events" -> { return events(ns, query); }
            case "/metrics" -> {
                onScrape.run(); // a scraper watches: the watched rate
                String text = Prometheus.render(api.list(null), api.ping());
                return new HttpFront.Response(200, Prometheus.CONTENT_TYPE, text.getBytes(StandardCharsets.UTF_8), Map.of());
            }
            default -> { }
        }
        if (path.startsWith("/api/processes/")) {
            String[] parts = path.substring("/api/processes/".length()).split("/", -1);
            if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
                return process(decode(parts[0]), decode(parts[1]));
            }
            return error(404, "expected /api/processes/<namespace>/<name>, got " + path);
        }
        Map<String, Object> e = errorNode(404, "no route " + path);
        errorOf(e).put("routes", ROUTES);
        return Response.json(404, e);
    }

    /** The daemon's history, oldest first; {@code since} in epoch ms or an ISO instant. */
    private HttpFront.Response events(String ns, Map<String, String> query) {
        long since = 0;
        String sv = query.get("since");
        if (sv != null && !sv.isEmpty()) {
            try {
                since = Long.parseLong(sv);
            } catch (NumberFormatException e) {
                try {
                    since = java.time.Instant.parse(sv).toEpochMilli();
                } catch (RuntimeException bad) {
                    return error(400, "since: expected epoch milliseconds or an ISO time such as 2026-12-02T15:00:00Z, got " + sv);
                }
            }
        }
        int limit = 0;
        String lv = query.get("limit");
        if (lv != null && !lv.isEmpty()) {
            try {
                limit = Integer.parseInt(lv);
            } catch (NumberFormatException e) {
                limit = -1;
            }
        }
        String name = query.get("name");
        List<jmon.api.HistoryEvent> events;
        try {
            events = api.history(jmon.spec.RequestRules.checkHistoryQuery(new jmon.api.HistoryQuery(ns,
                    name == null || name.isEmpty() ? null : name, since, limit)));
        } catch (jmon.api.JmonException e) {
            return error(400, e.getMessage());
        }
        return Response.json(200, Map.of("data", events));
    }

    /** The SHA-256 of a bearer token sent, null when none (or not a bearer header). */
    private static byte[] bearer(String header) {
        if (header == null) return null;
        String h = header.trim();
        if (h.length() < 7 || !h.substring(0, 7).equalsIgnoreCase("Bearer ")) return null;
        return sha256(h.substring(7).trim());
    }

    private HttpFront.Response live() {
        DaemonInfo d = api.ping();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", "alive");
        data.put("pid", d.pid());
        data.put("uptime_ms", d.uptimeMs());
        data.put("version", d.version());
        return Response.json(200, Map.of("data", data));
    }

    private HttpFront.Response ready(String ns) {
        List<ProcessInfo> ps = api.list(ns);
        Readiness.Level overall = Readiness.overall(ps);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", overall.wire());
        if (ns != null) data.put("namespace", ns);
        Map<String, Object> services = new LinkedHashMap<>();
        data.put("services", services);
        for (ProcessInfo p : ps) {
            if (!Readiness.counts(p)) continue;
            String key = p.qualifiedName();
            if (services.containsKey(key)) key = p.namespace() + "/" + p.name() + "#" + p.instanceId();
            Map<String, Object> s = new LinkedHashMap<>();
            services.put(key, s);
            HealthInfo h = p.health();
            s.put("status", Readiness.of(p).wire());
            s.put("process_status", p.status() == null ? null : p.status().wire());
            s.put("ready", p.ready());
            s.put("pid", Facts.jlistPid(p));
            s.put("restarts", p.restarts());
            s.put("reason", p.reason());
            s.put("readiness", probe(h == null ? null : h.readiness()));
            s.put("liveness", probe(h == null ? null : h.liveness()));
            s.put("capabilities", h != null && h.capabilities() != null ? h.capabilities() : List.of());
            s.put("status_text", h == null ? null : h.statusText());
        }
        return Response.json(Readiness.httpStatus(overall), Map.of("data", data));
    }

    private HttpFront.Response process(String ns, String name) {
        List<ProcessInfo> inNs = api.list(ns);
        List<ProcessInfo> match = inNs.stream().filter(p -> name.equals(p.name())).toList();
        if (match.isEmpty()) {
            Map<String, Object> e;
            TreeSet<String> known = new TreeSet<>();
            if (inNs.isEmpty()) {
                for (ProcessInfo p : api.list(null)) known.add(p.namespace());
                e = errorNode(404, "no namespace '" + ns + "'; namespaces: " + (known.isEmpty() ? "(none)" : String.join(", ", known)));
            } else {
                for (ProcessInfo p : inNs) known.add(p.name());
                e = errorNode(404, "no process '" + name + "' in namespace '" + ns + "'; processes there: " + String.join(", ", known));
            }
            errorOf(e).put("known", new ArrayList<>(known));
            return Response.json(404, e);
        }
        List<Map<String, Object>> arr = Jlist.toTree(match, false, System.currentTimeMillis());
        for (int i = 0; i < match.size(); i++) arr.get(i).put("health", health(match.get(i)));
        return Response.json(200, arr);
    }

    /** Everything known of one process's health; the same keys whether or not anything was reported yet. */
    static Map<String, Object> health(ProcessInfo p) {
        HealthInfo h = p.health();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("status", p.desired() == jmon.api.Desired.RUN ? Readiness.of(p).wire() : "not counted (halted on purpose)");
        o.put("ready", p.ready());
        o.put("capabilities", h != null && h.capabilities() != null ? h.capabilities() : List.of());
        o.put("status_text", h == null ? null : h.statusText());
        o.put("health", h == null ? null : h.health());
        o.put("readiness", probe(h == null ? null : h.readiness()));
        o.put("liveness", probe(h == null ? null : h.liveness()));
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (h != null && h.metrics() != null) {
            for (Map.Entry<String, CustomMetric> m : h.metrics().entrySet()) {
                if (m.getValue() == null) continue;
                Map<String, Object> mo = new LinkedHashMap<>();
                mo.put("value", m.getValue().value());
                mo.put("unit", m.getValue().unit());
                mo.put("at", m.getValue().at());
                metrics.put(m.getKey(), mo);
            }
        }
        o.put("metrics", metrics);
        o.put("last_watchdog", h == null ? 0 : h.lastWatchdog());
        o.put("waiting_for", h != null && h.waitingFor() != null ? h.waitingFor() : List.of());
        o.put("notify_garbage", h == null ? 0 : h.notifyGarbage());
        return o;
    }

    static Map<String, Object> probe(ProbeResult r) {
        if (r == null) return null;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("probe", r.probe());
        o.put("ok", r.ok());
        o.put("detail", r.detail());
        o.put("latency_ms", r.latencyMs());
        o.put("at", r.at());
        o.put("consecutive_failures", r.consecutiveFailures());
        return o;
    }

    static HttpFront.Response error(int status, String message) { return Response.json(status, errorNode(status, message)); }

    static HttpFront.Response json(int status, Object doc) { return Response.json(status, doc); }

    private static Map<String, Object> errorNode(int status, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("status", status);
        e.put("message", message);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("error", e);
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorOf(Map<String, Object> errorNode) { return (Map<String, Object>) errorNode.get("error"); }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            q.putIfAbsent(k.toLowerCase(Locale.ROOT), v);
        }
        return q;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a malformed escape: taken literally, it then matches nothing
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
