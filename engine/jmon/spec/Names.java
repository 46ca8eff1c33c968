package jmon.spec;

/**
 * What app names, namespaces and selector targets may look like: one rule for the file loader, the CLI's flags
 * and the daemon's requests. Namespaces and names become file names ({@code dump-<ns>.json},
 * {@code logs/<ns>/<name>-out.log}), so only a safe set is allowed: ASCII letters, digits and {@code . _ - @ +},
 * 1 to {@value #MAX_LENGTH} characters, not {@code .} or {@code ..}, not starting with {@code -} (it would read as
 * a flag). With no {@code /} and no {@code .}/{@code ..} a value can never step out of the folder it is put in.
 * App names also must not be {@code all} or all digits (those select) and cannot hold glob characters.
 */
final class Names {
    private Names() {}

    static final int MAX_LENGTH = Limits.NAME_MAX_LENGTH;

    private static final String SAFE = "letters, digits, '.', '_', '-', '@' or '+'";

    /** Why {@code name} cannot be an app name, or null when it can. */
    static String appNameProblem(String name) {
        if (name == null) return "app name is missing";
        String common = safeProblem("app name", name);
        if (common != null) return common;
        if (name.equals("all")) return "'all' cannot be an app name: it selects every app";
        if (allDigits(name)) return "app name '" + name + "' would be mistaken for a pm_id";
        return null;
    }

    /** A loop, not a stream: the daemon checks every name of every request, and streams cost it classes. */
    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    /** Why {@code ns} cannot be a namespace, or null when it can. */
    static String namespaceProblem(String ns) {
        if (ns == null) return "namespace is missing";
        return safeProblem("namespace", ns);
    }

    /**
     * Why {@code target} cannot select processes, or null when it can: a name, a pm_id, {@code all}, or a glob
     * (the safe set plus {@code * ? [ ] !}).
     */
    static String targetProblem(String target) {
        if (target == null) return "target is missing";
        if (target.isEmpty()) return "target must not be empty";
        if (target.length() > MAX_LENGTH) return "target is " + target.length() + " characters long, at most " + MAX_LENGTH;
        if (target.equals(".") || target.equals("..")) return "target '" + target + "' is not a name";
        if (target.startsWith("-")) return "target '" + shown(target) + "' must not start with '-'";
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (!safe(c) && "*?[]!".indexOf(c) < 0) {
                return "target '" + shown(target) + "' has " + describe(c) + ": a target is a name, a pm_id, 'all' "
                        + "or a glob of " + SAFE + " and * ? [ ] !";
            }
        }
        return null;
    }

    private static String safeProblem(String what, String s) {
        if (s.isEmpty()) return what + " must not be empty";
        if (s.length() > MAX_LENGTH) {
            return what + " is " + s.length() + " characters long, at most " + MAX_LENGTH + " are allowed";
        }
        if (s.equals(".") || s.equals("..")) return what + " '" + s + "' is not allowed: it names a folder";
        if (s.startsWith("-")) return what + " '" + shown(s) + "' must not start with '-'";
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!safe(c)) return what + " '" + shown(s) + "' has " + describe(c) + ": use only " + SAFE;
        }
        return null;
    }

    static boolean safe(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "._-@+".indexOf(c) >= 0;
    }

    /** A character as an operator can read it, even a control or invisible one. */
    private static String describe(char c) {
        if (c == ' ') return "a space";
        if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
            return String.format("the control character U+%04X", (int) c);
        }
        return String.format("'%c' (U+%04X)", c, (int) c);
    }

    /** The value quoted in a message: control characters escaped, long values cut. */
    private static String shown(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.length() < s.length() ? b + "…" : b.toString();
    }
}
