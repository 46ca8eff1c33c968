package jmon.engine.hooks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code hooks} list of config.json. A hook with a problem is left out with one warning naming its index and
 * key (the daemon's settings policy: supervising matters more than a setting); the others work.
 *
 * <pre>"hooks": [
 *   {"name": "page", "on": ["crash", "errored"], "command": "/usr/local/bin/page-oncall", "timeout_ms": 5000},
 *   {"on": "incident", "namespace": "prod", "url": "https://hooks.slack.com/services/…", "repeat_ms": 300000}]</pre>
 */
public final class HookConfig {
    static final Set<String> KEYS = Set.of("name", "on", "namespace", "app", "command", "url", "timeout_ms", "repeat_ms");
    private static final long MAX_MS = 24L * 3600 * 1000;

    private HookConfig() {}

    public static List<HookRule> parse(Object node, Consumer<String> warn) {
        List<HookRule> out = new ArrayList<>();
        if (node == null) return out;
        if (!(node instanceof List<?> list)) {
            warn.accept("hooks must be a list of hook objects; no hook runs");
            return out;
        }
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                HookRule r = one(i, list.get(i));
                if (!names.add(r.name())) throw new IllegalArgumentException("name '" + r.name() + "' is used twice");
                out.add(r);
            } catch (IllegalArgumentException e) {
                warn.accept("hooks[" + i + "]: " + e.getMessage() + "; this hook is off");
            }
        }
        return out;
    }

    private static HookRule one(int i, Object n) {
        if (!(n instanceof Map<?, ?> m)) throw new IllegalArgumentException("must be an object");
        for (Object k : m.keySet()) {
            if (!KEYS.contains(k)) throw new IllegalArgumentException("unknown key '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
        }
        String name = m.get("name") == null ? "hook-" + i : string(m, "name");
        Set<String> on = new LinkedHashSet<>();
        Object o = m.get("on");
        if (o instanceof String s) on.add(s);
        else if (o instanceof List<?> l) for (Object x : l) on.add(x instanceof String s ? s : String.valueOf(x));
        else throw new IllegalArgumentException("on: an event or a list of events (" + String.join(", ", HookEvents.TYPES) + ")");
        for (String e : on) {
            if (!HookEvents.TYPES.contains(e)) {
                throw new IllegalArgumentException("on: unknown event '" + e + "' (known: " + String.join(", ", HookEvents.TYPES) + ")");
            }
        }
        if (on.isEmpty()) throw new IllegalArgumentException("on: at least one event");
        List<String> command = null;
        Object c = m.get("command");
        if (c instanceof String s && !s.isBlank()) command = List.of("/bin/sh", "-c", s);
        else if (c instanceof List<?> l && !l.isEmpty()) {
            command = new ArrayList<>();
            for (Object x : l) {
                if (!(x instanceof String s)) throw new IllegalArgumentException("command: every element a string");
                command.add(s);
            }
        } else if (c != null) throw new IllegalArgumentException("command: a shell line or a list (argv)");
        String url = m.get("url") == null ? null : string(m, "url");
        if ((command == null) == (url == null)) throw new IllegalArgumentException("exactly one of command and url");
        if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("url: http:// or https://, got '" + url + "'");
        }
        if (url != null) {
            try {
                java.net.URI.create(url).toURL();
            } catch (IllegalArgumentException | java.net.MalformedURLException e) {
                throw new IllegalArgumentException("url: not a URL (" + e.getMessage() + ")");
            }
        }
        String ns = m.get("namespace") == null ? null : string(m, "namespace");
        String app = m.get("app") == null ? null : string(m, "app");
        long timeout = ms(m, "timeout_ms", HookRule.DEFAULT_TIMEOUT_MS, 1);
        long repeat = ms(m, "repeat_ms", HookRule.DEFAULT_REPEAT_MS, 0);
        return new HookRule(name, on, ns, app, command, url, timeout, repeat);
    }

    private static String string(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof String s) || s.isBlank()) throw new IllegalArgumentException(key + ": a non-empty string");
        return s;
    }

    private static long ms(Map<?, ?> m, String key, long fallback, long min) {
        Object v = m.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Long n) || n < min || n > MAX_MS) {
            throw new IllegalArgumentException(key + ": a whole number of milliseconds, " + min + "–" + MAX_MS + ", got " + v);
        }
        return n;
    }
}
