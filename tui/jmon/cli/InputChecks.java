package jmon.cli;

import java.util.List;
import java.util.Map;
import jmon.api.Selector;
import jmon.spec.RequestRules;

/**
 * The daemon's rules for names and namespaces, applied to a command line before any request is sent: a bad
 * {@code -n} is exit 2 naming the flag, whatever the verb, and nothing is asked of the daemon.
 */
final class InputChecks {
    private InputChecks() {}

    /** Verbs whose positional words are process selectors (names, pm_ids, all, globs). */
    private static boolean takesTargets(Command c) {
        String a = c.arguments();
        return a.startsWith("<name") || a.startsWith("[name") || a.contains(" <name|id|all|glob>");
    }

    /** By identity: a record's equals is bootstrapped through method handles, ~10 ms of a CLI's start. */
    private static boolean hasNamespaceOption(Command c) {
        for (Opt o : c.options()) if (o == Opt.NAMESPACE) return true;
        return false;
    }

    static void check(Command c, Parsed p, Map<String, String> env) {
        if (hasNamespaceOption(c)) {
            if (p.has("namespace")) RequestRules.checkNamespace("--namespace", p.get("namespace"));
            else {
                String fromEnv = env.get("JMON_NAMESPACE");
                if (fromEnv != null && !fromEnv.isBlank()) RequestRules.checkNamespace("JMON_NAMESPACE", fromEnv);
            }
        }
        // an empty --name would otherwise be dropped and the app named after its script
        if (p.has("name")) RequestRules.checkAppName("--name", p.get("name"));
        if (p.has("reason")) RequestRules.checkReason("--reason", p.get("reason"));
        if (p.has("to-namespace")) RequestRules.checkNamespace("--to-namespace", p.get("to-namespace"));
        if (takesTargets(c)) {
            // a word with '/' is a script path or a /regex/ (PM2's target forms), expanded by the client
            List<String> targets = new java.util.ArrayList<>();
            for (String t : p.positional()) targets.add(t.indexOf('/') >= 0 ? "x" : t);
            try {
                RequestRules.checkSelector(new Selector(null, targets, false, false));
            } catch (jmon.api.JmonException e) {
                // the same words, named as the operator typed them
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^selector\\.targets\\[(\\d+)]").matcher(e.getMessage());
                if (!m.find()) throw e;
                throw new jmon.api.JmonException(e.code(), "argument " + (Integer.parseInt(m.group(1)) + 1)
                        + e.getMessage().substring(m.end()));
            }
        }
    }
}
