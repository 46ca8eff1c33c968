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

    static void check(Command c, Parsed p, Map<String, String> env, java.nio.file.Path cwd) {
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
            // PM2's target forms that the client expands: a /regex/ and a file that exists (an ecosystem file, a script)
            List<String> targets = new java.util.ArrayList<>();
            for (String t : p.positional()) targets.add(pm2Form(t, cwd) ? "x" : t);
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

    private static boolean pm2Form(String t, java.nio.file.Path cwd) {
        if (t.length() > 2 && t.charAt(0) == '/' && t.charAt(t.length() - 1) == '/') return true;
        if (t.indexOf('/') < 0) return false;
        try {
            return java.nio.file.Files.isRegularFile(cwd.resolve(t));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }
}
