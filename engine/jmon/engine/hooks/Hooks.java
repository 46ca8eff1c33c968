package jmon.engine.hooks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jmon.api.EngineEvent;
import jmon.api.ErrorCode;
import jmon.api.HookReport;
import jmon.api.HookRun;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;

/**
 * The daemon's hooks: engine events become hook events, each matching hook runs on a small bounded pool.
 *
 * <p>Never blocks the engine: the engine thread only offers the event to a bounded queue (full: dropped and
 * counted). One dispatcher thread classifies (asking the API, as a reader, for the namespace when a crash loop or
 * an incident is wanted), applies each hook's rate limit ({@code repeat_ms} per hook, event and app: the repeats
 * are counted and the next one that fires says how many were held back), and hands each run to at most
 * {@value #MAX_CONCURRENT} workers with a queue of {@value #QUEUE} (past it: dropped, counted, logged). Every run
 * has its hook's timeout; failures are logged and counted.
 */
public final class Hooks implements AutoCloseable {
    public static final int MAX_CONCURRENT = 2;
    public static final int QUEUE = 32;
    private static final int EVENT_QUEUE = 1024;

    private volatile List<HookRule> rules = List.of();
    private volatile boolean wantsState;
    private volatile boolean started;
    private JmonApi reader;
    private HookRunner runner;
    private HookEvents kinds;
    private Consumer<String> log = s -> { };
    /** On the engine thread: whether a process's app declares hooks of its own (or its file's). */
    private final java.util.function.IntPredicate appHooks;

    /** An event for the dispatcher, with whether its app has hooks of its own (read on the engine thread). */
    private record Pending(EngineEvent event, boolean appHooks) {}

    private final BlockingQueue<Pending> events = new ArrayBlockingQueue<>(EVENT_QUEUE);
    private ThreadPoolExecutor pool;
    private volatile Thread dispatcher;
    private final Map<String, Long> lastFired = new HashMap<>();
    private final Map<String, Long> heldBack = new HashMap<>();
    private final AtomicLong fired = new AtomicLong(), failed = new AtomicLong(), suppressed = new AtomicLong(),
            dropped = new AtomicLong();

    /** @param appHooks on the engine thread: does this pm_id's app declare hooks (cheap: a table lookup) */
    public Hooks(java.util.function.IntPredicate appHooks) { this.appHooks = appHooks; }

    /** No app hooks (tests that configure daemon hooks only). */
    public Hooks() { this(pmId -> false); }

    /**
     * Turns the hooks on (once, at daemon start; with no rules nothing runs and no thread is started).
     *
     * @param reader    the API as a read-only caller, for the namespace's state
     * @param outputLog where the commands' output goes (created 0600 by the caller)
     */
    public synchronized void start(List<HookRule> configured, JmonApi reader, jmon.engine.events.EventBus bus,
                                   Path outputLog, Map<String, String> daemonEnv, String host, Consumer<String> log) {
        if (started) throw new IllegalStateException("hooks already started");
        this.reader = reader;
        this.runner = new HookRunner(outputLog, daemonEnv);
        this.kinds = new HookEvents(host);
        this.log = log;
        this.rules = List.copyOf(configured);
        boolean state = false;
        for (HookRule r : rules) {
            state |= r.on().contains(HookEvents.CRASH_LOOP) || r.on().contains(HookEvents.INCIDENT);
        }
        this.wantsState = state;
        this.pool = new ThreadPoolExecutor(MAX_CONCURRENT, MAX_CONCURRENT, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "jmon-hook");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        started = true;
        bus.subscribe(this::offer); // app hooks may come with any start: the dispatcher starts with the first event
        if (!rules.isEmpty()) {
            startDispatcher();
            log.accept("hooks: " + rules.size() + " configured in config.json");
        }
    }

    private synchronized void startDispatcher() {
        if (dispatcher != null || pool.isShutdown()) return;
        dispatcher = new Thread(this::dispatch, "jmon-hooks");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    public List<HookRule> rules() { return rules; }

    /** On the engine thread: a table lookup and a queue offer, nothing more. */
    private void offer(EngineEvent e) {
        if (e instanceof EngineEvent.StatusChanged s) {
            boolean app = appHooks.test(s.pmId());
            if (rules.isEmpty() && !app) return;
            if (dispatcher == null) startDispatcher(); // once: the first event of an app with hooks
            if (!events.offer(new Pending(s, app))) dropped.incrementAndGet();
        } else if (e instanceof EngineEvent.ProcessRemoved && dispatcher != null) {
            if (!events.offer(new Pending(e, false))) dropped.incrementAndGet();
        }
    }

    private void dispatch() {
        while (true) {
            Pending pe;
            try {
                pe = events.take();
            } catch (InterruptedException x) {
                return;
            }
            EngineEvent e = pe.event();
            try {
                if (e instanceof EngineEvent.ProcessRemoved r) {
                    kinds.forget(r.pmId());
                    continue;
                }
                EngineEvent.StatusChanged s = (EngineEvent.StatusChanged) e;
                List<HookEvent> found = new ArrayList<>(kinds.direct(s));
                List<ProcessInfo> ns = null;
                if (wantsState || pe.appHooks()) {
                    ns = reader.list(s.namespace());
                    found.addAll(kinds.fromState(s, ns, System.currentTimeMillis()));
                }
                for (HookEvent he : found) fire(he, ns == null ? rules : withAppRules(he, ns));
            } catch (RuntimeException x) {
                log.accept("hooks: could not classify " + e + ": " + x);
            }
        }
    }

    /**
     * config.json's hooks, then the app's own (its file's included): of the event's process, or for an incident
     * every distinct hook the namespace's apps declare for it, once.
     */
    private List<HookRule> withAppRules(HookEvent e, List<ProcessInfo> ns) {
        List<HookRule> out = new ArrayList<>(rules);
        java.util.Set<jmon.api.HookSpec> seen = new java.util.HashSet<>();
        for (ProcessInfo p : ns) {
            boolean mine = e.pmId() != null && p.pmId() == e.pmId();
            if (!mine && !HookEvents.INCIDENT.equals(e.type())) continue;
            if (p.spec() == null) continue;
            for (jmon.api.HookSpec h : p.spec().health().hooks()) {
                if (!h.on().contains(e.type()) || !seen.add(h)) continue;
                out.add(ruleOf(h, p, mine));
            }
        }
        return out;
    }

    /** An app's hook as a rule for that app only (a namespace's incident: for the namespace). */
    static HookRule ruleOf(jmon.api.HookSpec h, ProcessInfo p, boolean forTheApp) {
        return new HookRule(p.namespace() + "/" + (forTheApp ? p.name() + ":" : "") + h.name(), java.util.Set.copyOf(h.on()),
                p.namespace(), forTheApp ? p.name() : null, h.command(), h.url(), h.timeoutMs(), h.repeatMs());
    }

    private void fire(HookEvent e, List<HookRule> candidates) {
        long now = System.currentTimeMillis();
        for (HookRule r : candidates) {
            if (!r.matches(e)) continue;
            String key = r.name() + '|' + e.type() + '|' + e.subject();
            Long last = lastFired.get(key);
            if (last != null && now - last < r.repeatMs()) {
                suppressed.incrementAndGet();
                heldBack.merge(key, 1L, Long::sum);
                continue;
            }
            if (lastFired.size() > 4096) prune(now);
            lastFired.put(key, now);
            Long held = heldBack.remove(key);
            HookEvent ev = held == null ? e : e.withSuppressed(held);
            try {
                pool.execute(() -> record(runner.run(r, ev)));
            } catch (RejectedExecutionException x) {
                dropped.incrementAndGet();
                log.accept("hooks: " + r.label() + " not run for " + ev.type() + " of " + ev.subject() + ": "
                        + MAX_CONCURRENT + " running and " + QUEUE + " waiting already");
            }
        }
    }

    private void prune(long now) {
        for (Iterator<Map.Entry<String, Long>> it = lastFired.entrySet().iterator(); it.hasNext(); ) {
            if (now - it.next().getValue() > HookRule.DEFAULT_REPEAT_MS * 60) it.remove();
        }
    }

    private HookRun record(HookRun run) {
        fired.incrementAndGet();
        if (run.ok()) {
            log.accept("hook " + run.hook() + ": " + run.event() + " of " + run.subject() + ": " + run.detail() + " in " + run.ms() + " ms");
        } else {
            failed.incrementAndGet();
            log.accept("hook " + run.hook() + " FAILED: " + run.event() + " of " + run.subject() + ": " + run.detail());
        }
        return run;
    }

    /**
     * Fires every hook that listens to {@code type} once, for real, with a made-up event (no rate limit, the
     * app filters ignored), and waits for them (each within its timeout).
     */
    public HookReport test(String type, String namespace, String name) {
        if (!HookEvents.TYPES.contains(type)) {
            throw new JmonException(ErrorCode.BAD_REQUEST, "event: one of " + String.join(", ", HookEvents.TYPES) + ", got '" + type + "'");
        }
        List<HookRule> these = new ArrayList<>();
        for (HookRule r : rules) if (r.on().contains(type)) these.add(r);
        if (namespace != null && name != null && reader != null) {
            java.util.Set<jmon.api.HookSpec> seen = new java.util.HashSet<>();
            for (ProcessInfo p : reader.list(namespace)) {
                if (!p.name().equals(name) || p.spec() == null) continue;
                for (jmon.api.HookSpec h : p.spec().health().hooks()) {
                    if (h.on().contains(type) && seen.add(h)) these.add(ruleOf(h, p, true));
                }
            }
        }
        if (these.isEmpty()) {
            throw new JmonException(ErrorCode.NOT_FOUND, "no hook listens to '" + type + "' (" + rules.size()
                    + " in config.json, read at daemon start" + (name == null ? "; -n NS --name APP adds that app's own" : "; none of "
                    + namespace + "/" + name + "'s own") + ")");
        }
        HookEvent e = kinds.sample(type, namespace == null ? "default" : namespace, name == null ? "test" : name, System.currentTimeMillis());
        List<java.util.concurrent.Future<HookRun>> pending = new ArrayList<>();
        for (HookRule r : these) {
            try {
                pending.add(pool.submit(() -> record(runner.run(r, e))));
            } catch (RejectedExecutionException x) {
                dropped.incrementAndGet();
                throw new JmonException(ErrorCode.FAILED, "the hooks are busy (" + MAX_CONCURRENT + " running, " + QUEUE + " waiting); try again");
            }
        }
        List<HookRun> runs = new ArrayList<>();
        for (var f : pending) {
            try {
                runs.add(f.get());
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw new JmonException(ErrorCode.FAILED, "interrupted");
            } catch (java.util.concurrent.ExecutionException x) {
                throw new JmonException(ErrorCode.FAILED, "hook failed: " + x.getCause());
            }
        }
        return report(runs);
    }

    public HookReport report(List<HookRun> runs) {
        return new HookReport(runs, rules.size(), fired.get(), failed.get(), suppressed.get(), dropped.get());
    }

    @Override
    public synchronized void close() {
        if (dispatcher != null) dispatcher.interrupt();
        if (pool != null) pool.shutdownNow();
    }
}
