package jmon.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jmon.api.EngineEvent;
import jmon.api.EventSink;
import jmon.api.FreezeInfo;
import jmon.api.JmonApi;
import jmon.api.ProcessStatus;
import jmon.engine.persist.AtomicFile;

/**
 * One incident from detection to report, shared by {@code jmon restore} and the console's wizard: freeze the
 * affected namespaces, snapshot, restore (with the freeze tokens), save, verify, unfreeze, write the files into
 * {@code $JMON_HOME/incidents/<id>/}.
 */
public final class IncidentRun {
    /** Opens a daemon connection that carries a freeze token (null for none). The caller closes nothing: see {@link #close()}. */
    public interface Connector {
        JmonApi open(String freezeToken);
    }

    public record Event(long at, String text, String source) {}

    static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public final String id;
    public final Path dir;
    public final Path home;
    public final Assessment assessment;
    public final Plan plan;
    public final String user;
    private final List<Event> timeline = new ArrayList<>();
    public final Map<String, Long> backOnline = new ConcurrentHashMap<>();
    public final Map<String, String> tokens = new LinkedHashMap<>();
    public final Map<String, String> saved = new LinkedHashMap<>();
    public Restorer.Result result;
    /** The daemon's restore job, when the restore ran as one. */
    public jmon.api.RestoreJob job;
    /** What update.md says now: INVESTIGATING, RESTORING, VERIFIED (checklist passed), RESOLVED, or OPEN. */
    public String stage = "INVESTIGATING";
    private int updates;
    public List<Checklist.Item> checklist;
    public long resolvedAt;
    private final Connector connector;
    private final Map<String, JmonApi> open = new LinkedHashMap<>();
    private volatile boolean listening;
    private Thread events;

    public IncidentRun(Path home, Assessment a, Plan plan, String user, Connector connector) throws IOException {
        this.home = home;
        this.assessment = a;
        this.plan = plan;
        this.user = user;
        this.connector = connector;
        String base = ID.format(Instant.ofEpochMilli(a.at)) + "-" + a.severity().name().replace("NONE", "none");
        Path root = incidents(home);
        // the daemon keeps the incident (so --host records it on that host); a local folder only with no daemon
        this.stored = a.daemonReachable;
        if (stored) {
            this.id = api(null).createIncident(base);
            this.dir = root.resolve(id); // where it is on the daemon's host
        } else {
            Path d = root.resolve(base);
            for (int i = 2; Files.exists(d); i++) d = root.resolve(base + "-" + i);
            Files.createDirectories(d);
            this.dir = d;
            this.id = d.getFileName().toString();
        }
        note(a.at, "incident detected: " + a.verdict.severity().label() + " — " + a.verdict.reason(), "jmon incident");
        for (Assessment.AuditHit h : a.audit) {
            try {
                note(Instant.parse(h.time()).toEpochMilli(), h.user() + " ran " + h.verb() + " " + String.join(" ", h.targets())
                        + (h.namespace() == null ? "" : " -n " + h.namespace()) + (h.flagged() ? " (bulk: \"" + h.verb() + " all\")" : ""), "audit");
            } catch (RuntimeException ignored) {
                // unparsable time
            }
        }
        // what the daemon saw happen to the apps that are down: status changes and health checks
        for (jmon.api.HistoryEvent e : a.appEvents) {
            String what = switch (e.kind()) {
                case STATUS -> e.subject() + ": " + e.from() + " → " + e.to() + (e.prose() != null ? " (" + e.prose() + ")"
                        : e.text() == null ? "" : " (" + e.text() + ")");
                case PROBE -> e.subject() + ": " + e.from() + " probe " + e.to() + (e.text() == null ? "" : " — " + e.text());
                case READINESS -> e.subject() + ": " + e.to() + (e.text() == null ? "" : " (" + e.text() + ")");
                default -> null;
            };
            if (what != null) note(e.at(), what, e.kind() == jmon.api.HistoryEvent.Kind.STATUS ? "history" : "health check");
        }
    }

    public static Path incidents(Path home) { return home.resolve("incidents"); }

    /** Whether the daemon keeps this incident's files (written through the API) or a local folder does. */
    private final boolean stored;

    /** Writes (or rewrites) one file of this incident: through the daemon when it keeps it. */
    public void write(String name, String content) throws IOException {
        if (stored) api(null).writeIncidentFile(id, name, content);
        else AtomicFile.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads back one file of this incident, on a connection of its own: the screen reads while the run's thread
     * writes, and one connection serves one request at a time.
     */
    public String read(String name) throws IOException {
        if (!stored) return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        JmonApi reader = connector.open(null);
        try {
            return reader.readIncidentFile(id, name);
        } finally {
            close(reader);
        }
    }

    public synchronized void note(long at, String text, String source) { timeline.add(new Event(at, text, source)); }

    public void note(String text, String source) { note(System.currentTimeMillis(), text, source); }

    public synchronized List<Event> timeline() {
        List<Event> t = new ArrayList<>(timeline);
        t.sort(Comparator.comparingLong(Event::at));
        return t;
    }

    /** A connection for a namespace, with its freeze token when this run froze it (one per namespace, reused). */
    public synchronized JmonApi api(String namespace) {
        String key = namespace == null ? "" : namespace;
        return open.computeIfAbsent(key, k -> connector.open(namespace == null ? null : tokens.get(namespace)));
    }

    public void snapshot() throws IOException {
        Snapshot.write(this, assessment, assessment.daemonReachable ? api(null) : null);
        note("snapshot written: state.json, system.txt", "jmon");
    }

    /** Freezes every namespace the plan changes; a namespace already frozen keeps its freeze (noted). */
    public void freeze() {
        for (String ns : plan.namespaces()) {
            try {
                FreezeInfo f = api(null).freeze(ns, "incident " + id + " (restore in progress)");
                tokens.put(ns, f.token());
                note("froze namespace " + ns + ": changes from anyone else refused", "jmon freeze");
            } catch (RuntimeException e) {
                note("could not freeze " + ns + ": " + e.getMessage(), "jmon freeze");
            }
        }
    }

    public void unfreeze() {
        for (String ns : tokens.keySet()) {
            try {
                api(ns).unfreeze(ns);
                note("unfroze namespace " + ns, "jmon unfreeze");
            } catch (RuntimeException e) {
                note("could not unfreeze " + ns + ": " + e.getMessage(), "jmon unfreeze");
            }
        }
    }

    /** Listens to status events for the plan's apps (their "back online" times) on its own connection. */
    private void listen() {
        if (listening) return;
        listening = true;
        JmonApi ev = connector.open(null);
        long since = System.currentTimeMillis();
        events = new Thread(() -> {
            try {
                ev.events(new EventSink() {
                    @Override
                    public boolean event(EngineEvent e) {
                        if (e instanceof EngineEvent.StatusChanged s && s.at() >= since) {
                            String k = s.namespace() + "/" + s.name();
                            boolean ours = plan.steps().stream().anyMatch(st -> st.app.key().equals(k));
                            if (ours) {
                                note(s.at(), k + ": " + s.from().wire() + " → " + s.to().wire() + (s.reason() == null ? "" : " (" + s.reason() + ")"), "status event");
                                if (s.to() == ProcessStatus.ONLINE) backOnline.putIfAbsent(k, s.at());
                            }
                        }
                        return listening;
                    }

                    @Override
                    public boolean idle() { return listening; }
                });
            } catch (RuntimeException ignored) {
                // the stream ended
            } finally {
                close(ev);
            }
        }, "jmon-incident-events");
        events.setDaemon(true);
        events.start();
    }

    public Restorer.Result restore(Restorer.Decider decider, Restorer.Listener listener, long stepTimeoutMs) {
        listen();
        note("restore started: " + plan.active().size() + " step(s)", "jmon restore");
        Restorer r = new Restorer(ns -> connector.open(tokens.get(ns)), api(null), stepTimeoutMs);
        Restorer.Listener both = new Restorer.Listener() {
            @Override
            public void stepStarted(int i, Plan.Step s, int attempt) {
                note("step " + (i + 1) + ": " + s.action + " " + s.app.key() + (attempt > 1 ? " (attempt " + attempt + ")" : ""), "jmon restore");
                listener.stepStarted(i, s, attempt);
            }

            @Override public void progress(int i, Plan.Step s, String m) { listener.progress(i, s, m); }
            @Override public void log(int i, Plan.Step s, List<String> lines) { listener.log(i, s, lines); }

            @Override
            public void stepDone(int i, Restorer.StepResult res) {
                note("step " + (i + 1) + " " + res.step().app.key() + ": " + res.outcome() + (res.error() == null ? "" : " — " + res.error()), "jmon restore");
                if (res.readyAt() > 0) backOnline.putIfAbsent(res.step().app.key(), res.readyAt());
                listener.stepDone(i, res);
            }
        };
        result = r.run(plan, decider, both);
        note("restore " + (result.aborted() ? "aborted" : "finished"), "jmon restore");
        return result;
    }

    /** Saves every namespace the restore brought something back in ({@code yes} false: recorded as declined). */
    public void save(boolean yes) {
        if (result == null) return;
        List<String> nss = result.steps().stream().filter(s -> s.outcome().equals("ready")).map(s -> s.step().app.namespace()).distinct().sorted().toList();
        for (String ns : nss) {
            if (!yes) {
                saved.put(ns, "declined");
                continue;
            }
            try {
                api(ns).save(ns, false);
                saved.put(ns, "saved");
                note("saved the process list of " + ns, "jmon save");
            } catch (RuntimeException e) {
                saved.put(ns, "failed: " + e.getMessage());
            }
        }
    }

    public List<Checklist.Item> verify() {
        List<jmon.api.ProcessInfo> now = api(null).list(null);
        checklist = Checklist.verify(assessment.inventory.in(assessment.scope), now, saved);
        boolean ok = Checklist.passed(checklist);
        note("verification: checklist " + (ok ? "passed" : "FAILED"), "jmon");
        if (ok) resolvedAt = System.currentTimeMillis();
        return checklist;
    }

    /**
     * The plan as the daemon runs it: a level per (tier, priority) group in the plan's order, a step never in an
     * earlier level than a step it depends on; steps skipped in the plan are left out.
     */
    public jmon.api.RestorePlan jobPlan(int parallelism, long stepTimeoutMs, int retries, String onFailure,
                                        long questionTimeoutMs, String onUnanswered, Map<String, String> heldTokens) {
        List<jmon.api.RestoreStep> out = new ArrayList<>();
        Map<String, Integer> levels = new java.util.HashMap<>();
        String group = null;
        int level = 0;
        for (Plan.Step s : plan.active()) {
            String g = s.app.tierRank() + ":" + s.app.spec().restoreOrder();
            if (!g.equals(group)) {
                group = g;
                level++;
            }
            int l = level;
            List<String> deps = new ArrayList<>();
            for (String d : s.app.dependsOn()) {
                Integer dl = levels.get(d);
                if (dl == null) continue;
                deps.add(d);
                l = Math.max(l, dl);
            }
            levels.put(s.app.key(), l);
            level = Math.max(level, l);
            out.add(new jmon.api.RestoreStep(s.app.namespace(), s.app.name(), s.app.spec(), l, deps, s.why));
        }
        return new jmon.api.RestorePlan(id, out, parallelism, stepTimeoutMs, retries, onFailure, questionTimeoutMs,
                onUnanswered, heldTokens);
    }

    /** Submits the plan to the daemon as a restore job (the daemon freezes, restores, unfreezes, writes restore.md). */
    public jmon.api.RestoreJob submit(jmon.api.RestorePlan p) throws IOException {
        listen();
        job = api(null).restoreSubmit(p);
        note("restore job " + job.id() + " submitted to the daemon: " + p.steps().size() + " step(s), up to " + p.parallelism() + " at once", "jmon restore");
        writeUpdate("RESTORING");
        return job;
    }

    /** Takes the ended job's steps as this run's result (timeline rows, back-online times, the report's steps). */
    public void adopt(jmon.api.RestoreJob j) {
        job = j;
        Map<String, Plan.Step> byKey = new LinkedHashMap<>();
        for (Plan.Step s : plan.steps()) byKey.put(s.app.key(), s);
        List<Restorer.StepResult> steps = new ArrayList<>();
        for (jmon.api.RestoreStepState s : j.steps()) {
            Plan.Step ps = byKey.get(s.key());
            if (ps == null) continue;
            steps.add(new Restorer.StepResult(ps, s.state(), s.startedAt(), s.readyAt(), s.attempts(), s.reason(), s.lastLines()));
            if (s.readyAt() > 0) backOnline.putIfAbsent(s.key(), s.readyAt());
        }
        for (Plan.Step ps : plan.steps()) if (ps.skipped) steps.add(new Restorer.StepResult(ps, "skipped", 0, 0, 0, "skipped in the plan", List.of()));
        int n = 0;
        for (jmon.api.RestoreStepState s : j.steps()) {
            n++;
            if (s.startedAt() > 0) note(s.startedAt(), "step " + n + ": " + (s.action() == null ? "start" : s.action()) + " " + s.key()
                    + (s.attempts() > 1 ? " (" + s.attempts() + " attempts)" : ""), "restore job");
            note(s.readyAt() > 0 ? s.readyAt() : j.endedAt(), "step " + n + " " + s.key() + ": " + s.state()
                    + (s.reason() == null ? "" : " — " + s.reason()), "restore job");
        }
        for (String line : j.log()) {
            int sp = line.indexOf(' ');
            try {
                note(Instant.parse(line.substring(0, sp)).toEpochMilli(), line.substring(sp + 1), "restore job");
            } catch (RuntimeException e) {
                note(line, "restore job");
            }
        }
        result = new Restorer.Result(steps, !j.state().equals("done"), j.submittedAt(), j.endedAt());
    }

    /** Writes {@code update.md} for a stage of the incident (each stage overwrites it; the timeline keeps them all). */
    public void writeUpdate(String stage) throws IOException {
        this.stage = stage;
        updates++;
        write("update.md", Report.update(this, updates));
        note("update.md written: " + stage, "jmon");
    }

    /** Writes the report files and {@code incident.json} (for list/show). */
    public void finish() throws IOException {
        listening = false;
        Report.writeAll(this);
        ObjectNode o = Assessment.JSON.createObjectNode();
        o.put("id", id);
        o.put("severity", assessment.severity().name());
        o.put("reason", assessment.verdict.reason());
        o.put("detectedAt", assessment.at);
        o.put("resolvedAt", resolvedAt);
        o.put("checklistPassed", checklist != null && Checklist.passed(checklist));
        var apps = o.putArray("affected");
        assessment.down().forEach(f -> apps.add(f.app().key()));
        write("incident.json", Assessment.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    }

    public void close() {
        listening = false;
        for (JmonApi a : open.values()) close(a);
        open.clear();
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
}
