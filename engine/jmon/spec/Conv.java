package jmon.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one attribute value into a Java value, or reports why it cannot and returns null. Each converter is the
 * "type" column of the key table in {@link AppKeys}, so messages about types are worded the same everywhere.
 */
@FunctionalInterface
interface Conv<T> {
    T read(SrcNode node, String field, Diag diag);

    Conv<String> STRING = (n, f, d) -> {
        if (n instanceof SrcNode.Val v && v.value() instanceof String s) return s;
        return wrong(n, f, d, "a string");
    };

    /** A string that must not be empty: an empty path or name is never what was meant. */
    Conv<String> NON_EMPTY = (n, f, d) -> {
        String s = STRING.read(n, f, d);
        if (s != null && s.isBlank()) {
            d.at(n, f, "must not be empty");
            return null;
        }
        return s;
    };

    Conv<Boolean> BOOL = (n, f, d) -> {
        if (n instanceof SrcNode.Val v && v.value() instanceof Boolean b) return b;
        return wrong(n, f, d, "a boolean (true or false)");
    };

    /**
     * A number, or a string holding one: PM2's config check parses a numeric string for every number attribute
     * ({@code "instances": "2"}, {@code "kill_timeout": "3000"}), and its own fixtures are written that way.
     */
    static BigDecimal number(SrcNode n) {
        if (!(n instanceof SrcNode.Val v)) return null;
        if (v.value() instanceof BigDecimal num) return num;
        if (v.value() instanceof String s) {
            String t = s.trim();
            if (t.isEmpty() || t.length() > 40) return null;
            char c = t.charAt(0);
            if (!(c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9')) return null;
            try {
                return new BigDecimal(t);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A whole number no smaller than {@code min}; a numeric string counts (see {@link #number}). */
    static Conv<Long> integer(long min) {
        return (n, f, d) -> {
            BigDecimal num = number(n);
            if (num == null) return wrong(n, f, d, "a number");
            long value;
            try {
                value = num.longValueExact();
            } catch (ArithmeticException e) {
                d.at(n, f, num.stripTrailingZeros().scale() <= 0 ? "is too large: " + shortNumber(num)
                        : "expected a whole number, got number " + shortNumber(num));
                return null;
            }
            if (value < min) {
                d.at(n, f, "must be " + (min == 0 ? "0 or more" : "at least " + min) + ", got " + value);
                return null;
            }
            if (value > Integer.MAX_VALUE) {
                d.at(n, f, "is too large: " + value);
                return null;
            }
            return value;
        };
    }

    Conv<Integer> NON_NEGATIVE_INT = (n, f, d) -> toInt(integer(0).read(n, f, d));

    Conv<Long> MILLIS = integer(0);

    Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    /** Milliseconds as a number, or PM2's human form: "500ms", "2s", "1m", "1h". */
    Conv<Long> DURATION_MS = (n, f, d) -> {
        if (n instanceof SrcNode.Val v && v.value() instanceof String s) {
            Matcher m = DURATION.matcher(s.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                d.at(n, f, "expected milliseconds or a duration like \"500ms\", \"2s\", \"1m\", \"1h\", got "
                        + SrcNode.describe(n));
                return null;
            }
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                d.at(n, f, "is too large: " + s);
                return null;
            }
            String unit = m.group(2) == null ? "ms" : m.group(2);
            long factor = switch (unit) { case "s" -> 1000L; case "m" -> 60_000L; case "h" -> 3_600_000L; default -> 1L; };
            try {
                return Math.multiplyExact(amount, factor); // an overflow must be an error, never a wrapped value
            } catch (ArithmeticException e) {
                d.at(n, f, "is too large: " + s);
                return null;
            }
        }
        if (n instanceof SrcNode.Val v && v.isNumber()) return MILLIS.read(n, f, d);
        return wrong(n, f, d, "milliseconds or a duration string");
    };

    /** PM2 accepts a shell-like string ("-a 13 -b 12") or an array of strings. */
    Conv<List<String>> WORDS = (n, f, d) -> {
        if (n instanceof SrcNode.Val v && v.value() instanceof String s) {
            try {
                return ShellWords.split(s);
            } catch (IllegalArgumentException e) {
                d.at(n, f, e.getMessage());
                return null;
            }
        }
        if (n instanceof SrcNode.Arr a) {
            List<String> out = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < a.items().size(); i++) {
                SrcNode item = a.items().get(i);
                // numbers are fine as arguments: ["--port", 8080] is a common way to write it
                if (item instanceof SrcNode.Val v && (v.isString() || v.isNumber() || v.isBoolean())) {
                    out.add(scalarText(v));
                } else {
                    wrong(item, f + "[" + i + "]", d, "a string");
                    ok = false;
                }
            }
            return ok ? out : null;
        }
        return wrong(n, f, d, "a string or an array of strings");
    };

    /** ignore_watch: globs (one string is split as PM2 splits it), each checked where it was written. */
    Conv<List<String>> GLOBS = (n, f, d) -> {
        List<String> globs = WORDS.read(n, f, d);
        if (globs == null) return null;
        boolean ok = true;
        for (int i = 0; i < globs.size(); i++) {
            String bad = jmon.engine.watch.WatchGlob.problem(globs.get(i));
            if (bad == null) continue;
            SrcNode at = n instanceof SrcNode.Arr a && i < a.items().size() ? a.items().get(i) : n;
            d.at(at, n instanceof SrcNode.Arr ? f + "[" + i + "]" : f, "\"" + globs.get(i) + "\": " + bad);
            ok = false;
        }
        return ok ? globs : null;
    };

    /** Environment block: values are strings, numbers or booleans (made strings); nesting is an error. */
    Conv<Map<String, String>> ENV = (n, f, d) -> {
        if (!(n instanceof SrcNode.Obj o)) return wrong(n, f, d, "an object");
        Map<String, String> env = new LinkedHashMap<>();
        boolean ok = true;
        for (SrcNode.Member m : o.members().values()) {
            String field = f + "." + m.key();
            if (m.key().isEmpty() || m.key().indexOf('=') >= 0 || m.key().indexOf('\0') >= 0) {
                d.atKey(m, field, "is not a valid environment variable name");
                ok = false;
            } else if (m.value() instanceof SrcNode.Val v && (v.isString() || v.isNumber() || v.isBoolean())) {
                env.put(m.key(), scalarText(v));
            } else {
                wrong(m.value(), field, d, "a string, number or boolean");
                ok = false;
            }
        }
        return ok ? env : null;
    };

    /** One exit code or a list of them. */
    Conv<List<Integer>> EXIT_CODES = (n, f, d) -> {
        Conv<Long> code = integer(0);
        if (n instanceof SrcNode.Val && number(n) != null) {
            Long c = code.read(n, f, d);
            return c == null ? null : checkExitCode(n, f, d, c) ? List.of(c.intValue()) : null;
        }
        if (n instanceof SrcNode.Arr a) {
            List<Integer> out = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < a.items().size(); i++) {
                SrcNode item = a.items().get(i);
                String field = f + "[" + i + "]";
                Long c = code.read(item, field, d);
                if (c != null && checkExitCode(item, field, d, c)) out.add(c.intValue());
                else ok = false;
            }
            return ok ? out : null;
        }
        return wrong(n, f, d, "an exit code or an array of exit codes");
    };

    /**
     * PM2's {@code instances}: a count (a number or a numeric string), {@code "max"} or 0 for one per CPU core, and
     * a negative -N for all cores but N (PM2's God.js: {@code instances += cpus}), at least one.
     */
    Conv<Integer> INSTANCES = (n, f, d) -> {
        if (n instanceof SrcNode.Val v && v.value() instanceof String s && s.trim().equalsIgnoreCase("max")) return cpus();
        Long count = integer(Integer.MIN_VALUE).read(n, f, d);
        if (count == null) return null;
        return instancesFor(count, cpus());
    };

    /** What PM2 makes of an instances count on a machine with {@code cores} cores. */
    static int instancesFor(long count, int cores) {
        if (count > 0) return (int) count;
        long n = count == 0 ? cores : count + cores;
        return (int) Math.max(1, n);
    }

    Set<String> SIGNALS = Vocabulary.SIGNALS;

    /** Signal name with or without the SIG prefix, any case; normalised to "SIGxxx". */
    Conv<String> SIGNAL = (n, f, d) -> {
        String s = STRING.read(n, f, d);
        if (s == null) return null;
        String up = s.trim().toUpperCase(Locale.ROOT);
        String sig = up.startsWith("SIG") ? up : "SIG" + up;
        if (SIGNALS.contains(sig)) return sig;
        d.at(n, f, "unsupported signal \"" + s + "\": use one of SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, "
                + "SIGUSR2, SIGKILL");
        return null;
    };

    /** A string from a fixed set, e.g. exec_mode. */
    static Conv<String> oneOf(String... allowed) {
        return (n, f, d) -> {
            String s = STRING.read(n, f, d);
            if (s == null) return null;
            for (String a : allowed) if (a.equals(s)) return s;
            d.at(n, f, "must be one of " + String.join(", ", allowed) + ", got \"" + s + "\"");
            return null;
        };
    }

    static Integer toInt(Long l) { return l == null ? null : l.intValue(); }

    static int cpus() { return Math.max(1, Runtime.getRuntime().availableProcessors()); }

    static boolean checkExitCode(SrcNode n, String f, Diag d, long c) {
        if (c <= 255) return true;
        d.at(n, f, "an exit code is 0..255, got " + c);
        return false;
    }

    /** A number for a message: plain when short, scientific when it would run to hundreds of digits. */
    static String shortNumber(BigDecimal num) {
        String plain = num.toPlainString();
        return plain.length() <= 30 ? plain : num.toString();
    }

    static String scalarText(SrcNode.Val v) {
        return v.value() instanceof BigDecimal num ? num.toPlainString() : String.valueOf(v.value());
    }

    static <T> T wrong(SrcNode n, String field, Diag d, String expected) {
        d.at(n, field, "expected " + expected + ", got " + SrcNode.describe(n));
        return null;
    }

    /** A size in bytes: a number, or PM2's "200M", "1G", "512K". */
    Conv<Long> SIZE = (n, f, d) -> {
        if (n instanceof SrcNode.Val v && v.value() instanceof BigDecimal num) {
            if (num.signum() <= 0) {
                d.at(n, f, "must be more than 0, got " + num.toPlainString());
                return null;
            }
            // compared before converting: longValue() of 1.5e300 is 0, which would silently mean "off"
            if (num.compareTo(BigDecimal.valueOf(Limits.MAX_SIZE_BYTES)) > 0) {
                d.at(n, f, "is too large: at most " + Limits.MAX_SIZE_BYTES + " bytes (1 TiB), got " + shortNumber(num));
                return null;
            }
            return num.longValue();
        }
        if (n instanceof SrcNode.Val v && v.value() instanceof String s) {
            try {
                return jmon.engine.metrics.Sizes.parseBytes(s);
            } catch (IllegalArgumentException e) {
                d.at(n, f, e.getMessage());
                return null;
            }
        }
        return wrong(n, f, d, "a size like \"200M\" or a number of bytes");
    };

    /** A cron expression, checked now so a typo is an error at validation, not a silent no-op. */
    Conv<String> CRON = (n, f, d) -> {
        String s = NON_EMPTY.read(n, f, d);
        if (s == null) return null;
        try {
            jmon.engine.metrics.CronExpression.parse(s);
            return s;
        } catch (IllegalArgumentException e) {
            d.at(n, f, e.getMessage());
            return null;
        }
    };

    /** watch: true (the app's folder), false, or a list of paths (relative to cwd). Null result = off. */
    Conv<List<String>> WATCH = (n, f, d) -> {
        if (n instanceof SrcNode.Val v && v.value() instanceof Boolean b) return b ? List.of() : null;
        if (n instanceof SrcNode.Val v && v.value() instanceof String s && !s.isBlank()) return List.of(s);
        if (n instanceof SrcNode.Arr a) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.items().size(); i++) {
                String s = NON_EMPTY.read(a.items().get(i), f + "[" + i + "]", d);
                if (s == null) return null;
                out.add(s);
            }
            return out;
        }
        return wrong(n, f, d, "true, false, a path or a list of paths");
    };
}
