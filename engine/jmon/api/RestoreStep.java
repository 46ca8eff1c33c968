package jmon.api;

import java.util.List;

/**
 * One step of a restore plan the daemon runs: bring one app back and wait until it serves.
 *
 * @param level     its priority level: every step of a level ends before the next level starts; steps of one
 *                  level with no dependency between them run in parallel
 * @param dependsOn "namespace/name" of the plan's steps this one waits for (ready, or ended otherwise)
 * @param why       the finding that put it in the plan, in words (for the report)
 */
public record RestoreStep(String namespace, String name, AppSpec spec, int level, List<String> dependsOn, String why) {
    public RestoreStep {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    public String key() { return namespace + "/" + name; }
}
