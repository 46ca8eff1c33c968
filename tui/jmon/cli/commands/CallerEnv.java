package jmon.cli.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jmon.api.AppSpec;
import jmon.api.JmonApi;
import jmon.api.ProcessInfo;
import jmon.api.Selector;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.UsageException;

/**
 * The caller's environment, for apps that opted in to it: {@code env_from_caller: true} in their file, or PM2's
 * {@code --update-env} on start, restart, reload, startOrRestart and startOrReload. Sent with the app's spec
 * (validated like its env, never written to the audit log); without the opt-in an app gets the daemon's small
 * base environment and its declared env only.
 */
final class CallerEnv {
    static final Opt UPDATE_ENV = Opt.flag("run the apps with this shell's environment (under their declared env)",
            "--update-env");

    private CallerEnv() {}

    /** This command's environment, less jmon's own variables (JMON_HOST, JMON_TIMEOUT, …). */
    static Map<String, String> of(Context ctx) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : ctx.env().entrySet()) {
            if (e.getKey() != null && e.getValue() != null && !e.getKey().startsWith("JMON_")) out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** {@code apps} with the caller's environment given to those that opted in, or to all with {@code --update-env}. */
    static List<AppSpec> apply(Context ctx, List<AppSpec> apps, boolean updateEnv) {
        Map<String, String> env = null;
        List<AppSpec> out = new ArrayList<>(apps.size());
        for (AppSpec a : apps) {
            if (updateEnv || a.envFromCaller()) {
                if (env == null) env = of(ctx);
                out.add(a.withCallerEnv(env));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * {@code restart|reload|start <targets> --update-env}: the selected apps' specs with this environment,
     * restarted through startOrRestart (which replaces a running app's spec). The targets are matched like the
     * daemon matches them: names, pm_ids, globs and {@code all}, protected apps only by name or with
     * {@code --include-protected}, one namespace unless {@code --all-namespaces}.
     */
    static List<AppSpec> selected(Context ctx, JmonApi api, Selector sel) {
        Map<String, AppSpec> apps = new LinkedHashMap<>();
        java.util.Set<String> namespaces = new java.util.TreeSet<>();
        for (ProcessInfo p : api.list(sel.namespace())) {
            if (p.spec() == null) continue;
            boolean hit = false;
            for (String t : sel.targets()) {
                boolean byName = t.equals(p.name()) || t.equals(Integer.toString(p.pmId()));
                boolean bulk = t.equals("all") || (isGlob(t) && glob(t).matcher(p.name()).matches());
                if (byName || (bulk && (!p.spec().isProtected() || sel.includeProtected()))) hit = true;
            }
            if (!hit) continue;
            apps.putIfAbsent(p.namespace() + "/" + p.name(), p.spec());
            namespaces.add(p.namespace());
        }
        if (apps.isEmpty()) throw new UsageException("no process matches " + String.join(" ", sel.targets()));
        if (sel.namespace() == null && namespaces.size() > 1 && !sel.allNamespaces()) {
            throw new UsageException("the targets match apps in " + namespaces.size() + " namespaces ("
                    + String.join(", ", namespaces) + "); give -n NS or --all-namespaces");
        }
        return apply(ctx, new ArrayList<>(apps.values()), true);
    }

    private static boolean isGlob(String t) {
        return t.indexOf('*') >= 0 || t.indexOf('?') >= 0 || t.indexOf('[') >= 0;
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> re.append('[');
                case ']' -> re.append(']');
                case '!' -> re.append(i > 0 && g.charAt(i - 1) == '[' ? "^" : "!");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
