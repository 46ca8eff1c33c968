package jmon.engine.restore;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import jmon.api.Caller;
import jmon.api.ErrorCode;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.RestoreJob;
import jmon.api.RestorePlan;
import jmon.api.RestoreStep;
import jmon.engine.persist.AtomicFile;
import jmon.rpc.Json;
import jmon.spec.RequestRules;

/**
 * The daemon's restore jobs: at most one runs at a time. Each is kept in {@code $JMON_HOME/restore/<id>.json}
 * (atomic, fsynced: the plan, the steps' states, the tokens of its freezes) at every step change, so a job outlives
 * its client; after a daemon restart a job that was running resumes ({@link #resume}): steps that had ended stay
 * ended, the others run again (each first looks at what runs: an app back already is left alone), and its freezes
 * still hold (they are the daemon's, in freezes.json). When a job ends (done, aborted, cancelled) its own freezes
 * are lifted and {@code $JMON_HOME/incidents/<incident>/restore.md} is written.
 *
 * <p>It calls the engine only through {@link JmonApi} as a {@link Caller} (the submitter's user and the job's
 * freeze tokens), so every action is checked, audited and journaled as a request would be.
 */
public final class RestoreJobs implements AutoCloseable {
    static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What a job's file holds: enough to resume it. */
    public record JobFile(RestorePlan plan, RestoreJob job, Map<String, String> ownTokens, Map<String, String> tokens) {}

    private final Path dir;
    private final Path incidents;
    private final Function<Caller, JmonApi> engine;
    private final Consumer<String> warn;
    private RestoreRun current;
    private volatile boolean closing;

    /**
     * @param home   the daemon's home folder
     * @param engine the engine's API as one caller ({@code Engine.as(Caller)})
     * @param warn   where a job file that cannot be written or read is said
     */
    public RestoreJobs(Path home, Function<Caller, JmonApi> engine, Consumer<String> warn) {
        this.dir = home.resolve("restore");
        this.incidents = home.resolve("incidents");
        this.engine = engine;
        this.warn = warn;
    }

    public synchronized RestoreJob submit(RestorePlan plan, Caller c) {
        check(plan);
        if (current != null && current.isRunning())
            throw new JmonException(ErrorCode.REFUSED, "restore job " + current.id + " is running (jmon restore --attach; --cancel ends it)");
        long now = System.currentTimeMillis();
        String id = "restore-" + ID.format(Instant.ofEpochMilli(now));
        for (int i = 2; Files.exists(file(id)); i++) id = "restore-" + ID.format(Instant.ofEpochMilli(now)) + "-" + i;
        RestoreRun run = new RestoreRun(id, plan, c.user(), now, engine, listener());
        run.reportPath(reportFile(run).toString());
        persist(run);
        run.freeze(); // the answer means frozen: a client that sees the job running sees its freeze too
        start(run);
        return run.view();
    }

    public synchronized RestoreJob status(String id) {
        if (id == null || current != null && current.id.equals(id)) {
            if (current != null) return current.view();
            if (id == null) return latest();
        }
        JobFile f = read(file(checkId(id)));
        if (f == null) throw new JmonException(ErrorCode.NOT_FOUND, "no restore job " + id);
        return f.job();
    }

    public RestoreJob cancel(String id, Caller c) {
        RestoreRun r = running(id);
        r.cancel(c.user());
        try {
            r.awaitDone(30_000); // answered once the job has ended: its freezes lifted, its report written
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return r.view();
    }

    public RestoreJob answer(String id, long question, String answer, Caller c) {
        RestoreRun r = running(id);
        r.answer(question, answer, c.user());
        return r.view();
    }

    /** After the engine recovered: resumes the job a previous daemon was running, if any. */
    public synchronized void resume() {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                JobFile f = read(p);
                if (f == null || !f.job().running()) continue;
                if (current != null && current.isRunning()) {
                    warn.accept("restore job " + f.job().id() + " was running as well as " + current.id + ": left as it was");
                    continue;
                }
                RestoreRun run = new RestoreRun(f.job().id(), f.plan(), f.job().user(), f.job().submittedAt(), engine, listener());
                run.reportPath(reportFile(run).toString());
                run.restoreFrom(f.job(), f.ownTokens(), f.tokens());
                start(run);
            }
        } catch (IOException e) {
            warn.accept("restore jobs: cannot read " + dir + ": " + e.getMessage());
        }
    }

    private RestoreRun running(String id) {
        synchronized (this) {
            if (current == null || !current.isRunning() || id != null && !current.id.equals(id))
                throw new JmonException(ErrorCode.NOT_FOUND, id == null ? "no restore job is running" : "restore job " + id + " is not running");
            return current;
        }
    }

    private void start(RestoreRun run) {
        current = run;
        Thread t = new Thread(run, "jmon-restore-" + run.id);
        t.setDaemon(true);
        t.start();
    }

    private RestoreRun.Listener listener() {
        return new RestoreRun.Listener() {
            @Override public void changed(RestoreRun run) { if (!closing) persist(run); }

            @Override
            public void ended(RestoreRun run) {
                if (closing) return;
                try {
                    Path f = reportFile(run);
                    Files.createDirectories(f.getParent());
                    AtomicFile.write(f, RestoreReport.markdown(run.view(), run.plan).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException e) {
                    warn.accept("restore job " + run.id + ": cannot write its report: " + e.getMessage());
                }
            }
        };
    }

    private Path reportFile(RestoreRun run) {
        String inc = run.plan.incidentId() == null ? run.id : run.plan.incidentId();
        return incidents.resolve(inc).resolve("restore.md");
    }

    private void persist(RestoreRun run) {
        try {
            Files.createDirectories(dir);
            AtomicFile.write(file(run.id), Json.bytes(new JobFile(run.plan, run.view(), run.ownTokens(), run.tokens())));
        } catch (IOException | RuntimeException e) {
            warn.accept("restore job " + run.id + ": cannot write its file: " + e.getMessage());
        }
    }

    private Path file(String id) { return dir.resolve(id + ".json"); }

    private JobFile read(Path p) {
        try {
            return Json.read(p, JobFile.class);
        } catch (IOException | RuntimeException e) {
            warn.accept("restore job file " + p.getFileName() + " is unreadable (" + e.getMessage() + "): ignored");
            return null;
        }
    }

    private RestoreJob latest() {
        if (!Files.isDirectory(dir)) return null;
        Path newest = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "restore-*.json")) {
            for (Path p : ds) if (newest == null || p.getFileName().toString().compareTo(newest.getFileName().toString()) > 0) newest = p;
        } catch (IOException e) {
            return null;
        }
        JobFile f = newest == null ? null : read(newest);
        return f == null ? null : f.job();
    }

    private static String checkId(String id) {
        RequestRules.checkNamespace("id", id);
        return id;
    }

    /** A plan from the socket is checked like any request: names, specs, ranges. */
    public static void check(RestorePlan p) {
        if (p.steps().isEmpty()) throw new JmonException(ErrorCode.BAD_REQUEST, "plan.steps: empty, nothing to restore");
        if (p.incidentId() != null) RequestRules.checkNamespace("plan.incidentId", p.incidentId());
        if (p.parallelism() < 1 || p.parallelism() > RestorePlan.MAX_PARALLELISM)
            throw new JmonException(ErrorCode.BAD_REQUEST, "plan.parallelism: " + p.parallelism() + " is out of range 1-" + RestorePlan.MAX_PARALLELISM);
        if (p.stepTimeoutMs() < 100 || p.stepTimeoutMs() > 86_400_000L)
            throw new JmonException(ErrorCode.BAD_REQUEST, "plan.stepTimeoutMs: " + p.stepTimeoutMs() + " is out of range 100 ms - 24 h");
        if (p.questionTimeoutMs() < 0 || p.questionTimeoutMs() > 86_400_000L)
            throw new JmonException(ErrorCode.BAD_REQUEST, "plan.questionTimeoutMs: out of range 0 - 24 h");
        if (p.retries() < 0 || p.retries() > 100) throw new JmonException(ErrorCode.BAD_REQUEST, "plan.retries: out of range 0-100");
        if (!java.util.List.of("ask", "skip", "abort").contains(p.onFailure()))
            throw new JmonException(ErrorCode.BAD_REQUEST, "plan.onFailure: ask, skip or abort, got '" + p.onFailure() + "'");
        if (!java.util.List.of("skip", "abort").contains(p.onUnanswered()))
            throw new JmonException(ErrorCode.BAD_REQUEST, "plan.onUnanswered: skip or abort, got '" + p.onUnanswered() + "'");
        java.util.Set<String> keys = new java.util.HashSet<>();
        java.util.List<jmon.api.AppSpec> specs = new java.util.ArrayList<>();
        for (int i = 0; i < p.steps().size(); i++) {
            RestoreStep s = p.steps().get(i);
            RequestRules.checkNamespace("plan.steps[" + i + "].namespace", s.namespace());
            RequestRules.checkAppName("plan.steps[" + i + "].name", s.name());
            if (s.spec() == null || !s.spec().namespace().equals(s.namespace()) || !s.spec().name().equals(s.name()))
                throw new JmonException(ErrorCode.BAD_REQUEST, "plan.steps[" + i + "].spec: missing or not " + s.key());
            if (!keys.add(s.key())) throw new JmonException(ErrorCode.BAD_REQUEST, "plan.steps[" + i + "]: " + s.key() + " twice");
            specs.add(s.spec());
        }
        RequestRules.checkSpecs(specs);
        p.freezeTokens().keySet().forEach(ns -> RequestRules.checkNamespace("plan.freezeTokens", ns));
    }

    /** The daemon stops: the job's thread ends with it, its file still says running, so the next daemon resumes it. */
    @Override
    public void close() {
        RestoreRun r;
        synchronized (this) {
            closing = true;
            r = current;
        }
        if (r != null) r.abandon();
    }
}
