package jmon.engine.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.Caller;
import jmon.api.CallerContext;
import jmon.api.Desired;
import jmon.api.ExpectedApp;
import jmon.api.RegisteredFile;
import jmon.api.Tombstone;
import jmon.engine.persist.AtomicFile;
import jmon.engine.persist.DumpStore;
import jmon.engine.time.Clock;
import jmon.rpc.Json;
import jmon.spec.EcosystemLoader;
import jmon.spec.LoadOptions;
import jmon.spec.LoadResult;

/**
 * What should run, without preparation: every app the daemon was asked to run (with its spec and the ecosystem
 * file it came from), every deleted app as a {@link Tombstone} (kept {@link #TOMBSTONE_KEEP_MS}, at most
 * {@link #MAX_TOMBSTONES}), and the files registered with {@code jmon inventory add}. Kept in
 * {@code $JMON_HOME/expected.json} (written atomically at each change), so it outlives the daemon; the expected
 * inventory served to clients is this ∪ the dumps, computed here.
 */
public final class ExpectedInventory {
    /** A tombstone is kept this long (7 days): the incident is over by then, or has its own report. */
    public static final long TOMBSTONE_KEEP_MS = 7L * 24 * 3600 * 1000;
    public static final int MAX_TOMBSTONES = 1000;
    public static final int MAX_FILES = 256;

    public record Started(AppSpec spec, long at) {}

    public record Deleted(AppSpec spec, Tombstone tombstone) {}

    public record State(int version, List<Started> started, List<Deleted> tombstones, List<String> files) {}

    private final Path file;
    private final DumpStore dumps;
    private final Clock clock;
    private final Map<String, String> env;
    private final java.util.function.Consumer<String> warn;
    private final Map<String, Started> started = new LinkedHashMap<>();
    private final Map<String, Deleted> tombstones = new LinkedHashMap<>();
    private final List<String> files = new ArrayList<>();

    public ExpectedInventory(Path file, DumpStore dumps, Clock clock, Map<String, String> env,
                             java.util.function.Consumer<String> warn) {
        this.file = file;
        this.dumps = dumps;
        this.clock = clock;
        this.env = env;
        this.warn = warn;
        load();
    }

    private static String key(String ns, String name) { return ns + "/" + name; }

    private void load() {
        if (!Files.exists(file)) return;
        try {
            State s = Json.read(file, State.class);
            if (s.started() != null) for (Started x : s.started()) started.put(key(x.spec().namespace(), x.spec().name()), x);
            if (s.tombstones() != null) for (Deleted d : s.tombstones()) tombstones.put(key(d.spec().namespace(), d.spec().name()), d);
            if (s.files() != null) files.addAll(s.files());
        } catch (IOException | RuntimeException e) {
            Path aside = jmon.engine.persist.Aside.move(file);
            warn.accept(file.getFileName() + " is damaged (" + e.getMessage() + "): kept as "
                    + (aside == null ? file : aside.getFileName()) + "; the expected inventory starts from the dumps");
        }
    }

    private void save() {
        prune();
        State s = new State(1, new ArrayList<>(started.values()), new ArrayList<>(tombstones.values()), new ArrayList<>(files));
        try {
            AtomicFile.write(file, Json.bytes(s));
        } catch (IOException e) {
            warn.accept("writing " + file + ": " + e.getMessage() + " (the expected inventory is kept in memory)");
        }
    }

    private void prune() {
        long cutoff = clock.nowMs() - TOMBSTONE_KEEP_MS;
        tombstones.values().removeIf(d -> d.tombstone().atMillis() < cutoff);
        while (tombstones.size() > MAX_TOMBSTONES) tombstones.remove(tombstones.keySet().iterator().next());
    }

    // ---- what the engine reports -------------------------------------------------------------------------

    /** Apps a request started (start, startOrRestart, resurrect): remembered, and no longer deleted. */
    public synchronized void started(List<AppSpec> specs) {
        if (specs.isEmpty()) return;
        long now = clock.nowMs();
        for (AppSpec s : specs) {
            String k = key(s.namespace(), s.name());
            started.put(k, new Started(s, now));
            tombstones.remove(k);
        }
        save();
    }

    /** Apps a request deleted: each becomes a tombstone naming who, when and through what. */
    public synchronized void deleted(List<AppSpec> specs, Caller c) {
        if (specs.isEmpty()) return;
        CallerContext ctx = c.context();
        Tombstone t = new Tombstone(clock.nowMs(), c.user(), ctx == null ? null : ctx.via(), ctx == null ? null : ctx.ciRun());
        for (AppSpec s : specs) {
            String k = key(s.namespace(), s.name());
            started.remove(k);
            tombstones.remove(k); // re-inserted last: the newest delete is the last to be pruned
            tombstones.put(k, new Deleted(s, t));
        }
        save();
    }

    // ---- registered files ----------------------------------------------------------------------------------

    /** Registers an ecosystem file (absolute, normalised); false when it was registered already. */
    public synchronized boolean register(String path) {
        String p = Path.of(path).toAbsolutePath().normalize().toString();
        if (files.contains(p)) return false;
        if (!Files.isRegularFile(Path.of(p))) {
            throw new jmon.api.JmonException(jmon.api.ErrorCode.NOT_FOUND, p + ": no such file");
        }
        if (files.size() >= MAX_FILES) {
            throw new jmon.api.JmonException(jmon.api.ErrorCode.REFUSED, "at most " + MAX_FILES + " files can be registered");
        }
        files.add(p);
        save();
        return true;
    }

    public synchronized boolean unregister(String path) {
        String p = Path.of(path).toAbsolutePath().normalize().toString();
        boolean r = files.remove(p) || files.remove(path);
        if (r) save();
        return r;
    }

    public List<RegisteredFile> registered() {
        List<String> fs;
        synchronized (this) {
            fs = new ArrayList<>(files);
        }
        List<RegisteredFile> out = new ArrayList<>();
        EcosystemLoader loader = new EcosystemLoader(env);
        for (String f : fs) {
            LoadResult r = loadFile(loader, f);
            out.add(r == null ? new RegisteredFile(f, "registered but missing", 0)
                    : r.ok() ? new RegisteredFile(f, null, r.apps().size())
                    : new RegisteredFile(f, r.problems().size() + " problem(s), e.g. " + r.problems().get(0), 0));
        }
        return out;
    }

    private static LoadResult loadFile(EcosystemLoader loader, String f) {
        Path p = Path.of(f);
        if (!Files.exists(p)) return null;
        return loader.load(p, LoadOptions.none());
    }

    // ---- the expected inventory ----------------------------------------------------------------------------

    /**
     * dumps ∪ apps started ∪ registered files ∪ tombstones, one entry per app, for one namespace (null: all). An
     * app known from several sources is shown from the first of DUMP, FILE, REGISTERED, TOMBSTONE, and carries
     * its tombstone whenever it was deleted since it was last started. Within a namespace the apps keep the order of
     * their dump, their start request or their file.
     */
    public List<ExpectedApp> expected(String namespace) {
        Map<String, ExpectedApp> out = new LinkedHashMap<>();
        List<String> nss;
        try {
            nss = namespace != null ? List.of(namespace) : dumps.namespaces();
        } catch (IOException e) {
            nss = List.of();
        }
        Map<String, Deleted> deleted;
        List<Started> runs;
        List<String> fs;
        synchronized (this) {
            prune();
            deleted = new LinkedHashMap<>(tombstones);
            runs = new ArrayList<>(started.values());
            fs = new ArrayList<>(files);
        }
        for (String ns : nss) {
            DumpStore.Dump d;
            try {
                d = dumps.load(ns, w -> { });
            } catch (IOException | RuntimeException e) {
                continue;
            }
            if (d == null) continue;
            for (DumpStore.Entry e : d.apps()) {
                if (e.desired() == Desired.HALT) continue;
                put(out, deleted, e.spec(), ExpectedApp.Source.DUMP, dumps.fileOf(ns).toString(), d.savedAt());
            }
        }
        for (Started s : runs) {
            if (namespace == null || namespace.equals(s.spec().namespace())) {
                put(out, deleted, s.spec(), ExpectedApp.Source.FILE, s.spec().source(), 0);
            }
        }
        EcosystemLoader loader = fs.isEmpty() ? null : new EcosystemLoader(env);
        for (String f : fs) {
            LoadResult r = loadFile(loader, f);
            if (r == null || !r.ok()) continue;
            for (AppSpec s : r.apps()) {
                if (!s.autostart() || (namespace != null && !namespace.equals(s.namespace()))) continue;
                put(out, deleted, s, ExpectedApp.Source.REGISTERED, f, 0);
            }
        }
        for (Deleted d : deleted.values()) {
            if (namespace == null || namespace.equals(d.spec().namespace())) {
                put(out, deleted, d.spec(), ExpectedApp.Source.TOMBSTONE, d.spec().source(), 0);
            }
        }
        List<ExpectedApp> list = new ArrayList<>(out.values());
        // by namespace; within one, the order of the apps in their dump or file (the wizard's inferred restore order)
        list.sort(Comparator.comparing(ExpectedApp::namespace));
        return list;
    }

    private static void put(Map<String, ExpectedApp> out, Map<String, Deleted> deleted, AppSpec s,
                            ExpectedApp.Source src, String path, long savedAt) {
        String k = key(s.namespace(), s.name());
        if (out.containsKey(k)) return;
        Deleted d = deleted.get(k);
        out.put(k, new ExpectedApp(s.namespace(), s.name(), src, path, s, d == null ? null : d.tombstone(), savedAt));
    }
}
