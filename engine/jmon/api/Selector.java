package jmon.api;

import java.util.List;

/**
 * Which processes a verb acts on. A target is a name, a pm_id, {@code all}, or a glob ({@code 'mds-*'}).
 *
 * @param namespace        scope, or null for "every namespace" (then cross-namespace bulk needs allNamespaces)
 * @param targets          one or more target expressions
 * @param allNamespaces    explicit consent to act across namespaces
 * @param includeProtected act on protected apps in bulk too
 * @param noDeps           a start leaves halted dependencies alone (the app waits for them)
 */
public record Selector(String namespace, List<String> targets, boolean allNamespaces, boolean includeProtected,
                       boolean noDeps) {
    public Selector {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public Selector(String namespace, List<String> targets, boolean allNamespaces, boolean includeProtected) {
        this(namespace, targets, allNamespaces, includeProtected, false);
    }

    /** The same, without starting what the chosen apps depend on ({@code start --no-deps}). */
    public Selector withoutDeps() { return new Selector(namespace, targets, allNamespaces, includeProtected, true); }

    public static Selector of(String namespace, String... targets) {
        return new Selector(namespace, List.of(targets), false, false);
    }
}
