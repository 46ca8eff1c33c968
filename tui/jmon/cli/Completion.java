package jmon.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jmon.api.ProcessInfo;

/**
 * What can come next on a command line, read from the command table: verbs, each verb's flags (its
 * {@link Opt}s), process names (scoped by the line's {@code --namespace} or the caller's scope) and
 * namespaces. One logic for the shell's Tab and for {@code jmon __complete}; candidates are not filtered by
 * the word being typed (the shell and bash's compgen do that).
 */
public final class Completion {
    private Completion() {}

    /** Processes as the live daemon lists them; empty when no daemon runs (never start one to complete). */
    @FunctionalInterface
    public interface Source {
        List<ProcessInfo> list(String namespace);
    }

    /** A source over a context: the daemon only when it already answers. */
    public static Source of(Context ctx) {
        return ns -> {
            try {
                return ctx.daemonReachable() ? ctx.api().list(ns) : List.of();
            } catch (RuntimeException e) {
                return List.of();
            }
        };
    }

    public static List<String> verbs(List<Command> commands) {
        List<String> out = new ArrayList<>();
        for (Command c : commands) {
            if (c.hidden()) continue;
            out.add(c.name());
            out.addAll(c.aliases());
        }
        return out;
    }

    public static Command find(List<Command> commands, String verb) {
        for (Command c : commands) if (c.name().equals(verb) || c.aliases().contains(verb)) return c;
        return null;
    }

    public static List<String> flags(Command c) {
        List<String> out = new ArrayList<>();
        for (Opt o : c.options()) out.addAll(o.names());
        out.addAll(Opt.HELP.names());
        return out;
    }

    /** True when the command's positional arguments are process names. */
    public static boolean takesNames(Command c) { return c.arguments().contains("name"); }

    public static List<String> names(Source src, String namespace) {
        Set<String> out = new TreeSet<>();
        for (ProcessInfo p : src.list(namespace)) out.add(p.name());
        return new ArrayList<>(out);
    }

    public static List<String> namespaces(Source src) {
        Set<String> out = new TreeSet<>();
        for (ProcessInfo p : src.list(null)) out.add(p.namespace());
        return new ArrayList<>(out);
    }

    /** The namespace a line names with -n/--namespace, else {@code scope}. */
    public static String namespaceOf(List<String> words, String scope) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if ((w.equals("-n") || w.equals("--namespace")) && i + 1 < words.size()) return words.get(i + 1);
            if (w.startsWith("--namespace=")) return w.substring("--namespace=".length());
        }
        return scope;
    }

    /**
     * @param before  the words before the one being completed, the verb first (no "jmon")
     * @param current the word being completed (possibly empty)
     * @param scope   the caller's namespace (null = every namespace)
     */
    public static List<String> candidates(List<Command> commands, List<String> before, String current, String scope,
                                          Source src) {
        if (before.isEmpty()) return verbs(commands);
        Command c = find(commands, before.get(0));
        if (c == null) return List.of();
        String prev = before.get(before.size() - 1);
        for (Opt o : c.options()) {
            if (o.takesValue() && o.names().contains(prev) && before.size() > 1) {
                return o.key().equals("namespace") ? namespaces(src) : List.of();
            }
        }
        if (current.startsWith("-")) return flags(c);
        if (!takesNames(c)) return List.of();
        Set<String> out = new LinkedHashSet<>(names(src, namespaceOf(before, scope)));
        if (c.arguments().contains("all")) out.add("all");
        return new ArrayList<>(out);
    }
}
