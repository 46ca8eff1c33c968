package jmon.engine;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jmon.api.ErrorCode;
import jmon.api.JmonException;
import jmon.api.Selector;
import jmon.api.Verb;
import jmon.engine.supervise.ManagedProcess;

/**
 * Turns a selector into processes, with jmon's safety rules: scoped by namespace, an ambiguous name is an
 * error listing the candidates, a bulk action across namespaces needs explicit consent, protected apps are
 * left out of bulk actions unless included.
 */
public final class TargetResolver {
    /** The processes chosen, and notes for the operator (what was skipped and why). */
    public record Resolution(List<ManagedProcess> processes, List<String> notes) {}

    private TargetResolver() {}

    public static boolean isGlob(String t) {
        return t.indexOf('*') >= 0 || t.indexOf('?') >= 0 || t.indexOf('[') >= 0;
    }

    public static Resolution resolve(List<ManagedProcess> all, Selector sel, Verb verb) {
        return resolve(all, sel, verb, false);
    }

    /**
     * @param readOnly reading (logs) may cross namespaces and take no target ("everything in scope")
     */
    public static Resolution resolve(List<ManagedProcess> all, Selector sel, Verb verb, boolean readOnly) {
        Selector s = readOnly && sel.targets().isEmpty() ? new Selector(sel.namespace(), List.of("all"), true, true) : sel;
        return doResolve(all, s, verb, readOnly);
    }

    private static Resolution doResolve(List<ManagedProcess> all, Selector sel, Verb verb, boolean readOnly) {
        if (sel.targets().isEmpty()) {
            throw new JmonException(ErrorCode.BAD_REQUEST, "no target given: name a process, an id, a glob or 'all'");
        }
        List<ManagedProcess> scope = sel.namespace() == null ? all
                : all.stream().filter(p -> p.namespace().equals(sel.namespace())).toList();
        LinkedHashSet<ManagedProcess> chosen = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        boolean bulk = false;
        for (String t : sel.targets()) {
            if (t.equals("all")) {
                bulk = true;
                if (scope.isEmpty() && !readOnly) notes.add(sel.namespace() == null ? "no processes"
                        : "no processes in namespace " + sel.namespace());
                chosen.addAll(scope);
            } else if (t.chars().allMatch(Character::isDigit)) {
                int id = Integer.parseInt(t);
                ManagedProcess p = scope.stream().filter(x -> x.pmId() == id).findFirst()
                        .orElseThrow(() -> notFound("no process with id " + t, sel, scope));
                chosen.add(p);
            } else if (isGlob(t)) {
                bulk = true;
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + t);
                List<ManagedProcess> hit = scope.stream().filter(p -> m.matches(Path.of(p.name()))).toList();
                if (hit.isEmpty()) throw notFound("no process matches '" + t + "'", sel, scope);
                chosen.addAll(hit);
            } else {
                List<ManagedProcess> hit = scope.stream().filter(p -> p.name().equals(t)).toList();
                if (hit.isEmpty()) throw notFound("no process named '" + t + "'", sel, scope);
                Set<String> nss = new TreeSet<>();
                hit.forEach(p -> nss.add(p.namespace()));
                if (nss.size() > 1) {
                    throw new JmonException(ErrorCode.AMBIGUOUS, "'" + t + "' exists in several namespaces: "
                            + String.join(", ", nss.stream().map(ns -> ns + "/" + t).toList())
                            + "; choose one with --namespace");
                }
                chosen.addAll(hit);
            }
        }
        if (bulk) {
            Set<String> nss = new TreeSet<>();
            chosen.forEach(p -> nss.add(p.namespace()));
            boolean destructive = verb != Verb.START && !readOnly;
            if (sel.namespace() == null && nss.size() > 1 && destructive && !sel.allNamespaces()) {
                StringBuilder sb = new StringBuilder(verb.wire() + " across " + nss.size()
                        + " namespaces refused; it would touch:\n");
                for (String ns : nss) {
                    sb.append("  ").append(ns).append(": ").append(String.join(", ", chosen.stream()
                            .filter(p -> p.namespace().equals(ns)).map(ManagedProcess::name).distinct().toList()))
                            .append('\n');
                }
                sb.append("use --namespace NS for one namespace, or --all-namespaces to act on all of them");
                throw new JmonException(ErrorCode.REFUSED, sb.toString());
            }
            if (!sel.includeProtected() && !readOnly) {
                List<ManagedProcess> prot = chosen.stream().filter(p -> p.spec().isProtected()).toList();
                if (!prot.isEmpty()) {
                    chosen.removeAll(prot);
                    notes.add("skipped protected: " + String.join(", ", prot.stream()
                            .map(p -> p.namespace() + "/" + p.name()).distinct().toList())
                            + " (use --include-protected)");
                }
            }
        }
        return new Resolution(new ArrayList<>(chosen), notes);
    }

    private static JmonException notFound(String what, Selector sel, List<ManagedProcess> scope) {
        TreeSet<String> names = new TreeSet<>();
        scope.forEach(p -> names.add(sel.namespace() == null ? p.namespace() + "/" + p.name() : p.name()));
        String where = sel.namespace() == null ? "" : " in namespace " + sel.namespace();
        String known = names.isEmpty() ? "there are no processes" + where
                : "processes" + where + ": " + String.join(", ", names);
        return new JmonException(ErrorCode.NOT_FOUND, what + where + "; " + known);
    }
}
