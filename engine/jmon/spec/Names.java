package jmon.spec;

import java.util.regex.Pattern;

/**
 * What app names and namespaces may look like. Names are typed in selectors (a pm_id, "all", a glob), and
 * namespaces become file names (dump-&lt;ns&gt;.json, logs/&lt;ns&gt;/), so ambiguous or path-like values are refused.
 */
final class Names {
    private Names() {}

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Why {@code name} cannot be an app name, or null when it can. */
    static String appNameProblem(String name) {
        if (name.isBlank()) return "app name must not be empty";
        if (name.equals("all")) return "'all' cannot be an app name: it selects every app";
        if (name.chars().allMatch(Character::isDigit)) return "app name '" + name + "' would be mistaken for a pm_id";
        for (char c : name.toCharArray()) {
            if (c == '/' || c == '*' || c == '?' || c == '[' || c == ']' || Character.isWhitespace(c)
                    || Character.isISOControl(c)) {
                return "app name '" + name + "' must not contain '/', '*', '?', '[', ']' or spaces";
            }
        }
        return null;
    }

    /** Why {@code ns} cannot be a namespace, or null when it can. */
    static String namespaceProblem(String ns) {
        if (NAMESPACE.matcher(ns).matches()) return null;
        return "namespace '" + ns + "' must be letters, digits, '.', '_' or '-' (starting with a letter or digit)";
    }
}
