package jmon.cli.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.ErrorCode;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;
import jmon.api.Selector;
import jmon.cli.Context;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.spec.EcosystemLoader;

/**
 * PM2's target forms, turned into jmon selectors on the client: an ecosystem file (its apps), a script path (the
 * apps that run it), {@code /regex/} (names it matches), and a namespace (every app in it, when no app has that
 * name). Names, ids, globs and {@code all} go to the daemon as they are. jmon's namespace rules still hold: what
 * a file, a path or a regex picks in several namespaces with no {@code -n} needs {@code --all-namespaces}.
 */
final class Targets {
    private Targets() {}

    /** True when the target needs the client to expand it (a file on disk, a script path, a regex). */
    static boolean special(Context ctx, String t) {
        return isRegex(t) || t.indexOf('/') >= 0 || Files.isRegularFile(ctx.cwd().resolve(t));
    }

    static boolean isRegex(String t) { return t.length() > 2 && t.charAt(0) == '/' && t.charAt(t.length() - 1) == '/'; }

    /**
     * Runs {@code action} on the selectors these targets stand for and merges the results; a plain name that is no
     * app but is a namespace acts on the whole namespace (PM2's {@code pm2 stop <namespace>}).
     */
    static ActionResult act(Context ctx, Parsed p, JmonApi api, boolean includeProtected,
                            Function<Selector, ActionResult> action) {
        String ns = ctx.namespace(p);
        boolean allNs = p.has("all-namespaces");
        List<String> plain = new ArrayList<>();
        List<Selector> sels = new ArrayList<>();
        List<ProcessInfo> listed = null;
        for (String t : p.positional()) {
            if (!special(ctx, t)) {
                plain.add(t);
                continue;
            }
            if (listed == null) listed = api.list(ns);
            sels.addAll(expand(ctx, p, t, ns, allNs, listed));
        }
        List<ProcessInfo> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!plain.isEmpty()) {
            Selector s = new Selector(ns, plain, allNs, includeProtected);
            try {
                merge(action.apply(s), out, notes);
            } catch (JmonException e) {
                if (e.code() != ErrorCode.NOT_FOUND || ns != null || plain.size() != 1) throw e;
                // pm2 stop <namespace>: the name of no app, the name of a namespace
                String asNs = plain.get(0);
                if (api.list(asNs).isEmpty()) throw e;
                notes.add("'" + asNs + "' is a namespace: acting on every app in it");
                merge(action.apply(new Selector(asNs, List.of("all"), false, includeProtected)), out, notes);
            }
        }
        for (Selector s : sels) {
            merge(action.apply(new Selector(s.namespace(), s.targets(), allNs, includeProtected)), out, notes);
        }
        return new ActionResult(out, notes);
    }

    private static void merge(ActionResult r, List<ProcessInfo> out, List<String> notes) {
        out.addAll(r.processes());
        notes.addAll(r.notes());
    }

    /** One selector per namespace for the apps a file, a script path or a regex stands for. */
    private static List<Selector> expand(Context ctx, Parsed p, String t, String ns, boolean allNs,
                                         List<ProcessInfo> listed) {
        Map<String, Set<String>> byNs = new LinkedHashMap<>();
        Path file = ctx.cwd().resolve(t);
        if (isRegex(t)) {
            Pattern re;
            try {
                re = Pattern.compile(t.substring(1, t.length() - 1));
            } catch (PatternSyntaxException e) {
                throw new UsageException("bad regex " + t + ": " + e.getDescription());
            }
            for (ProcessInfo x : listed) if (re.matcher(x.name()).find()) add(byNs, x.namespace(), x.name());
            if (byNs.isEmpty()) throw new JmonException(ErrorCode.NOT_FOUND, "no process matches " + t);
        } else if (Files.isRegularFile(file) && EcosystemLoader.isEcosystemFile(t)) {
            List<AppSpec> apps = StartCommand.load(ctx, p, file, ns);
            if (apps == null) throw new JmonException(ErrorCode.BAD_REQUEST, "problems in " + t + "; nothing was done");
            for (AppSpec a : apps) add(byNs, a.namespace(), a.name());
        } else {
            String script = file.toAbsolutePath().normalize().toString();
            for (ProcessInfo x : listed) {
                if (x.spec() != null && script.equals(scriptPath(x.spec()))) add(byNs, x.namespace(), x.name());
            }
            if (byNs.isEmpty()) throw new JmonException(ErrorCode.NOT_FOUND, "no process runs " + script);
        }
        if (ns == null && byNs.size() > 1 && !allNs) {
            throw new JmonException(ErrorCode.REFUSED, t + " picks apps in " + byNs.size() + " namespaces ("
                    + String.join(", ", new TreeSet<>(byNs.keySet())) + "); use --namespace NS, or --all-namespaces");
        }
        List<Selector> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : byNs.entrySet()) {
            out.add(new Selector(e.getKey(), new ArrayList<>(e.getValue()), allNs, false));
        }
        return out;
    }

    private static String scriptPath(AppSpec s) {
        String sc = s.script();
        if (sc == null) return null;
        Path sp = Path.of(sc);
        if (!sp.isAbsolute() && s.cwd() != null) sp = Path.of(s.cwd()).resolve(sp);
        return sp.toAbsolutePath().normalize().toString();
    }

    private static void add(Map<String, Set<String>> byNs, String ns, String name) {
        byNs.computeIfAbsent(ns, k -> new LinkedHashSet<>()).add(name);
    }
}
