package jmon.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.Dependency;

/** Finds a cycle in {@code depends_on} among the apps of one load; such a set could never start. */
final class DependencyCycles {
    private DependencyCycles() {}

    /** "a/x -> a/y -> a/x", or null when there is none. */
    static String find(List<AppSpec> apps) {
        Map<String, List<String>> edges = new HashMap<>();
        for (AppSpec a : apps) {
            List<String> to = new ArrayList<>();
            for (Dependency d : a.health().dependsOn()) to.add((d.namespace() == null ? a.namespace() : d.namespace()) + "/" + d.name());
            edges.put(a.namespace() + "/" + a.name(), to);
        }
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        for (String start : edges.keySet()) {
            List<String> path = new ArrayList<>();
            String c = visit(start, edges, state, path);
            if (c != null) return c;
        }
        return null;
    }

    private static String visit(String n, Map<String, List<String>> edges, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(n);
        if (s != null && s == 2) return null;
        if (s != null && s == 1) {
            List<String> cyc = new ArrayList<>(path.subList(path.indexOf(n), path.size()));
            cyc.add(n);
            return String.join(" -> ", cyc);
        }
        state.put(n, 1);
        path.add(n);
        for (String m : edges.getOrDefault(n, List.of())) {
            if (!edges.containsKey(m)) continue; // outside this load: checked at start time
            String c = visit(m, edges, state, path);
            if (c != null) return c;
        }
        path.remove(path.size() - 1);
        state.put(n, 2);
        return null;
    }
}
