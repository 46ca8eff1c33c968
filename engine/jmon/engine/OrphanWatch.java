package jmon.engine;

import java.util.List;
import java.util.function.Consumer;
import jmon.api.Member;
import jmon.engine.exec.MarkedProcess;
import jmon.engine.exec.MarkedProcesses;
import jmon.engine.exec.OrphanReaper;
import jmon.engine.exec.Posix;
import jmon.engine.exec.ProcFs;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Members;
import jmon.engine.supervise.Supervisor;

/**
 * The daemon as its apps' subreaper: orphans that land on it are reaped, live marked processes no running app owns
 * are killed, and an app's members (children, escaped descendants) are found for describe.
 */
final class OrphanWatch {
    private final String homeId;
    private final EngineLoop loop;
    private final ProcessTable table;
    private final Supervisor supervisor;
    private final MetricsFeed metrics;
    private volatile OrphanReaper reaper;

    OrphanWatch(String homeId, EngineLoop loop, ProcessTable table, Supervisor supervisor, MetricsFeed metrics) {
        this.homeId = homeId;
        this.loop = loop;
        this.table = table;
        this.supervisor = supervisor;
        this.metrics = metrics;
    }

    /**
     * Makes the daemon the subreaper of its apps (what they double-fork comes back to it, not to init) and starts
     * reaping the orphans that land on it; every second the live marked ones that no running app owns are
     * killed. As PID 1 of a namespace it reaps every orphan there.
     */
    void start(Consumer<String> log) {
        if (!Posix.becomeSubreaper()) log.accept("prctl(PR_SET_CHILD_SUBREAPER) refused: orphans go to init");
        OrphanReaper r = new OrphanReaper(homeId, metrics::isLiveLeader,
                found -> loop.execute(() -> killLeftovers(found, log)), log, 1000);
        reaper = r;
        r.start(loop);
    }

    private void killLeftovers(List<MarkedProcess> found, Consumer<String> log) {
        for (MarkedProcess m : found) {
            ManagedProcess p = table.get(m.pmId());
            if (supervisor.killLeftover(p, m)) {
                log.accept("killed leftover pid " + m.pid() + " (" + m.command() + ") of "
                        + (p == null ? "unknown pm_id " + m.pmId() : p.namespace() + "/" + p.name() + " [" + m.pmId() + "]")
                        + ", generation " + m.generation() + (p == null ? "" : " (current " + p.generation() + ")"));
            }
        }
    }

    /** Reaps what is left at the daemon's very end; 0 without a reaper. */
    int drain() {
        OrphanReaper r = reaper;
        return r == null ? 0 : r.drain();
    }

    /** A process's members: a full read of /proc, off the engine thread. */
    List<Member> members(long leaderPid, int pmId) {
        return Members.of(leaderPid, pmId, ProcFs.table(), MarkedProcesses.scan(homeId));
    }

    void close() {
        OrphanReaper r = reaper;
        if (r != null) r.close();
    }
}
