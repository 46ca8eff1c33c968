package jmon.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jmon.api.MetricSample;
import jmon.api.ProcessInfo;
import jmon.engine.metrics.MetricsHistory;
import jmon.engine.metrics.ProcSampler;
import jmon.engine.metrics.ProcessSample;
import jmon.engine.metrics.Sampler;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.time.Clock;

/**
 * CPU and memory of every live process group, the daemon and the host, sampled on the sampler's own thread from
 * a view of the live leaders the engine thread rebuilds after each change; memory limits handed back to the
 * engine thread.
 */
final class MetricsFeed {
    private final Path home;
    private final EngineLoop loop;
    private final Clock clock;
    private final AutoRestarts restarts;
    private final MetricsHistory history = new MetricsHistory();
    /** pmId → leader pid of every live process, for the sampler thread. */
    private volatile Map<Integer, Long> liveLeaders = Map.of();
    /** pmIds of the live processes with a max_memory_restart (sampled at the watched rate). */
    private volatile Set<Integer> liveLimited = Set.of();
    private volatile Sampler sampler;

    MetricsFeed(Path home, EngineLoop loop, Clock clock, AutoRestarts restarts) {
        this.home = home;
        this.loop = loop;
        this.clock = clock;
        this.restarts = restarts;
    }

    /**
     * Every intervalMs while someone watches (an open event stream, a /metrics scrape within the last idle
     * interval), every idleIntervalMs otherwise; apps with a max_memory_restart every intervalMs regardless.
     */
    void start(long intervalMs, long idleIntervalMs) {
        sampler = new Sampler(new ProcSampler(home), intervalMs, idleIntervalMs, () -> liveLeaders,
                () -> liveLimited, this::onSample);
        sampler.start();
    }

    /** On the engine thread after a change: the sampler's view of who lives. */
    void publish(ProcessTable table) {
        Map<Integer, Long> leaders = new HashMap<>();
        Set<Integer> limited = new HashSet<>();
        for (ManagedProcess p : table.values()) {
            if (p.pid() <= 0) continue;
            leaders.put(p.pmId(), p.pid());
            if (p.spec().restart().maxMemoryRestartBytes() > 0) limited.add(p.pmId());
        }
        boolean started = false;
        for (Map.Entry<Integer, Long> e : leaders.entrySet()) {
            if (!e.getValue().equals(liveLeaders.get(e.getKey()))) started = true;
        }
        liveLeaders = Map.copyOf(leaders);
        Sampler s = sampler;
        if (started && s != null) s.leadersChanged(); // their first figures within a moment
        if (!limited.equals(liveLimited)) {
            liveLimited = Set.copyOf(limited);
            if (s != null) s.limitedChanged(); // an idle park may be far longer than the limited apps' rate
        }
    }

    /** The leader pid of a live process, for the orphan reaper's thread. */
    boolean isLiveLeader(long pid) { return liveLeaders.containsValue(pid); }

    /** On the thread that ran the round: keep the figures, and hand memory limits to the engine thread. */
    private void onSample(Sampler.Snapshot snap) {
        history.record(snap.processes());
        // the engine thread only when some app sampled has a limit: an idle round wakes nothing else
        boolean check = false;
        for (Integer pmId : liveLimited) { // usually none
            if (snap.processes().containsKey(pmId)) {
                check = true;
                break;
            }
        }
        if (check) loop.execute(() -> restarts.checkMemory(snap.processes()));
    }

    /** A /metrics scrape: figures at the watched rate for the next idle interval. */
    void scraped() {
        Sampler s = sampler;
        if (s != null) s.scraped();
    }

    /** Figures at most interval_ms old, even while the sampler idles (list). */
    void ensureFresh() {
        Sampler s = sampler;
        if (s != null) s.ensureFresh();
    }

    /** The daemon's and the host's figures, null before the sampler runs. */
    Sampler.Machine machine() {
        Sampler s = sampler;
        return s == null ? null : s.machine();
    }

    /** While open, the sampler runs at the watched rate (an event stream reader shows live figures). */
    AutoCloseable watch() {
        Sampler s = sampler;
        return s == null ? null : s.watch();
    }

    /** What a client sees of p now, with its last figures. Engine thread. */
    ProcessInfo info(ManagedProcess p) {
        ProcessSample s = history.last(p.pmId());
        return s == null ? p.info(clock.nowMs(), 0, 0) : p.info(clock.nowMs(), s.cpu(), s.rss());
    }

    List<MetricSample> samples(int pmId) {
        List<MetricSample> out = new ArrayList<>();
        for (ProcessSample s : history.history(pmId)) out.add(new MetricSample(s.time(), s.cpu(), s.rss()));
        return out;
    }

    void forget(int pmId) { history.forget(pmId); }

    void close() {
        Sampler s = sampler;
        if (s != null) s.close();
    }
}
