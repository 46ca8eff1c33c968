package jmon.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.engine.persist.AtomicFile;
import jmon.engine.persist.DumpStore;
import jmon.spec.EcosystemLoader;
import jmon.spec.LoadOptions;
import jmon.spec.LoadResult;

/**
 * What should be running: every app a namespace's saved dump says runs, plus the apps of the ecosystem files
 * registered with {@code jmon inventory add FILE} ({@code $JMON_HOME/inventory.json}, written atomically). An app
 * in both keeps the file's definition and the dump's save time.
 */
public final class Inventory {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The expected apps, the files registered, and what could not be read. */
    public record Loaded(List<Expected> apps, List<String> files, List<String> problems, Map<String, Long> dumpSavedAt) {
        public List<Expected> in(String namespace) {
            return namespace == null ? apps : apps.stream().filter(a -> a.namespace().equals(namespace)).toList();
        }
    }

    private Inventory() {}

    public static Path file(Path home) { return home.resolve("inventory.json"); }

    public static List<String> files(Path home) throws IOException {
        Path f = file(home);
        List<String> out = new ArrayList<>();
        if (!Files.exists(f)) return out;
        JsonNode n = JSON.readTree(f.toFile());
        for (JsonNode e : n.path("files")) out.add(e.asText());
        return out;
    }

    private static void write(Path home, List<String> files) throws IOException {
        Files.createDirectories(home);
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode a = root.putArray("files");
        files.forEach(a::add);
        AtomicFile.write(file(home), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
    }

    /** Registers a file (absolute path); false when it was registered already. */
    public static boolean add(Path home, Path ecosystem) throws IOException {
        List<String> fs = files(home);
        String p = ecosystem.toAbsolutePath().normalize().toString();
        if (fs.contains(p)) return false;
        fs.add(p);
        write(home, fs);
        return true;
    }

    public static boolean remove(Path home, Path ecosystem) throws IOException {
        List<String> fs = files(home);
        boolean r = fs.remove(ecosystem.toAbsolutePath().normalize().toString()) || fs.remove(ecosystem.toString());
        if (r) write(home, fs);
        return r;
    }

    /**
     * The expected inventory as the daemon computes it (dumps, started apps, tombstones, registered files): what
     * every client reads, so {@code --host} assesses that host. A deleted app is listed with from "deleted".
     */
    public static Loaded load(jmon.api.JmonApi api, String scope) {
        List<Expected> apps = new ArrayList<>();
        Map<String, Long> saved = new LinkedHashMap<>();
        Map<String, Integer> position = new java.util.HashMap<>();
        for (jmon.api.ExpectedApp x : api.expected(scope)) {
            int order = position.merge(x.namespace(), 1, Integer::sum) - 1; // the daemon keeps the file's order
            String from = switch (x.source()) {
                case DUMP -> "dump";
                case FILE, REGISTERED -> "file";
                case TOMBSTONE -> "deleted";
            };
            apps.add(new Expected(x.spec(), x.sourcePath(), from, x.savedAtMillis(), order));
            if (x.savedAtMillis() > 0) saved.merge(x.namespace(), x.savedAtMillis(), Math::max);
        }
        List<String> files = new ArrayList<>(), problems = new ArrayList<>();
        for (jmon.api.RegisteredFile f : api.registeredFiles()) {
            files.add(f.path());
            if (f.problem() != null) problems.add(f.path() + ": " + f.problem());
        }
        return new Loaded(apps, files, problems, saved);
    }

    /** The daemon's inventory when it answers; with no daemon, the local home's dumps and files (said in problems). */
    public static Loaded load(jmon.api.JmonApi api, Path home, Map<String, String> env, String scope) {
        if (api != null) {
            try {
                return load(api, scope);
            } catch (jmon.api.JmonException e) {
                // an older daemon, or it went away: the local files below
            }
        }
        Loaded l = load(home, env);
        List<String> problems = new ArrayList<>(l.problems());
        problems.add("the daemon did not answer: inventory read from " + home + " (dumps and registered files only)");
        return new Loaded(l.apps(), l.files(), problems, l.dumpSavedAt());
    }

    public static Loaded load(Path home, Map<String, String> env) {
        Map<String, Expected> byKey = new LinkedHashMap<>();
        Map<String, Long> saved = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> files = new ArrayList<>();
        DumpStore store = new DumpStore(home);
        try {
            if (Files.isDirectory(home)) {
                for (String ns : store.namespaces()) {
                    try {
                        DumpStore.Dump d = store.load(ns);
                        if (d == null) continue;
                        saved.put(ns, d.savedAt());
                        int order = 0;
                        for (DumpStore.Entry e : d.apps()) {
                            if (e.desired() == Desired.HALT) continue;
                            String k = ns + "/" + e.spec().name();
                            if (byKey.containsKey(k)) continue; // instances: one entry per app
                            byKey.put(k, new Expected(e.spec(), e.spec().source(), "dump", d.savedAt(), order++));
                        }
                    } catch (IOException e) {
                        problems.add("dump-" + ns + ".json: " + e.getMessage());
                    }
                }
            }
            files.addAll(files(home));
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
        EcosystemLoader loader = new EcosystemLoader(env);
        for (String f : files) {
            Path p = Path.of(f);
            if (!Files.exists(p)) {
                problems.add(f + ": registered but missing");
                continue;
            }
            LoadResult r = loader.load(p, LoadOptions.none());
            if (!r.ok()) {
                problems.add(f + ": " + r.problems().size() + " problem(s), e.g. " + r.problems().get(0));
                continue;
            }
            int order = 0;
            for (AppSpec s : r.apps()) {
                if (!s.autostart()) continue;
                String k = s.namespace() + "/" + s.name();
                Expected old = byKey.get(k);
                byKey.put(k, new Expected(s, f, old == null ? "file" : "dump+file", old == null ? 0 : old.savedAt(), order++));
            }
        }
        List<Expected> apps = new ArrayList<>(byKey.values());
        apps.sort(Comparator.comparing(Expected::namespace).thenComparing(Expected::name));
        return new Loaded(apps, files, problems, saved);
    }
}
