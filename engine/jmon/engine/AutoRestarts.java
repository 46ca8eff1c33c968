package jmon.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.api.ProcessStatus;
import jmon.engine.metrics.CronExpression;
import jmon.engine.metrics.ProcessSample;
import jmon.engine.supervise.Intent;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Supervisor;
import jmon.engine.time.Clock;
import jmon.engine.time.Scheduler;
import jmon.engine.watch.FileWatcher;

/**
 * Restarts nobody asked for by a request: a watched file changed (debounced), a cron_restart time came, the
 * memory went over max_memory_restart. (Crash restarts are the supervisor's.) Engine thread only.
 */
final class AutoRestarts {
    private final EngineLoop loop;
    private final Clock clock;
    private final Supervisor supervisor;
    private final ProcessTable table;
    private final FileWatcher watcher;
    private final Map<Integer, Scheduler.Cancellable> cronTimers = new HashMap<>();
    private final Map<Integer, Scheduler.Cancellable> watchDebounce = new HashMap<>();

    AutoRestarts(EngineLoop loop, Clock clock, Supervisor supervisor, ProcessTable table) {
        this.loop = loop;
        this.clock = clock;
        this.supervisor = supervisor;
        this.table = table;
        this.watcher = new FileWatcher((pmId, path) -> loop.execute(() -> onFileChanged(pmId, path)));
    }

    /** A new process: its cron timer and its watched tree. */
    void attach(ManagedProcess p) {
        scheduleCron(p);
        AppSpec s = p.spec();
        if (!s.restart().watches()) return;
        try {
            watcher.watch(p.pmId(), s.restart().watch(), s.restart().ignoreWatch(), s.cwd());
        } catch (IOException | RuntimeException e) {
            System.err.println("jmon: watching " + s.restart().watch() + " for " + p.namespace() + "/" + p.name()
                    + " failed: " + e);
        }
    }

    void release(ManagedProcess p) {
        Scheduler.Cancellable cron = cronTimers.remove(p.pmId());
        if (cron != null) cron.cancel();
        watcher.unwatch(p.pmId());
        Scheduler.Cancellable deb = watchDebounce.remove(p.pmId());
        if (deb != null) deb.cancel();
    }

    /** watch: a change restarts the process once the tree has been quiet for watch_delay (a save storm = one restart). */
    private void onFileChanged(int pmId, Path path) {
        ManagedProcess p = table.get(pmId);
        if (p == null || p.desired() != Desired.RUN) return;
        Scheduler.Cancellable old = watchDebounce.remove(pmId);
        if (old != null) old.cancel();
        watchDebounce.put(pmId, loop.schedule(() -> {
            watchDebounce.remove(pmId);
            if (p.isRemoved() || p.desired() != Desired.RUN || !p.status().isRunning()) return;
            supervisor.stopAll(List.of(p), Intent.RESTART, "file changed: " + path);
        }, p.spec().restart().watchDelayMs()));
    }

    /**
     * cron_restart, as PM2: at each matching time a running process is restarted, and one that ended on its own
     * (exited, errored: still meant to run) is started again, which is PM2's {@code --cron --no-autorestart} job
     * pattern. A process an operator stopped (desired halt) stays stopped: a stop is never undone by a timer.
     */
    private void scheduleCron(ManagedProcess p) {
        String expr = p.spec().restart().cronRestart();
        Scheduler.Cancellable old = cronTimers.remove(p.pmId());
        if (old != null) old.cancel();
        if (expr == null || p.isRemoved()) return;
        long now = clock.nowMs();
        long next = CronExpression.parse(expr).nextAfter(now, java.time.ZoneId.systemDefault());
        cronTimers.put(p.pmId(), loop.schedule(() -> {
            if (p.isRemoved()) return;
            if (p.status() == ProcessStatus.ONLINE) {
                supervisor.stopAll(List.of(p), Intent.RESTART, "cron_restart \"" + expr + "\"");
            } else if (p.desired() == Desired.RUN && p.status().isHalted()) {
                supervisor.start(p, "cron_restart \"" + expr + "\" (it had ended on its own)");
            }
            scheduleCron(p);
        }, Math.max(0, next - now)));
    }

    /** max_memory_restart: a graceful restart of a group over its limit, with the figures as the reason. */
    void checkMemory(Map<Integer, ProcessSample> samples) {
        samples.forEach((pmId, s) -> {
            ManagedProcess p = table.get(pmId);
            if (p == null || p.status() != ProcessStatus.ONLINE) return;
            long limit = p.spec().restart().maxMemoryRestartBytes();
            if (limit <= 0 || s.rss() <= limit) return;
            supervisor.stopAll(List.of(p), Intent.RESTART, String.format(
                    "memory %.1f MiB over max_memory_restart %.1f MiB", s.rss() / 1048576.0, limit / 1048576.0));
        });
    }

    void close() { watcher.close(); }
}
