package jmon.api;

/**
 * One app the daemon believes should run in a namespace, and where that belief comes from. The expected inventory
 * is dumps ∪ source files of started apps ∪ tombstones ∪ registered files, computed by the daemon.
 *
 * @param source     where the app is known from
 * @param sourcePath the dump or ecosystem file it comes from; null when none (an app started from flags)
 * @param spec       the spec it would be started with
 * @param deleted    non-null when the app was deleted and is kept as a tombstone
 * @param savedAtMillis when the dump that lists the app was saved (epoch ms); 0 when no dump lists it
 */
public record ExpectedApp(String namespace, String name, Source source, String sourcePath, AppSpec spec,
                          Tombstone deleted, long savedAtMillis) {
    public ExpectedApp(String namespace, String name, Source source, String sourcePath, AppSpec spec, Tombstone deleted) {
        this(namespace, name, source, sourcePath, spec, deleted, 0);
    }

    public enum Source { DUMP, FILE, TOMBSTONE, REGISTERED }
}
