package jmon.engine.restore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import jmon.api.Caller;
import jmon.api.ErrorCode;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.LogLine;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.RestoreJob;
import jmon.api.RestorePlan;
import jmon.api.RestoreQuestion;
import jmon.api.RestoreStep;
import jmon.api.RestoreStepState;
import jmon.api.Selector;
import jmon.api.Verb;

/**
 * One restore job running in the daemon. Its own thread walks the plan level by level; in a level, every step
 * whose dependencies have ended is launched while fewer than {@code parallelism} run, its action (start, restart)
 * on a bounded pool, and one process list per round judges every running step ({@link StepJudge}). Answers and
 * cancels come from request threads: every field below is guarded by {@code this}.
 */
final class RestoreRun implements Runnable {
    private static final long ROUND_MS = 100;
    private static final int LOG_LIMIT = 5000;

    /** One step's mutable state. */
    private static final class Step {
        final RestoreStep plan;
        String state = "pending";
        String action;
        int attempts;
        long startedAt;
        long readyAt;
        String reason;
        List<String> lastLines = List.of();
        /** The action's thread finished (ok or not), and its error if any. */
        volatile boolean actionDone;
        volatile String actionError;
        long onlineSince;
        int restartsAtOnline = -1;
        long question;

        Step(RestoreStep plan) { this.plan = plan; }

        RestoreStepState view() {
            return new RestoreStepState(plan.namespace(), plan.name(), plan.level(), state, action, attempts, startedAt,
                    readyAt, reason, lastLines);
        }

        boolean ended() { return view().ended(); }
    }

    final String id;
    final RestorePlan plan;
    final String user;
    final long submittedAt;
    private final Function<Caller, JmonApi> engine;
    private final Listener listener;
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Step> byKey = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private final Map<Long, RestoreQuestion> questions = new LinkedHashMap<>();
    private final Map<Long, String> answers = new HashMap<>();
    /** Namespace → token this job acts with; {@code own} are the freezes it made (and ends). */
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> own = new LinkedHashMap<>();
    private String state = "running";
    private String endReason;
    private long endedAt;
    private long nextQuestion = 1;
    private boolean cancelRequested;
    private String cancelBy;
    private String reportPath;
    /** The daemon stops: leave the job as its file says (running), for the next daemon to resume. */
    private volatile boolean abandoned;

    /** Told of every change worth keeping (the durable file) and of the end (the report). */
    interface Listener {
        void changed(RestoreRun run);
        void ended(RestoreRun run);
    }

    RestoreRun(String id, RestorePlan plan, String user, long submittedAt, Function<Caller, JmonApi> engine, Listener l) {
        this.id = id;
        this.plan = plan;
        this.user = user;
        this.submittedAt = submittedAt;
        this.engine = engine;
        this.listener = l;
        for (RestoreStep s : plan.steps()) {
            Step st = new Step(s);
            steps.add(st);
            byKey.put(s.key(), st);
        }
    }

    /** Restores what a file kept (after a daemon restart): ended steps stay ended, the rest run again. */
    synchronized void restoreFrom(RestoreJob saved, Map<String, String> ownTokens, Map<String, String> allTokens) {
        for (RestoreStepState s : saved.steps()) {
            Step st = byKey.get(s.key());
            if (st == null) continue;
            st.attempts = s.attempts();
            st.action = s.action();
            st.startedAt = s.startedAt();
            st.readyAt = s.readyAt();
            st.reason = s.reason();
            st.lastLines = s.lastLines() == null ? List.of() : s.lastLines();
            st.state = s.ended() ? s.state() : "pending";
        }
        log.addAll(saved.log());
        own.putAll(ownTokens);
        tokens.putAll(allTokens);
        note("the daemon restarted: the job resumes (steps that had not ended run again; an open question is asked again when the step fails again)");
    }

    void reportPath(String p) { this.reportPath = p; }

    synchronized void abandon() {
        abandoned = true;
        notifyAll();
    }

    synchronized Map<String, String> ownTokens() { return new LinkedHashMap<>(own); }

    synchronized Map<String, String> tokens() { return new LinkedHashMap<>(tokens); }

    synchronized RestoreJob view() {
        List<RestoreStepState> ss = new ArrayList<>(steps.size());
        for (Step s : steps) ss.add(s.view());
        return new RestoreJob(id, plan.incidentId(), user, state, submittedAt, endedAt, endReason, plan.parallelism(), ss,
                new ArrayList<>(questions.values()), new ArrayList<>(tokens.keySet()),
                new ArrayList<>(log), reportPath);
    }

    synchronized boolean isRunning() { return state.equals("running"); }

    synchronized void cancel(String by) {
        if (!state.equals("running")) throw new JmonException(ErrorCode.REFUSED, "restore job " + id + " is " + state + " already");
        cancelRequested = true;
        cancelBy = by;
        note("cancel requested by " + by);
        notifyAll();
    }

    synchronized void answer(long question, String answer, String by) {
        if (!state.equals("running")) throw new JmonException(ErrorCode.REFUSED, "restore job " + id + " is " + state + " already");
        RestoreQuestion q = questions.get(question);
        if (q == null) throw new JmonException(ErrorCode.NOT_FOUND, "restore job " + id + " has no open question " + question);
        if (!List.of("retry", "skip", "abort").contains(answer))
            throw new JmonException(ErrorCode.BAD_REQUEST, "answer: retry, skip or abort, got '" + answer + "'");
        answers.put(question, answer);
        note(by + " answered " + answer + " to question " + question + " (" + q.step() + ")");
        notifyAll();
    }

    private synchronized void note(String line) {
        long now = System.currentTimeMillis();
        log.add(java.time.Instant.ofEpochMilli(now) + " " + line);
        if (log.size() > LOG_LIMIT) log.subList(0, log.size() - LOG_LIMIT).clear();
    }

    private JmonApi api(String namespace) {
        return engine.apply(new Caller(user, namespace == null ? null : tokens.get(namespace), false));
    }

    @Override
    public void run() {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, plan.parallelism()), r -> {
            Thread t = new Thread(r, "jmon-restore-step");
            t.setDaemon(true);
            return t;
        });
        try {
            freeze();
            TreeSet<Integer> levels = new TreeSet<>();
            for (Step s : steps) levels.add(s.plan.level());
            for (int level : levels) {
                if (!runLevel(level, pool)) break;
            }
            if (!abandoned) finish();
        } catch (RuntimeException e) {
            synchronized (this) {
                if (!abandoned) {
                    note("the job failed: " + e);
                    end("aborted", "internal error: " + e.getMessage());
                }
            }
        } finally {
            pool.shutdownNow();
            if (!abandoned) {
                unfreeze();
                listener.changed(this);
                listener.ended(this);
            }
            synchronized (this) {
                done = true;
                notifyAll();
            }
        }
    }

    /** The job's thread has ended: its freezes are lifted and its report written. Guarded by this. */
    private boolean done;

    /** Waits (bounded) until the job's thread has ended; false on timeout. */
    synchronized boolean awaitDone(long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!done) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }

    /**
     * Freezes every namespace of the plan the submitter does not hold a freeze of already (idempotent): before submit
     * answers, and again when a job is resumed.
     */
    void freeze() {
        TreeSet<String> nss = new TreeSet<>();
        for (Step s : steps) nss.add(s.plan.namespace());
        for (String ns : nss) {
            synchronized (this) {
                if (tokens.containsKey(ns)) continue;
                String given = plan.freezeTokens().get(ns);
                if (given != null) {
                    tokens.put(ns, given);
                    note("acting under the submitter's freeze of " + ns + " (left in place at the end)");
                    continue;
                }
            }
            try {
                var f = engine.apply(new Caller(user, null, false)).freeze(ns, "restore job " + id + " in progress");
                synchronized (this) {
                    tokens.put(ns, f.token());
                    own.put(ns, f.token());
                    note("froze " + ns + " for the job: changes from anyone else are refused until it ends");
                }
            } catch (JmonException e) {
                note("could not freeze " + ns + ": " + e.getMessage() + " (the job's actions there may be refused)");
            }
            listener.changed(this);
        }
    }

    private void unfreeze() {
        for (Map.Entry<String, String> e : ownTokens().entrySet()) {
            try {
                engine.apply(new Caller(user, e.getValue(), false)).unfreeze(e.getKey());
                note("unfroze " + e.getKey() + " (the job's freeze ended with it)");
            } catch (JmonException ex) {
                note("could not unfreeze " + e.getKey() + ": " + ex.getMessage());
            }
            synchronized (this) {
                own.remove(e.getKey());
                tokens.remove(e.getKey());
            }
        }
    }

    /** Runs one level to its end; false when the job ended (aborted, cancelled). */
    private boolean runLevel(int level, ExecutorService pool) {
        List<Step> mine = new ArrayList<>();
        for (Step s : steps) if (s.plan.level() == level) mine.add(s);
        note("level " + level + ": " + mine.size() + " step(s), up to " + plan.parallelism() + " at once");
        long lastSave = 0;
        while (true) {
            boolean dirty;
            synchronized (this) {
                if (abandoned) return false;
                if (cancelRequested) {
                    end("cancelled", "cancelled by " + cancelBy);
                    return false;
                }
                if (!state.equals("running")) return false;
                dirty = decide();
                if (!state.equals("running")) return false;
            }
            boolean anyRunning = false;
            for (Step s : mine) if (s.state.equals("running")) anyRunning = true;
            if (anyRunning) dirty |= judge(mine);
            synchronized (this) {
                dirty |= launch(mine, pool);
                boolean allEnded = true;
                for (Step s : mine) if (!s.ended()) allEnded = false;
                if (allEnded) {
                    listener.changed(this);
                    return true;
                }
            }
            long now = System.currentTimeMillis();
            if (dirty && now - lastSave >= 250) {
                listener.changed(this);
                lastSave = now;
            }
            synchronized (this) {
                try {
                    wait(ROUND_MS);
                } catch (InterruptedException e) {
                    abandoned = true;
                    return false;
                }
            }
        }
    }

    /** Starts every pending step of the level whose dependencies ended, while a slot is free. */
    private boolean launch(List<Step> level, ExecutorService pool) {
        int running = 0;
        for (Step s : level) if (s.state.equals("running")) running++;
        boolean changed = false;
        for (Step s : level) {
            if (running >= Math.max(1, plan.parallelism())) break;
            if (!s.state.equals("pending") || !depsEnded(s)) continue;
            s.state = "running";
            s.attempts++;
            s.startedAt = System.currentTimeMillis();
            s.readyAt = 0;
            s.onlineSince = 0;
            s.restartsAtOnline = -1;
            s.actionDone = false;
            s.actionError = null;
            s.action = null;
            running++;
            changed = true;
            note("step " + s.plan.key() + ": attempt " + s.attempts + " started");
            pool.execute(() -> act(s));
        }
        return changed;
    }

    private boolean depsEnded(Step s) {
        for (String d : s.plan.dependsOn()) {
            Step dep = byKey.get(d);
            if (dep != null && !dep.ended()) return false;
        }
        return true;
    }

    /** On a pool thread: brings the step's app back (a start waits in the engine until it settled). */
    private void act(Step s) {
        RestoreStep p = s.plan;
        try {
            List<ProcessInfo> now = api(null).list(p.namespace()).stream().filter(x -> x.name().equals(p.name())).toList();
            String action = StepJudge.action(now);
            synchronized (this) {
                s.action = action;
            }
            JmonApi a = api(p.namespace());
            switch (action) {
                case "start" -> a.start(List.of(p.spec()), false);
                case "restart" -> a.act(Verb.RESTART, Selector.of(p.namespace(), p.name()));
                case "start-stopped" -> a.act(Verb.START, Selector.of(p.namespace(), p.name()));
                default -> { }
            }
        } catch (RuntimeException e) {
            s.actionError = e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
            s.actionDone = true;
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** One process list judges every running step of the level. */
    private boolean judge(List<Step> level) {
        List<ProcessInfo> all = api(null).list(null);
        Map<String, List<ProcessInfo>> by = new HashMap<>();
        for (ProcessInfo p : all) by.computeIfAbsent(p.namespace() + "/" + p.name(), k -> new ArrayList<>()).add(p);
        long now = System.currentTimeMillis();
        boolean changed = false;
        for (Step s : level) {
            if (!s.state.equals("running")) continue;
            List<ProcessInfo> mine = by.getOrDefault(s.plan.key(), List.of());
            if (s.actionDone && s.actionError != null) {
                fail(s, s.actionError, mine);
                changed = true;
                continue;
            }
            if ("none".equals(s.action) && s.actionDone) {
                synchronized (this) {
                    s.state = "already-ok";
                    s.readyAt = now;
                    note("step " + s.plan.key() + ": already healthy, left alone");
                }
                changed = true;
                continue;
            }
            boolean online = !mine.isEmpty();
            int restarts = 0;
            for (ProcessInfo p : mine) {
                if (p.status() != ProcessStatus.ONLINE) online = false;
                restarts += p.restarts();
            }
            if (!online) {
                s.onlineSince = 0;
            } else if (s.onlineSince == 0 || restarts != s.restartsAtOnline) {
                s.onlineSince = now;
                s.restartsAtOnline = restarts;
            }
            StepJudge.Look look = s.actionDone || !mine.isEmpty() ? StepJudge.look(s.plan.spec(), mine, now, s.onlineSince)
                    : new StepJudge.Look(StepJudge.Verdict.WAITING, "launching");
            if (look.verdict() == StepJudge.Verdict.READY) {
                synchronized (this) {
                    s.state = "ready";
                    s.readyAt = now;
                    s.reason = look.why();
                    note("step " + s.plan.key() + ": " + look.why() + " after " + (now - s.startedAt) + " ms");
                }
                changed = true;
            } else if (look.verdict() == StepJudge.Verdict.FAILED) {
                fail(s, look.why(), mine);
                changed = true;
            } else if (now - s.startedAt >= plan.stepTimeoutMs()) {
                fail(s, "not ready after " + plan.stepTimeoutMs() + " ms: " + look.why(), mine);
                changed = true;
            }
        }
        return changed;
    }

    private void fail(Step s, String why, List<ProcessInfo> mine) {
        List<String> lines = lastLines(s.plan, 15);
        synchronized (this) {
            s.reason = why;
            s.lastLines = lines;
            note("step " + s.plan.key() + ": attempt " + s.attempts + " FAILED: " + why);
            if (s.attempts <= plan.retries()) {
                s.state = "pending";
                note("step " + s.plan.key() + ": automatic retry (" + s.attempts + " of " + plan.retries() + ")");
                return;
            }
            s.state = "failed";
            switch (plan.onFailure()) {
                case "skip" -> apply(s, "skip", "the plan says skip");
                case "ask" -> {
                    long q = nextQuestion++;
                    long now = System.currentTimeMillis();
                    s.question = q;
                    questions.put(q, new RestoreQuestion(q, s.plan.key(), why, now, now + plan.questionTimeoutMs(), plan.onUnanswered()));
                    note("question " + q + ": " + s.plan.key() + " failed; retry, skip or abort? (unanswered in "
                            + plan.questionTimeoutMs() / 1000 + " s: " + plan.onUnanswered() + ")");
                }
                default -> apply(s, "abort", "the plan says abort");
            }
        }
    }

    /** Applies answers and the fallback of questions past their deadline; true when something changed. */
    private boolean decide() {
        boolean changed = false;
        long now = System.currentTimeMillis();
        for (RestoreQuestion q : new ArrayList<>(questions.values())) {
            String a = answers.remove(q.id());
            String how = "answered";
            if (a == null && now >= q.deadline()) {
                a = q.fallback();
                how = "unanswered for " + plan.questionTimeoutMs() / 1000 + " s: the plan's fallback";
            }
            if (a == null) continue;
            questions.remove(q.id());
            Step s = byKey.get(q.step());
            apply(s, a, how);
            changed = true;
            if (!state.equals("running")) break;
        }
        return changed;
    }

    private void apply(Step s, String decision, String how) {
        switch (decision) {
            case "retry" -> {
                s.state = "pending";
                note("step " + s.plan.key() + ": retry (" + how + ")");
            }
            case "skip" -> {
                s.state = "skipped";
                note("step " + s.plan.key() + ": skipped (" + how + ")");
            }
            default -> {
                s.state = "aborted";
                note("step " + s.plan.key() + ": abort (" + how + ")");
                end("aborted", s.plan.key() + " failed: " + s.reason + " (" + how + ")");
            }
        }
    }

    private synchronized void finish() {
        if (!state.equals("running")) return;
        int ok = 0;
        for (Step s : steps) if (s.state.equals("ready") || s.state.equals("already-ok")) ok++;
        end("done", ok + " of " + steps.size() + " step(s) ready");
    }

    /** Ends the job: every step not ended is not run. */
    private void end(String how, String why) {
        if (!state.equals("running")) return;
        for (Step s : steps) {
            if (!s.ended()) {
                if (s.state.equals("running")) s.reason = "the job ended while it ran (" + how + "); its action was not undone";
                s.state = "not-run";
            }
        }
        questions.clear();
        state = how;
        endReason = why;
        endedAt = System.currentTimeMillis();
        note("job " + how + ": " + why);
    }

    private List<String> lastLines(RestoreStep s, int n) {
        List<String> out = new ArrayList<>();
        try {
            api(null).logs(new LogQuery(Selector.of(s.namespace(), s.name()), n, false, true, true), new LogSink() {
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
}
