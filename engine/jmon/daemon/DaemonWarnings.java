package jmon.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.DaemonInfo;
import jmon.api.EventSink;
import jmon.api.FreezeInfo;
import jmon.api.JmonApi;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.MetricSample;
import jmon.api.ProcessInfo;
import jmon.api.SaveResult;
import jmon.api.Selector;
import jmon.api.Verb;

/**
 * What the daemon itself wants the operator to know (a setting that fell back to its default, an endpoint
 * that could not listen): each line is logged once and added to every {@code ping} answer
 * ({@link DaemonInfo#warnings()}), after the engine's own.
 */
final class DaemonWarnings {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    void add(String line) {
        Daemon.log("warning: " + line);
        lines.add(line);
    }

    /** The API with these warnings in its ping answer; every other call goes straight through. */
    JmonApi over(JmonApi api) {
        return new JmonApi() {
            @Override
            public DaemonInfo ping() {
                DaemonInfo d = api.ping();
                if (lines.isEmpty()) return d;
                List<String> all = new ArrayList<>(d.warnings());
                all.addAll(lines);
                return new DaemonInfo(d.version(), d.protocol(), d.pid(), d.startedAt(), d.uptimeMs(), d.home(), d.user(),
                        d.status(), d.host(), all);
            }

            @Override public ActionResult start(List<AppSpec> apps, boolean r) { return api.start(apps, r); }
            @Override public ActionResult act(Verb verb, Selector selector) { return api.act(verb, selector); }
            @Override public List<ProcessInfo> list(String namespace) { return api.list(namespace); }
            @Override public SaveResult save(String namespace, boolean force) { return api.save(namespace, force); }
            @Override public ActionResult resurrect(String namespace, boolean dryRun) { return api.resurrect(namespace, dryRun); }
            @Override public ActionResult kill() { return api.kill(); }
            @Override public void logs(LogQuery query, LogSink sink) { api.logs(query, sink); }
            @Override public ActionResult flush(Selector selector) { return api.flush(selector); }
            @Override public int reloadLogs() { return api.reloadLogs(); }
            @Override public void events(EventSink sink) { api.events(sink); }
            @Override public FreezeInfo freeze(String namespace, String reason) { return api.freeze(namespace, reason); }
            @Override public ActionResult unfreeze(String namespace) { return api.unfreeze(namespace); }
            @Override public List<FreezeInfo> freezes() { return api.freezes(); }
            @Override public List<MetricSample> metrics(int pmId) { return api.metrics(pmId); }
        };
    }
}
