package jmon.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jmon.api.ActionResult;
import jmon.api.Caller;
import jmon.api.ErrorCode;
import jmon.api.FreezeInfo;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;
import jmon.api.SaveResult;
import jmon.api.Selector;
import jmon.api.Verb;

/**
 * The control routes of the HTTP endpoint (POST, a named token required): each call is made as the token's own
 * {@link Caller} ({@code token:NAME}; a read-scope token is a read-only caller), so it goes through the same
 * request pipeline as the socket: validated, journaled, freeze-checked, durable, audited with the token's name.
 * Arguments are in the path and the query string; a request body is never read. See docs/api.md and
 * docs/api.yaml.
 */
final class HttpControl {
    /** Actions on one app (every instance of it). */
    static final List<String> APP_ACTIONS = List.of("start", "stop", "restart", "reload", "delete", "flush");
    /** Actions on a namespace: the app actions on every app of it, and the namespace's own. */
    static final List<String> NAMESPACE_ACTIONS = List.of("start", "stop", "restart", "reload", "delete", "flush", "save",
            "freeze", "unfreeze", "restore");

    private final Function<Caller, JmonApi> as;

    HttpControl(Function<Caller, JmonApi> as) { this.as = as; }

    /** The scope a route needs; null when the route is unknown. */
    static ApiToken.Scope needs(String action) {
        return switch (action) {
            case "start", "stop", "restart", "reload", "flush" -> ApiToken.Scope.OPERATE;
            case "delete", "save", "freeze", "unfreeze", "restore" -> ApiToken.Scope.ADMIN;
            default -> null;
        };
    }

    /**
     * @param parts the path after {@code /api/}, split at '/', already decoded
     */
    HttpFront.Response handle(ApiToken token, List<String> parts, Map<String, String> query) {
        String ns, name = null, action;
        if (parts.size() == 4 && parts.get(0).equals("processes")) {
            ns = parts.get(1);
            name = parts.get(2);
            action = parts.get(3);
            if (!APP_ACTIONS.contains(action)) return HttpEndpoint.error(404, "no action '" + action + "' on an app; actions: " + String.join(", ", APP_ACTIONS));
        } else if (parts.size() == 3 && parts.get(0).equals("namespaces")) {
            ns = parts.get(1);
            action = parts.get(2);
            if (!NAMESPACE_ACTIONS.contains(action)) return HttpEndpoint.error(404, "no action '" + action + "' on a namespace; actions: " + String.join(", ", NAMESPACE_ACTIONS));
        } else {
            return HttpEndpoint.error(404, "control routes: POST /api/processes/<namespace>/<name>/<action>, POST /api/namespaces/<namespace>/<action>");
        }
        ApiToken.Scope needed = needs(action);
        if (token.scope() != ApiToken.Scope.READ && !token.scope().allows(needed)) {
            return HttpEndpoint.error(403, "token '" + token.name() + "' has scope " + token.scope().wire() + "; " + action
                    + " needs " + needed.wire());
        }
        // a read token goes on as a read-only caller: the pipeline refuses it, and audits the refusal
        Caller caller = token.scope() == ApiToken.Scope.READ ? Caller.reader(token.callerName())
                : new Caller(token.callerName(), null, false);
        JmonApi api = as.apply(caller);
        boolean includeProtected = "true".equals(query.get("include_protected"));
        Selector sel = name != null ? new Selector(ns, List.of(name), false, false)
                : new Selector(ns, List.of("all"), false, includeProtected);
        try {
            Object data = switch (action) {
                case "start" -> result(api.act(Verb.START, sel));
                case "stop" -> result(api.act(Verb.STOP, sel));
                case "restart" -> result(api.act(Verb.RESTART, sel));
                case "reload" -> result(api.act(Verb.RELOAD, sel));
                case "delete" -> result(api.act(Verb.DELETE, sel));
                case "flush" -> result(api.flush(sel));
                case "save" -> saved(api.save(ns, "true".equals(query.get("force"))));
                case "freeze" -> frozen(api.freeze(ns, query.get("reason")));
                case "unfreeze" -> result(api.unfreeze(ns));
                case "restore" -> result(api.resurrect(ns, "true".equals(query.get("dry_run"))));
                default -> throw new IllegalStateException(action);
            };
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("data", data);
            return HttpEndpoint.json(200, root);
        } catch (JmonException e) {
            return HttpEndpoint.error(status(e.code()), e.getMessage());
        }
    }

    /** The HTTP status of a refusal, so a client can tell its own mistake from the daemon's failure. */
    static int status(ErrorCode c) {
        return switch (c) {
            case BAD_REQUEST, AMBIGUOUS -> 400;
            case NOT_FOUND -> 404;
            case REFUSED -> 403;
            case FROZEN -> 409;
            case UNREACHABLE, VERSION_MISMATCH -> 503;
            case FAILED -> 500;
        };
    }

    private static Map<String, Object> result(ActionResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> ps = new ArrayList<>(r.processes().size());
        for (ProcessInfo p : r.processes()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("pm_id", p.pmId());
            o.put("namespace", p.namespace());
            o.put("name", p.name());
            o.put("instance", p.instanceId());
            o.put("status", p.status() == null ? null : p.status().wire());
            o.put("pid", p.pid() > 0 ? p.pid() : null);
            o.put("restarts", p.restarts());
            o.put("reason", p.reason());
            ps.add(o);
        }
        m.put("processes", ps);
        m.put("notes", r.notes());
        return m;
    }

    private static Map<String, Object> saved(SaveResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> out = new ArrayList<>();
        for (SaveResult.Saved s : r.saved()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("namespace", s.namespace());
            o.put("path", s.path());
            o.put("apps", s.apps());
            out.add(o);
        }
        m.put("saved", out);
        m.put("notes", r.notes());
        return m;
    }

    private static Map<String, Object> frozen(FreezeInfo f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", f.namespace());
        m.put("reason", f.reason());
        m.put("user", f.user());
        m.put("at", f.at());
        m.put("token", f.token());
        return m;
    }
}
