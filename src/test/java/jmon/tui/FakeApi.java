package jmon.tui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.DaemonInfo;
import jmon.api.DaemonStatus;
import jmon.api.Desired;
import jmon.api.EventSink;
import jmon.api.HostStatus;
import jmon.api.JmonApi;
import jmon.api.LogLine;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.MetricSample;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.SaveResult;
import jmon.api.Selector;
import jmon.api.Verb;

/** An in-memory daemon for UI tests: a fixed process list, recorded requests, canned logs. */
final class FakeApi implements JmonApi {
    final List<ProcessInfo> processes = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<LogLine> logLines = new CopyOnWriteArrayList<>();
    volatile boolean down;
    final List<jmon.api.FreezeInfo> frozen = new CopyOnWriteArrayList<>();
    /** Keeps a followed log stream open after its history, as the daemon does, sending no idle signal. */
    volatile boolean holdStream;

    static ProcessInfo proc(int id, String ns, String name, ProcessStatus st, int priority) {
        return proc(id, ns, name, st, priority, "production", false, 0);
    }

    static ProcessInfo proc(int id, String ns, String name, ProcessStatus st, int priority, String tier, boolean isProtected, int unstable) {
        AppSpec spec = new AppSpec(ns, name, "/bin/sleep", List.of("1000"), null, List.of(), "/tmp",
                Map.of("PORT", "80", "DB_PASSWORD", "hunter2"), 1, null, null, null, priority, isProtected, tier, true, null);
        boolean live = st.isSignallable();
        return new ProcessInfo(id, ns, name, 0, st, Desired.values()[0], live ? 1000 + id : 0, live, id % 3 + unstable, unstable,
                live ? System.currentTimeMillis() - 65_000 : 0, System.currentTimeMillis() - 100_000,
                st == ProcessStatus.ERRORED ? 1 : null, null, st == ProcessStatus.ERRORED ? "exited with code 1" : "started",
                "/tmp/out.log", "/tmp/err.log", live ? 1.5 * id : 0, live ? 10_000_000L * (id + 1) : 0, spec);
    }

    static FakeApi example() {
        FakeApi f = new FakeApi();
        f.processes.add(proc(0, "shop-prod", "shop-api", ProcessStatus.ONLINE, 1));
        f.processes.add(proc(1, "shop-prod", "shop-worker", ProcessStatus.ONLINE, 2));
        f.processes.add(proc(2, "shop-prod", "shop-analytics", ProcessStatus.ERRORED, 3));
        f.processes.add(proc(3, "stock-alert-prod", "stock-alert", ProcessStatus.ONLINE, 4));
        f.processes.add(proc(4, "shop-test", "shop-api", ProcessStatus.STOPPED, 5));
        f.processes.add(proc(5, "shop-test", "shop-worker", ProcessStatus.ONLINE, 6));
        return f;
    }

    private void check() {
        if (down) throw new jmon.api.JmonException(jmon.api.ErrorCode.UNREACHABLE, "jmon daemon is not running (test)");
    }

    @Override
    public DaemonInfo ping() {
        check();
        return new DaemonInfo("9.9.9", 1, 42, 0, 3_600_000, "/tmp/home", "op", new DaemonStatus(1.0, 50_000_000, 1, 2, 3),
                new HostStatus("testhost", 12.5, 4, 16L << 30, 8L << 30, 0.5, 0.4, 0.3, 100L << 30, 60L << 30));
    }

    @Override
    public ActionResult start(List<AppSpec> apps, jmon.api.StartMode mode) {
        boolean restartExisting = mode.touchesExisting();
        check();
        calls.add("start " + apps.get(0).namespace() + "/" + apps.get(0).name() + " x" + apps.get(0).instances());
        return new ActionResult(List.of(), List.of());
    }

    @Override
    public ActionResult act(Verb verb, Selector s) {
        check();
        calls.add(verb.wire() + " " + s.namespace() + " " + String.join(",", s.targets()) + (s.allNamespaces() ? " all-ns" : ""));
        List<ProcessInfo> touched = new ArrayList<>();
        for (ProcessInfo p : processes) if (s.targets().contains(String.valueOf(p.pmId()))) touched.add(p);
        return new ActionResult(touched, List.of());
    }

    @Override
    public List<ProcessInfo> list(String namespace) {
        check();
        return processes.stream().filter(p -> namespace == null || p.namespace().equals(namespace)).toList();
    }

    @Override
    public ProcessInfo describe(int pmId) {
        check();
        return processes.stream().filter(p -> p.pmId() == pmId).findFirst()
                .orElseThrow(() -> new jmon.api.JmonException(jmon.api.ErrorCode.NOT_FOUND, "no process with id " + pmId));
    }

    @Override
    public SaveResult save(String namespace, boolean force) {
        check();
        calls.add("save " + namespace);
        return new SaveResult(List.of(new SaveResult.Saved(namespace, "/tmp/dump.json", 3)), List.of());
    }

    @Override public ActionResult resurrect(String namespace, boolean dryRun) { return new ActionResult(List.of(), List.of()); }
    @Override public ActionResult kill() { return new ActionResult(List.of(), List.of()); }

    @Override
    public void logs(LogQuery q, LogSink sink) {
        check();
        for (LogLine l : logLines) if (!sink.line(l)) return;
        for (int n = 1; holdStream && q.follow() && !down; n++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            if (n % 250 == 0 && !sink.idle()) return; // the daemon's idle signal: every 5 s of silence
        }
    }

    @Override
    public ActionResult flush(Selector s) {
        calls.add("flush " + s.namespace() + " " + String.join(",", s.targets()));
        return new ActionResult(List.of(), List.of());
    }

    @Override public int reloadLogs() { return 0; }

    @Override public ActionResult signal(String signal, Selector s) { throw new UnsupportedOperationException("signal"); }

    @Override public ActionResult reset(Selector s) { throw new UnsupportedOperationException("reset"); }
    @Override public ActionResult update() { throw new UnsupportedOperationException("update"); }

    @Override public ActionResult scale(String ns, String name, int n) {
        calls.add("scale " + ns + "/" + name + " " + n);
        return new ActionResult(List.of(), List.of());
    }
    @Override public jmon.api.FreezeInfo freeze(String ns, String reason) {
        return new jmon.api.FreezeInfo(ns, reason, "test", 0, "token");
    }
    @Override public ActionResult unfreeze(String ns) { return new ActionResult(List.of(), List.of()); }
    @Override public List<jmon.api.FreezeInfo> freezes() { return List.copyOf(frozen); }
    @Override public List<jmon.api.HistoryEvent> history(jmon.api.HistoryQuery q) { return List.of(); }
    @Override public List<jmon.api.ExpectedApp> expected(String ns) { return List.of(); }
    @Override public jmon.api.ActionResult registerFile(String path) { throw new UnsupportedOperationException(); }
    @Override public jmon.api.ActionResult unregisterFile(String path) { throw new UnsupportedOperationException(); }
    @Override public List<jmon.api.RegisteredFile> registeredFiles() { return List.of(); }
    @Override public String createIncident(String base) { throw new UnsupportedOperationException(); }
    @Override public jmon.api.ActionResult writeIncidentFile(String id, String name, String content) { throw new UnsupportedOperationException(); }
    @Override public String readIncidentFile(String id, String name) { throw new UnsupportedOperationException(); }
    @Override public List<jmon.api.IncidentInfo> incidents() { return List.of(); }
    @Override public jmon.api.ActionResult appendIncidentFile(String id, String name, String content) { throw new UnsupportedOperationException(); }
    @Override public List<String> daemonLog(int lines) { return List.of(); }

    @Override
    public void events(EventSink sink) {
        check();
        while (sink.idle()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            check();
        }
    }

    @Override
    public List<MetricSample> metrics(int pmId) {
        return List.of(new MetricSample(1, 1, 1000), new MetricSample(2, 5, 2000), new MetricSample(3, 3, 1500));
    }
}
