package jmon.api;

/**
 * An ecosystem file registered with {@code jmon inventory add FILE}: its apps belong to the expected inventory.
 *
 * @param problem why its apps cannot be read now (missing, invalid), null when they can
 * @param apps    how many apps it defines (0 when it cannot be read)
 */
public record RegisteredFile(String path, String problem, int apps) {}
