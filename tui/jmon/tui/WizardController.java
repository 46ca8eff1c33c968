package jmon.tui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jmon.api.JmonApi;
import jmon.incident.Assessment;
import jmon.incident.Checklist;
import jmon.incident.IncidentRun;
import jmon.incident.Plan;
import jmon.incident.Restorer;
import jmon.tui.keymap.Action;

/**
 * The incident wizard's behaviour: assessment → plan (skip, move up/down) → progress (live log of the step) →
 * decision on a failed step (retry/skip/abort) → save? → checklist → report. The logic lives in
 * {@code jmon.incident}; this class only sequences it on a worker thread and answers keys.
 */
public final class WizardController implements AutoCloseable {
    public enum Screen { ASSESS, PLAN, PROGRESS, DECIDE, SAVE, CHECKLIST, REPORT }

    private final Path home;
    private final Map<String, String> env;
    private final String scope;
    private final IncidentRun.Connector connector;
    private final Runnable changed;
    private final long stepTimeoutMs;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jmon-wizard");
        t.setDaemon(true);
        return t;
    });

    private volatile Screen screen = Screen.ASSESS;
    private volatile Assessment assessment;
    private volatile Plan plan;
    private volatile IncidentRun run;
    private volatile int cursor;
    private volatile int scroll;
    private volatile String message = "assessing …";
    private final List<String> stepStates = new ArrayList<>();
    private volatile int current = -1;
    private volatile List<String> log = List.of();
    private volatile Restorer.StepResult failure;
    /** The daemon's restore job this wizard submitted, and its open question shown on DECIDE. */
    private volatile String jobId;
    private volatile jmon.api.RestoreQuestion question;
    private final java.util.concurrent.ExecutorService worker2 = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jmon-wizard-answer");
        t.setDaemon(true);
        return t;
    });
    private volatile CompletableFuture<Boolean> saveAnswer;
    private volatile boolean open = true;

    public WizardController(Path home, Map<String, String> env, String scope, IncidentRun.Connector connector,
                            Runnable changed, long stepTimeoutMs) {
        this.home = home;
        this.env = env;
        this.scope = scope;
        this.connector = connector;
        this.changed = changed;
        this.stepTimeoutMs = stepTimeoutMs;
    }

    public Screen screen() { return screen; }
    public Assessment assessment() { return assessment; }
    public Plan plan() { return plan; }
    public IncidentRun run() { return run; }
    public int cursor() { return cursor; }
    /** First line shown on the screens without a cursor (assess, checklist, report): they scroll with the cursor keys. */
    public int scroll() { return scroll; }
    public String message() { return message; }
    public int current() { return current; }
    public List<String> log() { return log; }
    public Restorer.StepResult failure() { return failure; }
    public boolean isOpen() { return open; }

    public synchronized List<String> stepStates() { return new ArrayList<>(stepStates); }

    private void touch() { changed.run(); }

    /** Assesses on the worker (the first screen). */
    public void start() {
        worker.submit(() -> {
            try {
                JmonApi api = null;
                String err = null;
                try {
                    api = connector.open(null);
                } catch (RuntimeException e) {
                    err = e.getMessage();
                }
                jmon.api.RestoreJob running = runningJob(api);
                if (running != null) {
                    close(api);
                    attach(running);
                    touch();
                    return;
                }
                Assessment a = Assessment.of(api, err, home, jmon.incident.ExpectedInventory.of(api, home, env, scope).load(), scope, true);
                close(api);
                assessment = a;
                plan = Plan.of(a);
                message = plan.steps().isEmpty() ? "nothing to restore" : plan.steps().size() + " step(s) planned";
            } catch (RuntimeException e) {
                message = "assessment failed: " + e.getMessage();
            }
            touch();
        });
    }

    private static void close(JmonApi a) {
        if (a instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    /** Handles one action; false when the wizard closed. */
    public boolean act(Action a) {
        Screen s = screen;
        if (s == Screen.ASSESS || s == Screen.CHECKLIST || s == Screen.REPORT) {
            if (a == Action.CURSOR_UP) scroll = Math.max(0, scroll - 1);
            if (a == Action.CURSOR_DOWN) scroll++;
        }
        switch (s) {
            case ASSESS -> {
                if (a == Action.VIEW_BACK) open = false;
                else if (a == Action.WIZARD_NEXT && assessment != null) {
                    screen = plan.steps().isEmpty() ? Screen.REPORT : Screen.PLAN;
                    cursor = 0;
                }
            }
            case PLAN -> {
                int n = plan.steps().size();
                switch (a) {
                    case VIEW_BACK -> screen = Screen.ASSESS;
                    case CURSOR_UP -> cursor = Math.max(0, cursor - 1);
                    case CURSOR_DOWN -> cursor = Math.min(n - 1, cursor + 1);
                    case WIZARD_SKIP -> plan.toggleSkip(cursor);
                    case WIZARD_MOVE_UP, WIZARD_MOVE_DOWN -> {
                        int d = a == Action.WIZARD_MOVE_UP ? -1 : 1;
                        String why = plan.move(cursor, d);
                        if (why == null) cursor += d;
                        else message = why;
                    }
                    case WIZARD_ABORT -> open = false;
                    case WIZARD_NEXT -> {
                        if (plan.active().isEmpty()) message = "every step is skipped";
                        else restore();
                    }
                    default -> { }
                }
            }
            case DECIDE -> {
                String d = a == Action.WIZARD_RETRY ? "retry" : a == Action.WIZARD_SKIP ? "skip" : a == Action.WIZARD_ABORT ? "abort" : null;
                if (d != null && question != null) {
                    screen = Screen.PROGRESS;
                    answer(d);
                }
            }
            case SAVE -> {
                if ((a == Action.WIZARD_NEXT || a == Action.WIZARD_SKIP) && saveAnswer != null) saveAnswer.complete(a == Action.WIZARD_NEXT);
            }
            case CHECKLIST -> {
                if (a == Action.WIZARD_NEXT) screen = Screen.REPORT;
                else if (a == Action.VIEW_BACK) open = false;
            }
            case REPORT -> {
                if (a == Action.VIEW_BACK || a == Action.WIZARD_NEXT) open = false;
            }
            case PROGRESS -> {
                if (a == Action.WIZARD_ABORT) cancel();
            }
        }
        if (screen != s) scroll = 0;
        touch();
        return open;
    }

    /**
     * Submits the plan to the daemon as a restore job and follows it (the job is the daemon's: closing the console
     * or losing the terminal does not stop it, and its freezes end with it). A failed step's question is shown on
     * the DECIDE screen; the answer goes to the daemon, which falls back to skip after two minutes unanswered.
     */
    private void restore() {
        screen = Screen.PROGRESS;
        synchronized (this) {
            stepStates.clear();
            for (int i = 0; i < plan.steps().size(); i++) stepStates.add(plan.steps().get(i).skipped ? "skipped" : "pending");
        }
        worker.submit(() -> {
            IncidentRun r = null;
            try {
                r = new IncidentRun(home, assessment, plan, System.getProperty("user.name"), connector);
                run = r;
                message = "incident " + r.id + ": taking the snapshot";
                touch();
                r.snapshot();
                jmon.api.RestorePlan rp = r.jobPlan(jmon.api.RestorePlan.DEFAULT_PARALLELISM, stepTimeoutMs, 0, "ask",
                        jmon.api.RestorePlan.DEFAULT_QUESTION_TIMEOUT_MS, "skip", Map.of());
                jmon.api.RestoreJob job = r.submit(rp);
                jobId = job.id();
                message = "restore job " + job.id() + " runs in the daemon";
                touch();
                jmon.api.RestoreJob end = followJob(job.id());
                r.adopt(end);
                showSteps(end);
                if (screen == Screen.DECIDE) screen = Screen.PROGRESS;
                saveAnswer = new CompletableFuture<>();
                screen = Screen.SAVE;
                message = "restore job " + end.state() + "; save the restored namespaces (jmon save)?";
                touch();
                r.save(saveAnswer.join());
                r.verify();
                r.writeUpdate(Checklist.passed(r.checklist) ? "VERIFIED" : "OPEN");
                message = Checklist.passed(r.checklist) ? "checklist passed" : "checklist FAILED";
                screen = Screen.CHECKLIST;
            } catch (Exception e) {
                message = "restore failed: " + e.getMessage();
                screen = Screen.CHECKLIST;
            } finally {
                if (r != null) {
                    try {
                        r.finish();
                    } catch (Exception e) {
                        message = "report: " + e.getMessage();
                    }
                    r.close();
                }
                touch();
            }
        });
    }

    /** Follows the daemon's job on the progress screen (questions go to DECIDE) until it ends. */
    private jmon.api.RestoreJob followJob(String id) {
        JmonApi watch = connector.open(null);
        try {
            return new jmon.incident.JobWatch(watch, 200).follow(id, true, Long.MAX_VALUE, new jmon.incident.JobWatch.Sink() {
                @Override
                public void line(String line) {
                    message = line.substring(line.indexOf(' ') + 1);
                }

                @Override
                public void question(jmon.api.RestoreQuestion q) {
                    question = q;
                    screen = Screen.DECIDE;
                    touch();
                }

                @Override
                public void update(jmon.api.RestoreJob j) { showSteps(j); }
            });
        } finally {
            close(watch);
        }
    }

    /** The daemon's running restore job, or null (none, or a daemon without jobs). */
    private static jmon.api.RestoreJob runningJob(JmonApi api) {
        if (api == null) return null;
        try {
            jmon.api.RestoreJob j = api.restoreStatus(null);
            return j != null && j.running() ? j : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A restore already runs (started by another console or {@code jmon restore}): the wizard follows that job
     * instead of planning a second one. Its steps come from the job; its report is the daemon's.
     */
    private void attach(jmon.api.RestoreJob job) {
        List<Plan.Step> steps = new ArrayList<>();
        for (jmon.api.RestoreStepState st : job.steps()) {
            jmon.api.AppSpec spec = new jmon.api.AppSpec(st.namespace(), st.name(), "-", List.of(), null, List.of(), "/",
                    Map.of(), 1, null, null, null, 0, false, null, true, null);
            steps.add(new Plan.Step(new jmon.incident.Expected(spec, null, "restore job " + job.id(), 0), st.action(), "in the daemon's job"));
        }
        synchronized (this) {
            plan = new Plan(steps);
            stepStates.clear();
            for (int i = 0; i < steps.size(); i++) stepStates.add("pending");
        }
        jobId = job.id();
        screen = Screen.PROGRESS;
        message = "attached to restore job " + job.id() + " of " + job.user() + " (it runs in the daemon)";
        touch();
        jmon.api.RestoreJob end = followJob(job.id());
        if (end != null) showSteps(end);
        message = "restore job " + job.id() + " " + (end == null ? "is gone" : end.state())
                + (end == null || end.reportPath() == null ? "" : "; report (on the daemon's host): " + end.reportPath());
        attachedLog = end == null ? List.of() : end.log(); // the job's own account, from the API (never the daemon's files)
        screen = Screen.REPORT;
    }

    private volatile List<String> attachedLog;

    /** The job's steps on the progress screen, by plan position; the failed step's lines in the log pane. */
    private void showSteps(jmon.api.RestoreJob j) {
        synchronized (this) {
            for (jmon.api.RestoreStepState st : j.steps()) {
                for (int i = 0; i < plan.steps().size(); i++) {
                    Plan.Step ps = plan.steps().get(i);
                    if (!ps.app.key().equals(st.key())) continue;
                    String text = st.state() + (st.readyAt() > 0 && st.startedAt() > 0 ? " in " + (st.readyAt() - st.startedAt()) + " ms" : "")
                            + (st.attempts() > 1 ? " (attempt " + st.attempts() + ")" : "");
                    stepStates.set(i, text);
                    if (st.state().equals("running")) current = i;
                    if (st.state().equals("failed")) {
                        failure = new Restorer.StepResult(ps, "failed", st.startedAt(), 0, st.attempts(), st.reason(),
                                st.lastLines() == null ? List.of() : st.lastLines());
                        if (st.lastLines() != null && !st.lastLines().isEmpty()) log = st.lastLines();
                    }
                }
            }
        }
        touch();
    }

    /** Sends the operator's decision to the daemon's job (on its own connection). */
    private void answer(String decision) {
        jmon.api.RestoreQuestion q = question;
        String id = jobId;
        if (q == null || id == null) return;
        question = null;
        worker2.submit(() -> {
            JmonApi a = null;
            try {
                a = connector.open(null);
                a.restoreAnswer(id, q.id(), decision);
            } catch (RuntimeException e) {
                message = "answer not taken: " + e.getMessage();
            } finally {
                close(a);
            }
            touch();
        });
    }

    /** Asks the daemon to cancel the running restore job (the steps running end, the rest are not started). */
    private void cancel() {
        String id = jobId;
        if (id == null) return;
        message = "cancelling restore job " + id + " …";
        worker2.submit(() -> {
            JmonApi a = null;
            try {
                a = connector.open(null);
                jmon.api.RestoreJob j = a.restoreCancel(id);
                message = "restore job " + id + ": " + (j == null ? "gone" : j.state());
            } catch (RuntimeException e) {
                message = "cancel not taken: " + e.getMessage();
            } finally {
                close(a);
            }
            touch();
        });
    }

    private synchronized void set(int i, String s) {
        if (i < stepStates.size()) stepStates.set(i, s);
    }

    /** The first lines of report.md (for the last screen). */
    public List<String> reportLines(int n) {
        IncidentRun r = run;
        List<String> attached = attachedLog;
        if (r == null && attached != null) {
            List<String> all = new ArrayList<>(List.of(message, "", "the job's log:"));
            all.addAll(attached);
            return all.subList(0, Math.min(n, all.size()));
        }
        if (r == null) return List.of("no incident was run: " + message);
        try {
            List<String> all = new ArrayList<>(List.of("files in " + r.dir + ":", "  report.md timeline.md notification.md update.md resolution.md state.json system.txt", ""));
            all.addAll(List.of(r.read("report.md").split("\n", -1)));
            return all.subList(0, Math.min(n, all.size())); // n: the caller's room; the view scrolls what it gets
        } catch (Exception e) {
            return List.of("report not written yet: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        open = false;
        // an open question is the daemon's: it falls back to its policy when nobody answers
        CompletableFuture<Boolean> s = saveAnswer;
        if (s != null) s.complete(false);
        worker.shutdown();
        worker2.shutdown();
    }
}
