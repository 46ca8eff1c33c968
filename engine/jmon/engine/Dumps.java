package jmon.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.api.ErrorCode;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;
import jmon.api.SaveResult;
import jmon.engine.persist.DumpStore;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.time.Clock;

/**
 * save and resurrect: one dump file per namespace, written under a per-namespace lock from a snapshot taken under
 * that lock (the last writer writes the latest state); an empty list never replaces a saved one without force.
 */
final class Dumps {
    private final DumpStore store;
    private final EngineLoop loop;
    private final Clock clock;
    private final ProcessTable table;
    private final Lifecycle lifecycle;
    private final Consumer<String> warn;
    private final Map<String, Object> saveLocks = new ConcurrentHashMap<>();

    Dumps(DumpStore store, EngineLoop loop, Clock clock, ProcessTable table, Lifecycle lifecycle, Consumer<String> warn) {
        this.store = store;
        this.loop = loop;
        this.clock = clock;
        this.table = table;
        this.lifecycle = lifecycle;
        this.warn = warn;
    }

    /** What a save will write: the namespaces, and notes on the dumps it keeps. Off the engine thread. */
    final class SavePlan {
        final String namespace;
        final boolean force;
        final String user;
        final List<String> targets = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        private List<String> saved;

        SavePlan(String namespace, boolean force, String user) {
            this.namespace = namespace;
            this.force = force;
            this.user = user;
        }

        void readDumps() throws IOException { saved = namespace == null ? store.namespaces() : List.of(); }

        /** Engine thread: which namespaces the save writes; the caller checks them against the freezes. */
        List<String> resolve() {
            if (namespace != null) {
                targets.add(namespace);
                return targets;
            }
            Map<String, List<DumpStore.Entry>> byNs = snapshot();
            targets.addAll(byNs.keySet());
            for (String ns : saved) {
                if (byNs.containsKey(ns)) continue;
                if (force) { // --force: every namespace as -n NS --force would do it, emptied dumps included
                    targets.add(ns);
                    notes.add("emptied " + store.fileOf(ns).getFileName() + ": no processes in " + ns + " now (--force)");
                } else {
                    notes.add("kept " + store.fileOf(ns).getFileName() + ": no processes in " + ns
                            + " now (jmon save --force empties it)");
                }
            }
            if (targets.isEmpty() && notes.isEmpty()) notes.add("nothing to save: no processes");
            return targets;
        }

        /** Off the engine thread: each namespace under its lock. */
        SaveResult write() throws IOException {
            List<SaveResult.Saved> out = new ArrayList<>();
            for (String ns : targets) {
                synchronized (saveLocks.computeIfAbsent(ns, k -> new Object())) {
                    // snapshot again under the lock so the last writer always writes the latest state
                    List<DumpStore.Entry> entries = loop.call(Dumps.this::snapshot).getOrDefault(ns, List.of());
                    DumpStore.Dump old = store.load(ns);
                    if (entries.isEmpty() && old != null && !old.apps().isEmpty() && !force) {
                        throw new JmonException(ErrorCode.REFUSED, "refusing to replace " + store.fileOf(ns)
                                + " (" + old.apps().size() + " apps) with an empty list; use --force");
                    }
                    Path f = store.save(new DumpStore.Dump(1, ns, clock.nowMs(), user, entries));
                    out.add(new SaveResult.Saved(ns, f.toString(), entries.size()));
                }
            }
            return new SaveResult(out, notes);
        }
    }

    /** One entry per app (not per instance), with the declared env only, in priority order. Engine thread. */
    private Map<String, List<DumpStore.Entry>> snapshot() {
        Map<String, Map<String, DumpStore.Entry>> tmp = new TreeMap<>();
        for (ManagedProcess p : table.values()) {
            var apps = tmp.computeIfAbsent(p.namespace(), k -> new LinkedHashMap<>());
            DumpStore.Entry prev = apps.get(p.name());
            Desired d = prev != null && prev.desired() == Desired.RUN ? Desired.RUN : p.desired();
            apps.put(p.name(), new DumpStore.Entry(p.spec(), d));
        }
        Map<String, List<DumpStore.Entry>> out = new TreeMap<>();
        tmp.forEach((ns, m) -> {
            List<DumpStore.Entry> l = new ArrayList<>(m.values());
            l.sort(Comparator.comparingInt(e -> e.spec().restoreOrder()));
            out.put(ns, l);
        });
        return out;
    }

    /** What a resurrect brings back, read from the dumps (off the engine thread), in priority order. */
    final class Revival {
        final String namespace;
        final List<DumpStore.Entry> entries = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Revival(String namespace) { this.namespace = namespace; }

        void readDumps() throws IOException {
            List<String> nss = namespace != null ? List.of(namespace) : store.namespaces();
            for (String ns : nss) {
                DumpStore.Dump d = store.load(ns, w -> {
                    notes.add(w);
                    warn.accept(w);
                });
                if (d == null) throw new JmonException(ErrorCode.NOT_FOUND, "no dump for namespace " + ns
                        + " (" + store.fileOf(ns) + ")");
                entries.addAll(d.apps());
            }
            entries.sort(Comparator.comparingInt(e -> e.spec().restoreOrder()));
        }

        List<String> namespaces() {
            List<String> out = new ArrayList<>();
            for (DumpStore.Entry e : entries) out.add(e.spec().namespace());
            return out;
        }

        /** Engine thread: what it would do, changing nothing. */
        ActionResult dryRun() {
            List<String> out = new ArrayList<>(notes);
            for (DumpStore.Entry e : entries) {
                AppSpec s = e.spec();
                String what = s.namespace() + "/" + s.name();
                if (table.hasApp(s.namespace(), s.name())) out.add(what + " already present: left as is");
                else out.add("would " + (e.desired() == Desired.RUN ? "start " : "add (stopped) ") + what
                        + (s.priority() > 0 ? " (priority " + s.priority() + ")" : ""));
            }
            return new ActionResult(List.of(), out);
        }

        /** Engine thread: adds what is missing (one journaled batch), starts it; the rest is left as is. */
        Operation.Begun<ActionResult> begin() throws IOException {
            List<AppSpec> toAdmit = new ArrayList<>();
            Map<DumpStore.Entry, AppSpec> adding = new IdentityHashMap<>();
            for (DumpStore.Entry e : entries) {
                AppSpec s = e.spec();
                if (table.hasApp(s.namespace(), s.name())) continue;
                AppSpec toStart = e.desired() == Desired.RUN ? s : s.withAutostart(false);
                adding.put(e, toStart);
                toAdmit.add(toStart);
            }
            Map<AppSpec, Deque<ManagedProcess>> fresh = lifecycle.admitNew(toAdmit, false);
            List<String> out = new ArrayList<>(notes);
            List<CompletableFuture<ProcessInfo>> waits = new ArrayList<>();
            for (DumpStore.Entry e : entries) {
                AppSpec toStart = adding.get(e);
                if (toStart == null) {
                    out.add(e.spec().namespace() + "/" + e.spec().name() + " already present: left as is");
                } else {
                    waits.addAll(lifecycle.startOne(toStart, false, fresh.get(toStart), out));
                }
            }
            return () -> new ActionResult(Lifecycle.await(waits, 30_000), out);
        }
    }
}
