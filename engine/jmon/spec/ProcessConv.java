package jmon.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import jmon.api.RestartKind;

/**
 * Converters of the keys that shape the process itself: the restart kind, the identity it runs as and its
 * limits. Kept apart from {@link Conv} so these keys are added to the table without touching the others.
 */
final class ProcessConv {
    private ProcessConv() {}

    /** PM2's boolean, or a kind: "always", "on-failure", "unless-stopped". */
    static final Conv<RestartKind> RESTART_KIND = (n, f, d) -> {
        if (n instanceof SrcNode.Val v && v.value() instanceof Boolean b) return b ? RestartKind.UNLESS_STOPPED : RestartKind.NEVER;
        if (n instanceof SrcNode.Val v && v.value() instanceof String s) {
            RestartKind k = s.equals("true") || s.equals("false") ? null : RestartKind.parse(s);
            if (k != null) return k;
        }
        return Conv.wrong(n, f, d, "true, false, \"always\", \"on-failure\" or \"unless-stopped\"");
    };

    /** A user or group: a name or a number (uid/gid 0 or more). */
    static final Conv<String> ID = (n, f, d) -> {
        if (n instanceof SrcNode.Val v && v.value() instanceof BigDecimal num) {
            Long id = Conv.integer(0).read(n, f, d);
            return id == null ? null : Long.toString(id);
        }
        if (n instanceof SrcNode.Val v && v.value() instanceof String s) {
            String problem = jmon.host.Accounts.nameProblem(s);
            if (problem == null) return s;
            d.at(n, f, problem);
            return null;
        }
        return Conv.wrong(n, f, d, "a user or group name, or a number");
    };

    /** Supplementary groups: one or a list of names or numbers (an empty list: none). */
    static final Conv<List<String>> IDS = (n, f, d) -> {
        if (n instanceof SrcNode.Arr a) {
            List<String> out = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < a.items().size(); i++) {
                String g = ID.read(a.items().get(i), f + "[" + i + "]", d);
                if (g == null) ok = false;
                else out.add(g);
            }
            return ok ? out : null;
        }
        String one = ID.read(n, f, d);
        return one == null ? null : List.of(one);
    };

    /** A umask in octal, as a string: "022", "0027". */
    static final Conv<Integer> UMASK = (n, f, d) -> {
        if (n instanceof SrcNode.Val v && v.value() instanceof String s) {
            Integer m = octal(s);
            if (m != null) return m;
        }
        return Conv.wrong(n, f, d, "an octal umask in a string, like \"022\" or \"0027\"");
    };

    /** A CPU quota in percent of one CPU: "50%", "200%", or a number of percent. */
    static final Conv<Integer> PERCENT = (n, f, d) -> {
        SrcNode.Val num = null;
        if (n instanceof SrcNode.Val v && v.value() instanceof String s && s.endsWith("%")) {
            try {
                long p = Long.parseLong(s.substring(0, s.length() - 1).trim());
                if (p >= 1 && p <= 100_000) return (int) p;
            } catch (NumberFormatException e) {
                // reported below
            }
        } else if (n instanceof SrcNode.Val v && v.isNumber()) {
            Long p = Conv.integer(1).read(n, f, d);
            return p == null ? null : (int) Math.min(p, Integer.MAX_VALUE);
        }
        return Conv.wrong(n, f, d, "a percentage of one CPU like \"50%\" or \"200%\"");
    };

    /** A whole number between {@code min} and {@code max}. */
    static Conv<Integer> between(int min, int max) {
        return (n, f, d) -> {
            if (!(n instanceof SrcNode.Val v && v.value() instanceof BigDecimal num)) return Conv.wrong(n, f, d, "a number");
            long value;
            try {
                value = num.longValueExact();
            } catch (ArithmeticException e) {
                d.at(n, f, "expected a whole number between " + min + " and " + max + ", got " + Conv.shortNumber(num));
                return null;
            }
            if (value < min || value > max) {
                d.at(n, f, "must be between " + min + " and " + max + ", got " + value);
                return null;
            }
            return (int) value;
        };
    }

    static Integer octal(String s) {
        if (s.isEmpty() || s.length() > 4) return null;
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') return null;
            v = v * 8 + (c - '0');
        }
        return v <= 0777 ? v : null;
    }
}
