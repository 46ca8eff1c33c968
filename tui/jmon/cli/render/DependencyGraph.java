package jmon.cli.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jmon.api.Dependency;
import jmon.api.ProcessInfo;

/**
 * The depends_on graph of the managed apps (one node per app, its instances merged), for {@code jmon graph}
 * and {@code describe}: what an app depends on (condition, bond), what depends on it, as a tree or Graphviz dot.
 */
public final class DependencyGraph {
    /** One app: its status (the first instance's) and its dependencies as declared. */
    private record Node(String key, String status, List<Dependency> deps, String ns) {}

    private final Map<String, Node> nodes = new TreeMap<>();

    public DependencyGraph(List<ProcessInfo> all) {
        for (ProcessInfo p : all) {
            String key = p.namespace() + "/" + p.name();
            if (nodes.containsKey(key)) continue;
            List<Dependency> deps = p.spec() == null ? List.of() : p.spec().health().dependsOn();
            nodes.put(key, new Node(key, p.status() == null ? "?" : p.status().wire(), deps, p.namespace()));
        }
    }

    private static String target(Node from, Dependency d) { return (d.namespace() == null ? from.ns() : d.namespace()) + "/" + d.name(); }

    private static String label(Dependency d) { return d.condition() + (d.bond() == null ? "" : ", " + d.bond()); }

    /** What depends on key: "ns/name (condition[, bond])". */
    public List<String> dependents(String key) {
        List<String> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            for (Dependency d : n.deps()) if (target(n, d).equals(key)) out.add(n.key() + " (" + label(d) + ")");
        }
        return out;
    }

    /** describe's lines: depends on (with each dependency's status) and needed by; empty when neither. */
    public String describe(String key) {
        Node n = nodes.get(key);
        StringBuilder b = new StringBuilder();
        if (n != null && !n.deps().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (Dependency d : n.deps()) {
                Node t = nodes.get(target(n, d));
                parts.add(target(n, d) + " (" + label(d) + "; " + (t == null ? "not managed" : t.status()) + ")");
            }
            b.append(pad("depends on")).append(String.join(", ", parts)).append('\n');
        }
        List<String> by = dependents(key);
        if (!by.isEmpty()) b.append(pad("needed by")).append(String.join(", ", by)).append('\n');
        return b.toString();
    }

    /** A describe line's key, indented as describe's own. */
    private static String pad(String k) { return "  " + k + "  "; }

    /**
     * Every app of namespace ns (null: all) as a tree from the apps nothing depends on down to what they need;
     * an app reached twice is printed once in full, then as "(see above)".
     */
    public String tree(String ns) {
        StringBuilder b = new StringBuilder();
        Set<String> printed = new java.util.HashSet<>();
        for (Node n : nodes.values()) {
            if (ns != null && !n.ns().equals(ns)) continue;
            boolean needed = false;
            for (Node m : nodes.values()) for (Dependency d : m.deps()) needed |= target(m, d).equals(n.key());
            if (!needed) print(b, n.key(), null, "", "", printed, new java.util.HashSet<>());
        }
        for (Node n : nodes.values()) { // what is only reachable through a cycle (refused at load; never loops here)
            if ((ns == null || n.ns().equals(ns)) && !printed.contains(n.key())) print(b, n.key(), null, "", "", printed, new java.util.HashSet<>());
        }
        return b.toString();
    }

    private void print(StringBuilder b, String key, Dependency via, String lead, String childLead, Set<String> printed,
                       Set<String> path) {
        Node n = nodes.get(key);
        b.append(lead).append(key);
        if (via != null) b.append(" (").append(label(via)).append(')');
        b.append("  ").append(n == null ? "not managed" : n.status());
        if (n == null || n.deps().isEmpty()) {
            b.append('\n');
            printed.add(key);
            return;
        }
        if (!printed.add(key) || !path.add(key)) {
            b.append("  (see above)\n");
            return;
        }
        b.append('\n');
        for (int i = 0; i < n.deps().size(); i++) {
            Dependency d = n.deps().get(i);
            boolean last = i == n.deps().size() - 1;
            print(b, target(n, d), d, childLead + (last ? "└─ " : "├─ "), childLead + (last ? "   " : "│  "), printed, path);
        }
        path.remove(key);
    }

    /** Graphviz: an edge from each app to what it depends on, labelled with the condition and bond. */
    public String dot(String ns) {
        StringBuilder b = new StringBuilder("digraph jmon {\n  rankdir=LR;\n");
        Map<String, Boolean> shown = new LinkedHashMap<>();
        for (Node n : nodes.values()) {
            if (ns != null && !n.ns().equals(ns)) continue;
            shown.put(n.key(), true);
            b.append("  \"").append(n.key()).append("\" [label=\"").append(n.key()).append("\\n").append(n.status()).append("\"];\n");
        }
        for (Node n : nodes.values()) {
            if (!shown.containsKey(n.key())) continue;
            for (Dependency d : n.deps()) {
                b.append("  \"").append(n.key()).append("\" -> \"").append(target(n, d)).append("\" [label=\"").append(label(d))
                        .append("\"").append(d.bond() != null ? ", style=bold" : "").append("];\n");
            }
        }
        return b.append("}\n").toString();
    }
}
