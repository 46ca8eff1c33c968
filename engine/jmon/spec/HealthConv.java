package jmon.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jmon.api.Dependency;
import jmon.api.ProbeSpec;

/**
 * Reads jmon's {@code health} and {@code depends_on} attributes:
 * <pre>"health": { "readiness": { "http": "http://127.0.0.1:8080/ready", "period": 1000 },
 *             "liveness":  { "tcp": "127.0.0.1:8080", "failure_threshold": 3 } }
 * "depends_on": [ "db", { "name": "api", "namespace": "prod", "condition": "ready" } ]</pre>
 * A probe has exactly one of {@code http}, {@code tcp}, {@code exec}, {@code log}; times are ms or "2s".
 */
final class HealthConv {
    private HealthConv() {}

    static final Set<String> KINDS = Vocabulary.PROBE_KINDS;
    static final Set<String> PROBE_OPTIONS = Set.of("expect_status", "initial_delay", "period", "timeout",
            "success_threshold", "failure_threshold");

    /** The two probes of a health object: [readiness, liveness], either may be null. */
    static final Conv<ProbeSpec[]> HEALTH = (n, f, d) -> {
        if (!(n instanceof SrcNode.Obj o)) return Conv.wrong(n, f, d, "an object with readiness and/or liveness");
        ProbeSpec[] out = new ProbeSpec[2];
        boolean ok = true;
        for (SrcNode.Member m : o.members().values()) {
            String field = f + "." + m.key();
            switch (m.key()) {
                case "readiness" -> out[0] = probe(m.value(), field, d);
                case "liveness" -> out[1] = probe(m.value(), field, d);
                default -> {
                    d.atKey(m, field, "unknown key '" + m.key() + "'" + hint(m.key(), Set.of("readiness", "liveness")));
                    ok = false;
                }
            }
        }
        return ok ? out : null;
    };

    private static String hint(String key, Set<String> known) {
        String near = Suggest.nearest(key, known);
        return near == null ? " (known: " + String.join(", ", known) + ")" : ": did you mean '" + near + "'?";
    }

    private static ProbeSpec probe(SrcNode n, String f, Diag d) {
        if (!(n instanceof SrcNode.Obj o)) return Conv.wrong(n, f, d, "a probe object such as {\"http\": \"http://127.0.0.1:8080/ready\"}");
        String kind = null;
        String url = null, host = null, command = null, pattern = null;
        int port = 0;
        long expect = 0, initialDelay = 0, period = 0, timeout = 0, success = 1, failure = 3;
        boolean ok = true;
        for (SrcNode.Member m : o.members().values()) {
            String field = f + "." + m.key();
            String k = m.key();
            if (KINDS.contains(k)) {
                if (kind != null) {
                    d.atKey(m, field, "a probe has one kind; '" + kind + "' was given already");
                    ok = false;
                    continue;
                }
                kind = k;
                String v = Conv.NON_EMPTY.read(m.value(), field, d);
                if (v == null) {
                    ok = false;
                    continue;
                }
                switch (k) {
                    case "http" -> {
                        if (!v.startsWith("http://")) {
                            d.at(m.value(), field, "expected an http:// URL, got \"" + v + "\"");
                            ok = false;
                        }
                        url = v;
                    }
                    case "tcp" -> {
                        int colon = v.lastIndexOf(':');
                        try {
                            host = colon > 0 ? v.substring(0, colon) : "127.0.0.1";
                            port = Integer.parseInt(colon >= 0 ? v.substring(colon + 1) : v);
                            if (port < 1 || port > 65535) throw new NumberFormatException();
                        } catch (NumberFormatException e) {
                            d.at(m.value(), field, "expected \"host:port\" or a port, got \"" + v + "\"");
                            ok = false;
                        }
                    }
                    case "exec" -> command = v;
                    default -> {
                        try {
                            Pattern.compile(v);
                            pattern = v;
                        } catch (PatternSyntaxException e) {
                            d.at(m.value(), field, "not a valid regular expression: " + e.getDescription());
                            ok = false;
                        }
                    }
                }
            } else if (PROBE_OPTIONS.contains(k)) {
                Long v = switch (k) {
                    case "initial_delay", "period", "timeout" -> Conv.DURATION_MS.read(m.value(), field, d);
                    case "expect_status" -> Conv.integer(100).read(m.value(), field, d);
                    default -> Conv.integer(1).read(m.value(), field, d);
                };
                if (v == null) {
                    ok = false;
                    continue;
                }
                switch (k) {
                    case "expect_status" -> expect = v;
                    case "initial_delay" -> initialDelay = v;
                    case "period" -> period = v;
                    case "timeout" -> timeout = v;
                    case "success_threshold" -> success = v;
                    default -> failure = v;
                }
            } else {
                java.util.Set<String> known = new java.util.TreeSet<>(KINDS);
                known.addAll(PROBE_OPTIONS);
                d.atKey(m, field, "unknown key '" + k + "'" + hint(k, known));
                ok = false;
            }
        }
        if (kind == null) {
            d.at(n, f, "a probe needs one of http, tcp, exec, log");
            return null;
        }
        if (!ok) return null;
        return new ProbeSpec(kind, url, (int) expect, host, port, command, pattern, initialDelay, period, timeout,
                (int) success, (int) failure);
    }

    static final Set<String> CONDITIONS = Vocabulary.CONDITIONS;

    static final Conv<List<Dependency>> DEPENDS_ON = (n, f, d) -> {
        List<SrcNode> items = n instanceof SrcNode.Arr a ? a.items() : List.of(n);
        List<Dependency> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            SrcNode it = items.get(i);
            String field = n instanceof SrcNode.Arr ? f + "[" + i + "]" : f;
            if (it instanceof SrcNode.Val v && v.value() instanceof String s && !s.isBlank()) {
                out.add(new Dependency(s, null, "started"));
            } else if (it instanceof SrcNode.Obj o) {
                String name = null, ns = null, cond = "started";
                for (SrcNode.Member m : o.members().values()) {
                    String mf = field + "." + m.key();
                    switch (m.key()) {
                        case "name" -> name = Conv.NON_EMPTY.read(m.value(), mf, d);
                        case "namespace" -> ns = Conv.NON_EMPTY.read(m.value(), mf, d);
                        case "condition" -> cond = Conv.oneOf("started", "ready", "completed").read(m.value(), mf, d);
                        default -> {
                            d.atKey(m, mf, "unknown key '" + m.key() + "'" + hint(m.key(), Set.of("name", "namespace", "condition")));
                            ok = false;
                        }
                    }
                }
                if (name == null) {
                    d.at(it, field, "a dependency needs a name");
                    ok = false;
                } else if (cond == null) {
                    ok = false;
                } else {
                    out.add(new Dependency(name, ns, cond));
                }
            } else {
                Conv.wrong(it, field, d, "an app name or {\"name\": …, \"condition\": \"started|ready|completed\"}");
                ok = false;
            }
        }
        return ok ? out : null;
    };

    /**
     * depends_on with the binds_to and part_of names folded in: a bound name already in depends_on keeps its
     * condition and gets the bond; one that is not becomes a dependency of condition started. "ns/name" names an
     * app of another namespace.
     */
    static List<Dependency> withBonds(List<Dependency> deps, List<String> bindsTo, List<String> partOf) {
        if ((bindsTo == null || bindsTo.isEmpty()) && (partOf == null || partOf.isEmpty())) return deps;
        List<Dependency> out = new ArrayList<>(deps == null ? List.of() : deps);
        bond(out, partOf, Dependency.PART_OF);
        bond(out, bindsTo, Dependency.BINDS_TO); // the stronger bond wins when both name it
        return out;
    }

    private static void bond(List<Dependency> out, List<String> names, String bond) {
        if (names == null) return;
        for (String full : names) {
            int slash = full.indexOf('/');
            String ns = slash < 0 ? null : full.substring(0, slash), name = slash < 0 ? full : full.substring(slash + 1);
            boolean found = false;
            for (int i = 0; i < out.size(); i++) {
                Dependency x = out.get(i);
                if (x.name().equals(name) && java.util.Objects.equals(x.namespace(), ns)) {
                    out.set(i, new Dependency(x.name(), x.namespace(), x.condition(), bond));
                    found = true;
                }
            }
            if (!found) out.add(new Dependency(name, ns, "started", bond));
        }
    }

    static final List<String> HOOK_EVENTS = List.of("crash", "errored", "crash-loop", "memory", "incident");
    static final Set<String> HOOK_KEYS = Set.of("name", "on", "command", "url", "timeout_ms", "repeat_ms");

    /**
     * hooks (an app's, or a file's for every app of it): [{"on": ["crash"], "command": "…" | ["argv"], "url": "…",
     * "timeout_ms": 10000, "repeat_ms": 60000, "name": "…"}], as config.json's hooks but for the app only.
     */
    static final Conv<List<jmon.api.HookSpec>> HOOKS = (n, f, d) -> {
        if (!(n instanceof SrcNode.Arr a)) {
            Conv.wrong(n, f, d, "an array of hooks ({\"on\": [...], \"command\": ... or \"url\": ...})");
            return null;
        }
        List<jmon.api.HookSpec> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < a.items().size(); i++) {
            String field = f + "[" + i + "]";
            SrcNode it = a.items().get(i);
            if (!(it instanceof SrcNode.Obj o)) {
                Conv.wrong(it, field, d, "a hook object");
                ok = false;
                continue;
            }
            String name = "hook-" + i, url = null;
            List<String> on = null, command = null;
            Long timeout = 10_000L, repeat = 60_000L;
            boolean good = true;
            for (SrcNode.Member m : o.members().values()) {
                String mf = field + "." + m.key();
                switch (m.key()) {
                    case "name" -> name = Conv.NON_EMPTY.read(m.value(), mf, d);
                    case "on" -> {
                        on = Conv.WORDS.read(m.value(), mf, d);
                        if (on != null) {
                            for (String e : on) {
                                if (!HOOK_EVENTS.contains(e)) {
                                    d.at(m.value(), mf, "unknown event '" + e + "' (known: " + String.join(", ", HOOK_EVENTS) + ")");
                                    good = false;
                                }
                            }
                        }
                    }
                    case "command" -> {
                        if (m.value() instanceof SrcNode.Val v && v.value() instanceof String s && !s.isBlank()) {
                            command = List.of("/bin/sh", "-c", s);
                        } else {
                            command = Conv.WORDS.read(m.value(), mf, d);
                        }
                    }
                    case "url" -> {
                        url = Conv.NON_EMPTY.read(m.value(), mf, d);
                        if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
                            d.at(m.value(), mf, "http:// or https://, got '" + url + "'");
                            good = false;
                        }
                    }
                    case "timeout_ms" -> timeout = Conv.DURATION_MS.read(m.value(), mf, d);
                    case "repeat_ms" -> repeat = Conv.DURATION_MS.read(m.value(), mf, d);
                    default -> {
                        d.atKey(m, mf, "unknown key '" + m.key() + "'" + hint(m.key(), HOOK_KEYS));
                        good = false;
                    }
                }
            }
            if (on == null || on.isEmpty()) {
                if (!o.members().containsKey("on")) d.at(it, field, "a hook needs \"on\": the events it listens to");
                good = false;
            }
            if ((command == null) == (url == null)) {
                d.at(it, field, "a hook needs exactly one of \"command\" and \"url\"");
                good = false;
            }
            if (name == null || timeout == null || repeat == null || !good) {
                ok = false;
                continue;
            }
            out.add(new jmon.api.HookSpec(name, on, command, url, Math.max(1, timeout), repeat));
        }
        return ok ? out : null;
    };

    /** watchdog_sec: seconds, fractions allowed. */
    static final Conv<Long> SECONDS = (n, f, d) -> {
        if (n instanceof SrcNode.Val v && v.value() instanceof BigDecimal num && num.signum() > 0) {
            BigDecimal ms = num.multiply(BigDecimal.valueOf(1000));
            if (ms.compareTo(BigDecimal.valueOf(Limits.MAX_DURATION_MS)) > 0) { // before longValue(): no overflow to "off"
                d.at(n, f, "is too large: at most " + Limits.MAX_DURATION_MS / 1000 + " seconds (24 h), got "
                        + Conv.shortNumber(num));
                return null;
            }
            return Math.max(1, ms.longValue());
        }
        return Conv.wrong(n, f, d, "a number of seconds greater than 0");
    };
}
