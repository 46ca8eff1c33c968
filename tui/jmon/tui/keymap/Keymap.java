package jmon.tui.keymap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded keymap: per context, canonical key → action, plus keys that run a command line. Lookup is the
 * focused context first, then {@code global}. Immutable.
 */
public final class Keymap {
    /** The contexts a keymap may name. */
    public static final List<String> CONTEXTS = List.of("global", "processes", "logs", "details", "wizard");

    /** A key that runs a CLI command line (as the {@code :} bar would). */
    public record CommandBinding(String context, String key, String run, String label) {}

    /** What a key does: an action or a command, never both. */
    public record Binding(Action action, CommandBinding command) {}

    private final String name;
    private final String source;
    private final Map<String, Map<String, Action>> byContext; // context -> key -> action (insertion order)
    private final List<CommandBinding> commands;

    Keymap(String name, String source, Map<String, Map<String, Action>> byContext, List<CommandBinding> commands) {
        this.name = name;
        this.source = source;
        Map<String, Map<String, Action>> copy = new LinkedHashMap<>();
        for (String c : CONTEXTS) copy.put(c, Collections.unmodifiableMap(new LinkedHashMap<>(byContext.getOrDefault(c, Map.of()))));
        this.byContext = Collections.unmodifiableMap(copy);
        this.commands = List.copyOf(commands);
    }

    public String name() { return name; }
    /** Where it came from (bundled resource or file path), for messages. */
    public String source() { return source; }
    public List<CommandBinding> commands() { return commands; }

    /** Key → action of one context alone (no fallback). */
    public Map<String, Action> context(String context) { return byContext.getOrDefault(context, Map.of()); }

    public Binding lookup(String context, String key) {
        for (CommandBinding c : commands) if (c.context().equals(context) && c.key().equals(key)) return new Binding(null, c);
        Action a = context(context).get(key);
        if (a != null) return new Binding(a, null);
        for (CommandBinding c : commands) if (c.context().equals("global") && c.key().equals(key)) return new Binding(null, c);
        a = context("global").get(key);
        return a == null ? null : new Binding(a, null);
    }

    public Action action(String context, String key) {
        Binding b = lookup(context, key);
        return b == null ? null : b.action();
    }

    /** The keys that trigger {@code a} in {@code context} (its own bindings, else global's), in file order. */
    public List<String> keysFor(String context, Action a) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Action> e : context(context).entrySet()) if (e.getValue() == a) out.add(e.getKey());
        if (out.isEmpty() && !context.equals("global")) {
            for (Map.Entry<String, Action> e : context("global").entrySet()) {
                if (e.getValue() == a && !context(context).containsKey(e.getKey())) out.add(e.getKey());
            }
        }
        return out;
    }

    /** The first key for {@code a} as a short label, or null when unbound. */
    public String label(String context, Action a) {
        List<String> k = keysFor(context, a);
        return k.isEmpty() ? null : Keys.label(k.get(0));
    }

    /** Every action bound somewhere. */
    public java.util.Set<Action> boundActions() {
        java.util.EnumSet<Action> s = java.util.EnumSet.noneOf(Action.class);
        for (Map<String, Action> m : byContext.values()) s.addAll(m.values());
        return s;
    }

    /** The same keymap without actions that change anything, and without commands (read-only mode). */
    public Keymap readOnly() {
        Map<String, Map<String, Action>> m = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Action>> e : byContext.entrySet()) {
            Map<String, Action> keep = new LinkedHashMap<>();
            e.getValue().forEach((k, a) -> {
                if (!a.mutating()) keep.put(k, a);
            });
            m.put(e.getKey(), keep);
        }
        return new Keymap(name, source, m, List.of());
    }
}
