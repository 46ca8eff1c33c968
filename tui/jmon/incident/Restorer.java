package jmon.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jmon.api.JmonApi;
import jmon.api.LogLine;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.Selector;
import jmon.api.Verb;

/**
 * Runs a plan step by step. Each step acts on exactly one app of the plan (start a missing one, restart an
 * errored or crash-looping one, start a stopped one; an app found healthy is left alone), then waits for it to be
 * ready before the next step starts:
 * <ul>
 *   <li>an app with a readiness probe or {@code wait_ready} (notify {@code READY=1}): online and ready;</li>
 *   <li>otherwise: online for {@code min_uptime} with no restart meanwhile.</li>
 * </ul>
 * The wait has a deadline ({@link #stepTimeoutMs}); errored, or the deadline passed, is a failure: the
 * {@link Decider} chooses retry, skip or abort, shown the last log lines. Nothing outside the plan is touched and
 * nothing is ever stopped. The API per namespace carries that namespace's freeze token.
 */
public final class Restorer {
    public enum Decision { RETRY, SKIP, ABORT }

    /** What a step came to. {@code outcome}: ready, already-ok, skipped, failed, aborted, not-run. */
    public record StepResult(Plan.Step step, String outcome, long startedAt, long readyAt, int attempts, String error,
                             List<String> lastLines) {
        public long tookMs() { return readyAt > 0 ? readyAt - startedAt : 0; }
    }

    /** Chooses what to do after a failed step. */
    public interface Decider {
        Decision onFailure(Plan.Step step, StepResult failure);
    }

    /** Progress, for the console and the CLI. Every method has a do-nothing default. */
    public interface Listener {
        default void stepStarted(int index, Plan.Step step, int attempt) {}
        default void progress(int index, Plan.Step step, String message) {}
        default void log(int index, Plan.Step step, List<String> lastLines) {}
        default void stepDone(int index, StepResult result) {}
    }

    /** A decider for no terminal: retry up to {@code retries} times, then skip or abort. */
    public static Decider policy(int retries, boolean skipAfter) {
        return new Decider() {
            private Plan.Step last;
            private int tries;

            @Override
            public Decision onFailure(Plan.Step step, StepResult failure) {
                if (step != last) {
                    last = step;
                    tries = 0;
                }
                if (tries++ < retries) return Decision.RETRY;
                return skipAfter ? Decision.SKIP : Decision.ABORT;
            }
        };
    }

    public record Result(List<StepResult> steps, boolean aborted, long startedAt, long endedAt) {
        public boolean allReady() {
            return !aborted && steps.stream().allMatch(s -> s.outcome().equals("ready") || s.outcome().equals("already-ok"));
        }
    }

    private final Function<String, JmonApi> openAction;
    private final JmonApi reader;
    private final long stepTimeoutMs;
    private final long pollMs;
    private volatile boolean cancelled;

    /**
     * @param openAction opens a new connection for one action on a namespace (with that namespace's freeze token);
     *                   the action runs on its own thread, since a start returns only once the process is online
     *                   (or its listen timeout passed), and the connection is closed when it returns
     * @param reader     the connection used to watch (list, logs); used by the calling thread only
     */
    public Restorer(Function<String, JmonApi> openAction, JmonApi reader, long stepTimeoutMs) {
        this.openAction = openAction;
        this.reader = reader;
        this.stepTimeoutMs = stepTimeoutMs;
        this.pollMs = 200;
    }

    public void cancel() { cancelled = true; }

    public Result run(Plan plan, Decider decider, Listener l) {
        long t0 = System.currentTimeMillis();
        List<StepResult> out = new ArrayList<>();
        boolean aborted = false;
        List<Plan.Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            Plan.Step s = steps.get(i);
            if (aborted || cancelled) {
                out.add(new StepResult(s, "not-run", 0, 0, 0, null, List.of()));
                continue;
            }
            if (s.skipped) {
                StepResult r = new StepResult(s, "skipped", System.currentTimeMillis(), 0, 0, "skipped in the plan", List.of());
                out.add(r);
                l.stepDone(i, r);
                continue;
            }
            int attempt = 0;
            while (true) {
                attempt++;
                l.stepStarted(i, s, attempt);
                StepResult r = runStep(i, s, attempt, l);
                if (!r.outcome().equals("failed")) {
                    out.add(r);
                    l.stepDone(i, r);
                    break;
                }
                l.stepDone(i, r);
                Decision d = cancelled ? Decision.ABORT : decider.onFailure(s, r);
                l.progress(i, s, "decision: " + d.name().toLowerCase());
                if (d == Decision.RETRY) continue;
                if (d == Decision.SKIP) {
                    out.add(new StepResult(s, "skipped", r.startedAt(), 0, attempt, r.error(), r.lastLines()));
                } else {
                    out.add(new StepResult(s, "aborted", r.startedAt(), 0, attempt, r.error(), r.lastLines()));
                    aborted = true;
                }
                break;
            }
        }
        return new Result(out, aborted || cancelled, t0, System.currentTimeMillis());
    }

    private static List<ProcessInfo> mine(JmonApi api, Expected e) {
        return api.list(e.namespace()).stream().filter(p -> p.name().equals(e.name())).toList();
    }

    StepResult runStep(int i, Plan.Step s, int attempt, Listener l) {
        long start = System.currentTimeMillis();
        Expected e = s.app;
        JmonApi api = reader;
        try {
            List<ProcessInfo> now = mine(api, e);
            long t = System.currentTimeMillis();
            if (!now.isEmpty() && now.stream().allMatch(p -> Assessment.judge(e, now, t).state().equals("ok") && p.status() == ProcessStatus.ONLINE)) {
                l.progress(i, s, e.key() + " is already online and ready; left alone");
                return new StepResult(s, "already-ok", start, t, attempt, null, List.of());
            }
            Selector sel = Selector.of(e.namespace(), e.name());
            java.util.concurrent.atomic.AtomicReference<String> actionError = new java.util.concurrent.atomic.AtomicReference<>();
            if (now.isEmpty()) {
                l.progress(i, s, "starting " + e.key());
                act(e, a -> a.start(List.of(e.spec()), false), actionError);
            } else if (now.stream().anyMatch(p -> p.status() == ProcessStatus.ERRORED || p.status() == ProcessStatus.WAITING_RESTART
                    || (p.status() == ProcessStatus.ONLINE && p.unstableRestarts() > 0))) {
                l.progress(i, s, "restarting " + e.key() + " (" + now.get(0).status().wire() + ")");
                act(e, a -> a.act(Verb.RESTART, sel), actionError);
            } else if (now.stream().anyMatch(p -> p.status().isHalted())) {
                l.progress(i, s, "starting " + e.key() + " (" + now.get(0).status().wire() + ")");
                act(e, a -> a.act(Verb.START, sel), actionError);
            } else {
                l.progress(i, s, "waiting for " + e.key() + " (" + now.get(0).status().wire() + ")");
            }
            return await(i, s, api, start, attempt, l, actionError);
        } catch (RuntimeException ex) {
            List<String> lines = lastLines(api, e, 15);
            return new StepResult(s, "failed", start, 0, attempt, ex.getMessage(), lines);
        }
    }

    /** Runs one action on its own connection and thread; a refusal (e.g. a freeze) lands in {@code error}. */
    private void act(Expected e, java.util.function.Consumer<JmonApi> action, java.util.concurrent.atomic.AtomicReference<String> error) {
        Object done = new Object();
        boolean[] finished = {false};
        Thread t = new Thread(() -> {
            JmonApi a = null;
            try {
                a = openAction.apply(e.namespace());
                action.accept(a);
            } catch (RuntimeException ex) {
                error.set(ex.getMessage() == null ? ex.toString() : ex.getMessage());
            } finally {
                if (a instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // closing
                    }
                }
                synchronized (done) {
                    finished[0] = true;
                    done.notifyAll();
                }
            }
        }, "jmon-restore-action");
        t.setDaemon(true);
        t.start();
        // a quick refusal (frozen, bad spec) is reported at once; a slow start is watched by await
        synchronized (done) {
            long end = System.currentTimeMillis() + 300;
            while (!finished[0]) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) break;
                try {
                    done.wait(left);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    private StepResult await(int i, Plan.Step s, JmonApi api, long start, int attempt, Listener l,
                             java.util.concurrent.atomic.AtomicReference<String> actionError) {
        Expected e = s.app;
        boolean gated = e.spec().health().gatesOnline();
        long minUp = e.spec().restart().minUptimeMs();
        long deadline = start + stepTimeoutMs;
        long lastLog = 0;
        Integer restartsAtOnline = null;
        String why = "not ready";
        while (!cancelled) {
            long now = System.currentTimeMillis();
            List<ProcessInfo> ps = mine(api, e);
            if (actionError.get() != null && (ps.isEmpty() || ps.stream().noneMatch(p -> p.status().isRunning())))
                return new StepResult(s, "failed", start, 0, attempt, actionError.get(), lastLines(api, e, 15));
            if (ps.isEmpty()) why = "gone from the process list";
            else if (ps.stream().anyMatch(p -> p.status() == ProcessStatus.ERRORED)) {
                ProcessInfo p = ps.get(0);
                return new StepResult(s, "failed", start, 0, attempt, "errored" + (p.reason() == null ? "" : ": " + p.reason()), lastLines(api, e, 15));
            } else if (ps.stream().allMatch(p -> p.status() == ProcessStatus.ONLINE)) {
                int restarts = ps.stream().mapToInt(ProcessInfo::restarts).sum();
                if (gated) {
                    if (ps.stream().allMatch(ProcessInfo::ready)) return ready(i, s, start, attempt, l, "ready");
                    why = "online, waiting for ready (" + e.healthCheck() + ")";
                } else {
                    if (restartsAtOnline == null || restartsAtOnline != restarts) restartsAtOnline = restarts;
                    long up = ps.stream().mapToLong(p -> now - p.startedAt()).min().orElse(0);
                    if (up >= minUp && restartsAtOnline == restarts) return ready(i, s, start, attempt, l, "online for " + up + " ms (min_uptime " + minUp + ")");
                    why = "online " + up + " ms of min_uptime " + minUp + " ms";
                }
            } else {
                why = ps.get(0).status().wire();
            }
            if (now - lastLog >= 1000) {
                lastLog = now;
                l.progress(i, s, e.key() + ": " + why);
                l.log(i, s, lastLines(api, e, 8));
            }
            if (now >= deadline) {
                return new StepResult(s, "failed", start, 0, attempt, "not ready after " + stepTimeoutMs + " ms: " + why, lastLines(api, e, 15));
            }
            sleep(pollMs);
        }
        return new StepResult(s, "failed", start, 0, attempt, "cancelled", List.of());
    }

    private static StepResult ready(int i, Plan.Step s, long start, int attempt, Listener l, String how) {
        long t = System.currentTimeMillis();
        l.progress(i, s, s.app.key() + " ready: " + how + " after " + (t - start) + " ms");
        return new StepResult(s, "ready", start, t, attempt, null, List.of());
    }

    /** The last lines (stdout and stderr) of the app, "[err] " marking stderr. */
    public static List<String> lastLines(JmonApi api, Expected e, int n) {
        List<String> out = new ArrayList<>();
        try {
            api.logs(new LogQuery(Selector.of(e.namespace(), e.name()), n, false, true, true), new LogSink() {
                @Override
                public boolean line(LogLine line) {
                    out.add((line.stream().equals("err") ? "[err] " : "") + line.text());
                    return true;
                }
            });
        } catch (RuntimeException ignored) {
            // no logs to show
        }
        return out.subList(Math.max(0, out.size() - n), out.size());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
