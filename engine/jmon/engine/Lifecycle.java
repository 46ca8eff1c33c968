package jmon.engine;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.Dependency;
import jmon.api.Desired;
import jmon.api.ErrorCode;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.Selector;
import jmon.api.Verb;
import jmon.engine.journal.JournalRecord;
import jmon.engine.supervise.Intent;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Supervisor;
import jmon.engine.time.Clock;

/**
 * What requests do to processes: start (new apps journaled as one batch before any runs), stop, restart,
 * reload one at a time, delete, and the ordered stop of everything. Each begins on the engine thread (the
 * pipeline's freeze check in the same task) and is finished off it, waiting for the processes to settle.
 */
final class Lifecycle {
    /** Adds a made process to the table and connects its pipes (the engine's wiring). */
    @FunctionalInterface
    interface Registrar {
        void register(ManagedProcess p) throws IOException;
    }

    static final Predicate<ManagedProcess> SETTLED = p -> p.isRemoved()
            || (p.status() != ProcessStatus.LAUNCHING && p.status() != ProcessStatus.STOPPING);

    private final EngineLoop loop;
    private final Clock clock;
    private final Supervisor supervisor;
    private final ProcessTable table;
    private final DependencyGate gate;
    private final Durability durability;
    private final Registrar registrar;
    private final DependencyBonds bonds;

    Lifecycle(EngineLoop loop, Clock clock, Supervisor supervisor, ProcessTable table, DependencyGate gate,
              Durability durability, Registrar registrar, DependencyBonds bonds) {
        this.bonds = bonds;
        this.loop = loop;
        this.clock = clock;
        this.supervisor = supervisor;
        this.table = table;
        this.gate = gate;
        this.durability = durability;
        this.registrar = registrar;
    }

    /**
     * start / startOrRestart / startOrReload of specs. Engine thread; a reload's rolling part runs off it, one
     * existing instance at a time, each next one only once the new one is ready (or failed).
     */
    Operation.Begun<ActionResult> start(List<AppSpec> apps, jmon.api.StartMode mode, Operation.FreezeCheck freezes)
            throws IOException {
        boolean restartExisting = mode.touchesExisting();
        List<String> namespaces = new ArrayList<>();
        for (AppSpec a : apps) namespaces.add(a.namespace());
        freezes.check(namespaces);
        List<String> notes = new ArrayList<>();
        List<AppSpec> ordered = new ArrayList<>(apps);
        ordered.sort(Comparator.comparingInt(AppSpec::restoreOrder));
        Map<AppSpec, Deque<ManagedProcess>> fresh = admitNew(ordered, restartExisting);
        List<CompletableFuture<ProcessInfo>> waits = new ArrayList<>();
        List<ManagedProcess> rolling = mode == jmon.api.StartMode.RELOAD ? new ArrayList<>() : null;
        for (AppSpec spec : ordered) waits.addAll(startOne(spec, restartExisting, fresh.get(spec), notes, rolling));
        List<ManagedProcess> starting = new ArrayList<>();
        for (AppSpec spec : ordered) {
            for (ManagedProcess p : table.app(spec.namespace(), spec.name())) if (p.desired() == Desired.RUN) starting.add(p);
        }
        waits.addAll(startDependencies(starting, notes));
        long wait = 30_000;
        for (AppSpec a : apps) if (a.commands().preStart() != null) wait = Math.max(wait, 30_000 + a.commands().timeoutMs());
        long timeout = wait;
        if (rolling == null || rolling.isEmpty()) return () -> new ActionResult(await(waits, timeout), notes);
        return () -> {
            List<ProcessInfo> out = new ArrayList<>(await(waits, timeout));
            out.addAll(roll(rolling, "reloaded by startOrReload"));
            return new ActionResult(out, notes);
        };
    }

    /**
     * Makes the processes a start of these specs adds (not registered, nothing runs) and journals them in one
     * durable record; a journal that cannot take it refuses the start with nothing changed. Engine thread.
     */
    Map<AppSpec, Deque<ManagedProcess>> admitNew(List<AppSpec> specs, boolean restartExisting) {
        Map<AppSpec, Deque<ManagedProcess>> fresh = new IdentityHashMap<>();
        List<JournalRecord.Admission> rows = new ArrayList<>();
        int firstPmId = table.nextPmId();
        for (AppSpec spec : specs) {
            int have = table.app(spec.namespace(), spec.name()).size();
            Deque<ManagedProcess> made = new ArrayDeque<>();
            int from = have == 0 ? 0 : restartExisting ? have : spec.instances();
            for (int i = from; i < spec.instances(); i++) {
                Desired d = have == 0 && !spec.autostart() ? Desired.HALT : Desired.RUN;
                ManagedProcess p = supervisor.create(table.takePmId(), i, spec, ProcessStatus.STOPPED, d);
                made.add(p);
                rows.add(new JournalRecord.Admission(p.pmId(), i, supervisor.record(p).createdAt(), spec, d));
            }
            fresh.put(spec, made);
        }
        if (rows.isEmpty()) return fresh;
        try {
            durability.admitBatch(rows);
        } catch (JmonException e) {
            table.resetNextPmId(firstPmId);
            throw e;
        }
        return fresh;
    }

    /** Makes and journals (one durable record) new instances of an existing app with these instance ids. */
    private Deque<ManagedProcess> admitInstances(AppSpec spec, List<Integer> ids) {
        Deque<ManagedProcess> made = new ArrayDeque<>();
        if (ids.isEmpty()) return made;
        List<JournalRecord.Admission> rows = new ArrayList<>();
        int firstPmId = table.nextPmId();
        for (int i : ids) {
            ManagedProcess p = supervisor.create(table.takePmId(), i, spec, ProcessStatus.STOPPED, Desired.RUN);
            made.add(p);
            rows.add(new JournalRecord.Admission(p.pmId(), i, supervisor.record(p).createdAt(), spec, Desired.RUN));
        }
        try {
            durability.admitBatch(rows);
        } catch (JmonException e) {
            table.resetNextPmId(firstPmId);
            throw e;
        }
        return made;
    }

    /** Adds or updates one app and returns futures for its instances to settle. Engine thread. */
    List<CompletableFuture<ProcessInfo>> startOne(AppSpec spec, boolean restartExisting, Deque<ManagedProcess> fresh,
                                                  List<String> notes) throws IOException {
        return startOne(spec, restartExisting, fresh, notes, null);
    }

    /**
     * @param rolling not null for a reload: the existing instances to replace one by one go there (their new spec
     *                set) instead of being restarted together; the futures are then those of the new instances only
     */
    private List<CompletableFuture<ProcessInfo>> startOne(AppSpec spec, boolean restartExisting,
                                                          Deque<ManagedProcess> fresh, List<String> notes,
                                                          List<ManagedProcess> rolling) throws IOException {
        List<ManagedProcess> existing = table.app(spec.namespace(), spec.name());
        List<ManagedProcess> touched = new ArrayList<>();
        if (existing.isEmpty()) {
            for (int i = 0; i < spec.instances(); i++) {
                ManagedProcess p = fresh.pop();
                registrar.register(p);
                if (spec.autostart()) gate.requestStart(p, "started");
                touched.add(p);
            }
        } else if (restartExisting) {
            List<ManagedProcess> extra = new ArrayList<>();
            for (ManagedProcess p : existing) {
                if (p.instanceId() < spec.instances()) {
                    supervisor.updateSpec(p, spec);
                    touched.add(p);
                } else {
                    extra.add(p);
                }
            }
            supervisor.stopAll(extra, Intent.DELETE, "scaled down");
            if (rolling != null) {
                rolling.addAll(touched);
                touched.clear();
            } else {
                supervisor.stopAll(touched, Intent.RESTART, "restarted by startOrRestart");
            }
            for (int i = existing.size(); i < spec.instances(); i++) {
                ManagedProcess p = fresh.pop();
                registrar.register(p);
                gate.requestStart(p, "started (scaled up)");
                touched.add(p);
            }
        } else {
            for (ManagedProcess p : existing) {
                if (p.status().isHalted()) gate.requestStart(p, "started");
                else notes.add(p.namespace() + "/" + p.name() + " is already " + p.status().wire());
                touched.add(p);
            }
        }
        long now = clock.nowMs();
        List<CompletableFuture<ProcessInfo>> out = new ArrayList<>(touched.size());
        for (ManagedProcess p : touched) out.add(supervisor.when(p, SETTLED, now));
        return out;
    }

    /** start / stop / restart / reload / delete of existing processes. Engine thread. */
    Operation.Begun<ActionResult> act(Verb verb, Selector sel, Operation.FreezeCheck freezes) {
        TargetResolver.Resolution r = TargetResolver.resolve(table.all(), sel, verb);
        freezes.check(namespacesOf(r.processes()));
        if (verb == Verb.RELOAD) return () -> rollingRestart(r);
        long now = clock.nowMs();
        List<ManagedProcess> live = new ArrayList<>();
        for (ManagedProcess p : r.processes()) if (!p.isRemoved()) live.add(p);
        List<String> notes = new ArrayList<>(r.notes());
        List<CompletableFuture<ProcessInfo>> depWaits = new ArrayList<>();
        switch (verb) {
            case START -> {
                // what they depend on first (unless --no-deps), so they do not wait for it forever
                if (!sel.noDeps()) depWaits.addAll(startDependencies(live, notes));
                live.forEach(p -> {
                    if (p.status().isHalted()) gate.requestStart(p, "started by request");
                    else supervisor.start(p, "started by request");
                });
            }
            case STOP, DELETE -> {
                return orderedStop(verb, live, notes);
            }
            case RESTART -> supervisor.stopAll(live, Intent.RESTART, "restart requested");
            default -> throw new IllegalStateException(verb.toString());
        }
        Predicate<ManagedProcess> done = switch (verb) {
            case STOP -> p -> p.isRemoved() || p.status().isHalted();
            case DELETE -> ManagedProcess::isRemoved;
            default -> SETTLED;
        };
        List<CompletableFuture<ProcessInfo>> waits = new ArrayList<>();
        for (ManagedProcess p : live) waits.add(supervisor.when(p, done, now));
        long timeout = maxKillTimeout(r.processes()) + 10_000;
        return () -> {
            List<ProcessInfo> out = await(waits, timeout);
            await(depWaits, 30_000);
            return new ActionResult(out, notes);
        };
    }

    /** Starts the halted processes these depend on (transitively); their futures, and a note each. Engine thread. */
    private List<CompletableFuture<ProcessInfo>> startDependencies(List<ManagedProcess> starting, List<String> notes) {
        List<ManagedProcess> deps = bonds.toStartWith(starting);
        List<CompletableFuture<ProcessInfo>> waits = new ArrayList<>(deps.size());
        long now = clock.nowMs();
        for (ManagedProcess q : deps) {
            gate.requestStart(q, "started as a dependency");
            notes.add("started " + q.namespace() + "/" + q.name() + (q.spec().instances() > 1 ? "#" + q.instanceId() : "")
                    + ": a dependency (start --no-deps leaves it)");
            waits.add(supervisor.when(q, SETTLED, now));
        }
        return waits;
    }

    /**
     * stop / delete: the chosen processes and the running ones bound to them (part_of, binds_to; stopped, never
     * deleted), in the reverse of the start order, each level whole before the next (as kill). Engine thread.
     */
    private Operation.Begun<ActionResult> orderedStop(Verb verb, List<ManagedProcess> live, List<String> notes) {
        List<ManagedProcess> bound = bonds.boundDependents(live);
        Set<ManagedProcess> chosen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        chosen.addAll(live);
        List<ManagedProcess> all = new ArrayList<>(live);
        all.addAll(bound);
        all.forEach(gate::forget);
        for (ManagedProcess b : bound) {
            notes.add("stopped " + b.namespace() + "/" + b.name() + (b.spec().instances() > 1 ? "#" + b.instanceId() : "")
                    + ": bound to what was " + (verb == Verb.STOP ? "stopped" : "deleted") + " (part_of/binds_to)");
        }
        List<List<ManagedProcess>> levels = stopLevels(all);
        Intent intent = verb == Verb.STOP ? Intent.STOP : Intent.DELETE;
        String why = verb == Verb.STOP ? "stopped by request" : "deleted by request";
        Predicate<ManagedProcess> halted = p -> p.isRemoved() || p.status().isHalted();
        Predicate<ManagedProcess> done = verb == Verb.STOP ? halted : ManagedProcess::isRemoved;
        return () -> {
            List<ProcessInfo> out = new ArrayList<>();
            for (List<ManagedProcess> level : levels) {
                List<CompletableFuture<ProcessInfo>> mine = new ArrayList<>();
                List<CompletableFuture<ProcessInfo>> theirs = new ArrayList<>();
                loop.call(() -> {
                    List<ManagedProcess> asked = new ArrayList<>(), followers = new ArrayList<>();
                    for (ManagedProcess p : level) (chosen.contains(p) ? asked : followers).add(p);
                    supervisor.stopAll(asked, intent, why);
                    supervisor.stopAll(followers, Intent.STOP, "stopped: bound to what was " + (verb == Verb.STOP ? "stopped" : "deleted"));
                    long now = clock.nowMs();
                    for (ManagedProcess p : asked) mine.add(supervisor.when(p, done, now));
                    for (ManagedProcess p : followers) theirs.add(supervisor.when(p, halted, now));
                    return null;
                });
                long t = maxKillTimeout(level) + 10_000;
                out.addAll(await(mine, t));
                await(theirs, t);
            }
            return new ActionResult(out, notes);
        };
    }

    /**
     * scale: the app gets exactly {@code n} instances. The highest instances go (deleted), new ones start after the
     * last; the rest keep running untouched and only learn the new count (saved with the app). Engine thread.
     */
    Operation.Begun<ActionResult> scale(String ns, String name, int n, Operation.FreezeCheck freezes)
            throws IOException {
        TargetResolver.Resolution r = TargetResolver.resolve(table.all(), new Selector(ns, List.of(name), false, true),
                Verb.RESTART);
        ManagedProcess first = r.processes().get(0);
        freezes.check(List.of(first.namespace()));
        List<ManagedProcess> existing = new ArrayList<>();
        for (ManagedProcess p : table.app(first.namespace(), first.name())) if (!p.isRemoved()) existing.add(p);
        AppSpec spec = first.spec().withInstances(n);
        List<String> notes = new ArrayList<>();
        List<ManagedProcess> extra = new ArrayList<>();
        List<ManagedProcess> kept = new ArrayList<>();
        for (ManagedProcess p : existing) {
            if (p.instanceId() < n) kept.add(p);
            else extra.add(p);
        }
        Set<Integer> keptIds = new HashSet<>();
        for (ManagedProcess p : kept) keptIds.add(p.instanceId());
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) if (!keptIds.contains(i)) missing.add(i); // also fills a gap a delete by id left
        Deque<ManagedProcess> fresh = admitInstances(spec, missing); // a journal that refuses it: nothing changed
        for (ManagedProcess p : kept) supervisor.updateSpec(p, spec);
        long now = clock.nowMs();
        List<CompletableFuture<ProcessInfo>> waits = new ArrayList<>();
        supervisor.stopAll(extra, Intent.DELETE, "scaled down to " + n);
        for (ManagedProcess p : extra) waits.add(supervisor.when(p, ManagedProcess::isRemoved, now));
        for (ManagedProcess p : fresh) {
            registrar.register(p);
            gate.requestStart(p, "started (scaled up to " + n + ")");
            waits.add(supervisor.when(p, SETTLED, now));
        }
        notes.add(first.namespace() + "/" + first.name() + ": " + existing.size() + " → " + n + " instances ("
                + kept.size() + " kept as they are, " + fresh.size() + " started, " + extra.size() + " removed)");
        long timeout = maxKillTimeout(extra) + 30_000;
        return () -> new ActionResult(await(waits, timeout), notes);
    }

    /**
     * sendSignal: the signal to each chosen process that runs; those that run none are named in the notes (FAILED
     * when none ran). Engine thread.
     */
    TargetResolver.Resolution signal(String signal, Selector sel, Operation.FreezeCheck freezes) {
        TargetResolver.Resolution r = TargetResolver.resolve(table.all(), sel, Verb.RESTART);
        freezes.check(namespacesOf(r.processes()));
        List<String> notes = new ArrayList<>(r.notes());
        List<ManagedProcess> sent = new ArrayList<>();
        for (ManagedProcess p : r.processes()) {
            if (supervisor.sendSignal(p, signal)) sent.add(p);
            else notes.add(p.namespace() + "/" + p.name() + " (id " + p.pmId() + ") runs no process: no signal sent");
        }
        if (sent.isEmpty()) throw new JmonException(ErrorCode.FAILED, String.join("; ", notes));
        return new TargetResolver.Resolution(sent, notes);
    }

    /** reset: restart counters back to zero. Engine thread. */
    TargetResolver.Resolution reset(Selector sel, Operation.FreezeCheck freezes) {
        TargetResolver.Resolution r = TargetResolver.resolve(table.all(), sel, Verb.RESTART);
        freezes.check(namespacesOf(r.processes()));
        for (ManagedProcess p : r.processes()) supervisor.resetCounters(p);
        return r;
    }

    /** reload, off the engine thread: one process at a time, each back (or failed) before the next goes down. */
    private ActionResult rollingRestart(TargetResolver.Resolution r) {
        return new ActionResult(roll(r.processes(), "reload"), r.notes());
    }

    /** Off the engine thread: restarts each in turn, the next only once this one is online and ready, or failed. */
    private List<ProcessInfo> roll(List<ManagedProcess> ps, String why) {
        List<ProcessInfo> out = new ArrayList<>();
        for (ManagedProcess p : ps) {
            CompletableFuture<ProcessInfo> w = loop.call(() -> {
                if (p.isRemoved()) return null;
                supervisor.stopAll(List.of(p), Intent.RESTART, why);
                return supervisor.when(p, SETTLED, clock.nowMs());
            });
            if (w == null) continue;
            out.addAll(await(List.of(w), stopBudget(p.spec()) + p.spec().health().listenTimeoutMs() + 10_000));
        }
        return out;
    }

    /** Everything stops, in the reverse of the start order, then the daemon goes. Engine thread. */
    Operation.Begun<ActionResult> kill(Operation.FreezeCheck freezes) {
        List<ManagedProcess> all = table.all();
        freezes.check(namespacesOf(all));
        supervisor.beginShutdown();
        List<List<ManagedProcess>> levels = stopLevels(all);
        return () -> {
            // the reverse of the start order: what depends on others, and what starts last, stops first
            List<ProcessInfo> gone = new ArrayList<>();
            for (List<ManagedProcess> level : levels) {
                List<CompletableFuture<ProcessInfo>> waits = loop.call(() -> {
                    supervisor.stopAll(level, Intent.DELETE, "daemon killed");
                    long now = clock.nowMs();
                    List<CompletableFuture<ProcessInfo>> ws = new ArrayList<>();
                    for (ManagedProcess p : level) ws.add(supervisor.when(p, ManagedProcess::isRemoved, now));
                    return ws;
                });
                gone.addAll(await(waits, maxKillTimeout(level) + 10_000));
            }
            return new ActionResult(gone, List.of());
        };
    }

    /**
     * Processes grouped for an ordered stop, the reverse of the start order: an app effectively starts at its
     * priority or after its dependencies, whichever is later, so it stops before them; among equals the deeper in
     * the depends_on graph goes first. One group per (effective priority, depth), each stopped whole before the
     * next; apps without priorities or dependencies are one group, stopped all at once.
     */
    static List<List<ManagedProcess>> stopLevels(List<ManagedProcess> ps) {
        Map<ManagedProcess, long[]> keys = new HashMap<>();
        Set<ManagedProcess> visiting = new HashSet<>();
        Function<ManagedProcess, long[]> keyOf = new Function<>() {
            @Override
            public long[] apply(ManagedProcess p) {
                long[] known = keys.get(p);
                if (known != null) return known;
                long order = p.spec().restoreOrder(), depth = 0;
                if (visiting.add(p)) { // a cycle is refused at load; never loop here
                    for (Dependency dep : p.spec().health().dependsOn()) {
                        String ns = dep.namespace() == null ? p.namespace() : dep.namespace();
                        for (ManagedProcess q : ps) {
                            if (!q.namespace().equals(ns) || !q.name().equals(dep.name())) continue;
                            long[] k = apply(q);
                            order = Math.max(order, k[0]);
                            depth = Math.max(depth, k[1] + 1);
                        }
                    }
                    visiting.remove(p);
                }
                long[] k = {order, depth};
                keys.put(p, k);
                return k;
            }
        };
        TreeMap<long[], List<ManagedProcess>> byLevel = new TreeMap<>(
                Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]).reversed());
        for (ManagedProcess p : ps) byLevel.computeIfAbsent(keyOf.apply(p), k -> new ArrayList<>()).add(p);
        return new ArrayList<>(byLevel.values());
    }

    static List<String> namespacesOf(List<ManagedProcess> ps) {
        List<String> out = new ArrayList<>(ps.size());
        for (ManagedProcess p : ps) out.add(p.namespace());
        return out;
    }

    private static long maxKillTimeout(List<ManagedProcess> ps) {
        long max = 0;
        for (ManagedProcess p : ps) max = Math.max(max, stopBudget(p.spec()));
        return max;
    }

    /** The longest a stop (and the restart after it) may take: kill_timeout, plus stop_command's and pre_start's time. */
    private static long stopBudget(AppSpec s) {
        long t = s.restart().killTimeoutMs();
        if (s.commands().stopCommand() != null) t += s.commands().timeoutMs();
        if (s.commands().preStart() != null) t += s.commands().timeoutMs();
        return t;
    }

    /** Off the engine thread: every future settled, or a clear timeout. */
    static List<ProcessInfo> await(List<CompletableFuture<ProcessInfo>> waits, long timeoutMs) {
        try {
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JmonException(ErrorCode.FAILED, "timed out after " + timeoutMs + " ms waiting for processes");
        } catch (Exception e) {
            throw new JmonException(ErrorCode.FAILED, e.toString());
        }
        List<ProcessInfo> out = new ArrayList<>(waits.size());
        for (CompletableFuture<ProcessInfo> w : waits) out.add(w.join());
        return out;
    }
}
