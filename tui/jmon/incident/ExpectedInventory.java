package jmon.incident;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the assessment learns what should run: the daemon's expected inventory ({@code JmonApi.expected}: dumps ∪
 * source files of started apps ∪ tombstones ∪ registered files), or, only when no daemon answers, the local home's
 * dumps and registered files.
 */
@FunctionalInterface
public interface ExpectedInventory {
    Inventory.Loaded load();

    /** The daemon's inventory through the API (so {@code --host} assesses that host); local files when api is null. */
    static ExpectedInventory of(jmon.api.JmonApi api, Path home, Map<String, String> env, String scope) {
        return () -> Inventory.load(api, home, env, scope);
    }

    /** The local home's dumps and registered files ({@link Inventory#load}): the daemon-down fallback. */
    static ExpectedInventory local(Path home, Map<String, String> env) { return () -> Inventory.load(home, env); }
}
