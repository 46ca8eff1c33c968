package jmon.incident;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the assessment learns what should run: the one place to switch when the daemon serves its expected
 * inventory ({@code JmonApi.expected(namespace)}: dumps ∪ source files of started apps ∪ tombstones ∪ registered
 * files, issue 14 point 2). Today: {@link #local}, the dumps and registered files of the local home.
 */
@FunctionalInterface
public interface ExpectedInventory {
    Inventory.Loaded load();

    /** The local home's dumps and registered files ({@link Inventory#load}). */
    static ExpectedInventory local(Path home, Map<String, String> env) { return () -> Inventory.load(home, env); }
}
