package jmon.engine.persist;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.rpc.Json;

/**
 * Saved process lists, one file per namespace ({@code dump-<ns>.json}), so two deploys saving different
 * namespaces never touch each other's file. Each save is atomic under a per-namespace file lock, and the
 * previous versions are kept in {@code dumps/<ns>/} (the last {@value #KEEP}).
 */
public final class DumpStore {
    public static final int KEEP = 10;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** One saved app and whether it should run after a resurrect. */
    public record Entry(AppSpec spec, Desired desired) {}

    public record Dump(int version, String namespace, long savedAt, String savedBy, List<Entry> apps) {}

    private final Path home;

    public DumpStore(Path home) {
        this.home = home;
    }

    public Path fileOf(String namespace) { return home.resolve("dump-" + namespace + ".json"); }

    /** Namespaces that have a dump file. */
    public List<String> namespaces() throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(home)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("dump-") && n.endsWith(".json"))
                    .forEach(n -> out.add(n.substring(5, n.length() - 5)));
        }
        return new ArrayList<>(out);
    }

    /**
     * The namespace's dump, or null when it has none. A damaged dump never stops a resurrect: it is kept aside as
     * {@code dump-<ns>.json.corrupt-<time>}, the newest readable earlier version takes its place, and
     * {@code warnings} is told both.
     */
    public Dump load(String namespace, java.util.function.Consumer<String> warnings) throws IOException {
        Path f = fileOf(namespace);
        if (!Files.exists(f)) return null;
        try {
            return readWhole(f);
        } catch (IOException damaged) {
            Path aside = Aside.move(f);
            if (aside == null) throw damaged;
            Path history = home.resolve("dumps").resolve(namespace);
            List<Path> older = new ArrayList<>();
            if (Files.isDirectory(history)) {
                try (Stream<Path> s = Files.list(history)) {
                    older = s.filter(p -> p.getFileName().toString().startsWith("dump-"))
                            .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
                }
            }
            for (Path o : older) {
                try {
                    Dump d = readWhole(o);
                    AtomicFile.write(f, Json.pretty(d));
                    warnings.accept(f.getFileName() + " was damaged (" + damaged.getMessage() + "): kept as "
                            + aside.getFileName() + "; restored the version saved " + Instant.ofEpochMilli(d.savedAt())
                            + " by " + d.savedBy() + " from " + o.getFileName());
                    return d;
                } catch (IOException alsoDamaged) {
                    // try the one before
                }
            }
            warnings.accept(f.getFileName() + " was damaged (" + damaged.getMessage() + "): kept as "
                    + aside.getFileName() + "; no readable earlier version");
            return null;
        }
    }

    public Dump load(String namespace) throws IOException {
        return load(namespace, w -> System.err.println("jmon: " + w));
    }

    private static Dump readWhole(Path f) throws IOException {
        Dump d = Json.read(f, Dump.class);
        if (d == null || d.apps() == null || d.apps().stream().anyMatch(e -> e == null || e.spec() == null)) {
            throw new IOException("incomplete");
        }
        return d;
    }

    /** Writes the dump, keeping the previous one in the history; the caller has checked emptiness rules. */
    public Path save(Dump dump) throws IOException {
        Path target = fileOf(dump.namespace());
        Path history = home.resolve("dumps").resolve(dump.namespace());
        jmon.engine.Home.privateDir(history.getParent());
        jmon.engine.Home.privateDir(history);
        try (FileChannel lockCh = jmon.engine.Home.openPrivate(history.resolve(".lock")); FileLock ignored = lockCh.lock()) {
            if (Files.exists(target)) {
                Files.copy(target, history.resolve("dump-" + STAMP.format(Instant.ofEpochMilli(dump.savedAt()))
                        + ".json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                prune(history);
            }
            AtomicFile.write(target, Json.pretty(dump));
        }
        return target;
    }

    private static void prune(Path history) throws IOException {
        List<Path> old;
        try (Stream<Path> s = Files.list(history)) {
            old = s.filter(p -> p.getFileName().toString().startsWith("dump-"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        for (int i = 0; i < old.size() - KEEP; i++) Files.deleteIfExists(old.get(i));
    }
}
