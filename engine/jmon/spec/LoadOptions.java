package jmon.spec;

import java.util.List;
import java.util.Set;

/**
 * The command-line choices that shape how an ecosystem file is read.
 *
 * @param namespace    {@code --namespace}: fills apps without one; apps of another namespace are refused
 * @param envName      {@code --env}: merges {@code env_<envName>} over {@code env}
 * @param only         {@code --only}: app names to keep, empty for all
 * @param nameOverride {@code --name}: renames the app when exactly one results
 * @param extraArgs    arguments after {@code --}: replace the apps' args when not empty
 */
public record LoadOptions(String namespace, String envName, Set<String> only, String nameOverride,
                          List<String> extraArgs) {
    public LoadOptions {
        namespace = blankToNull(namespace);
        envName = blankToNull(envName);
        only = only == null ? Set.of() : Set.copyOf(only);
        nameOverride = blankToNull(nameOverride);
        extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
    }

    public static LoadOptions none() { return new LoadOptions(null, null, Set.of(), null, List.of()); }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.trim(); }
}
