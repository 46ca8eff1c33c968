package jmon.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.api.DaemonInfo;
import jmon.api.Health;
import jmon.api.HostStatus;
import jmon.api.JmonApi;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;

/**
 * Expected against actual, and everything the runbook's "gather information" step asks for.
 *
 * <p>Crash-looping: the daemon keeps no restart history over its API, so a process counts as crash-looping when it
 * is waiting to restart, or it has unstable restarts in a row (exits before {@code min_uptime}) and its last spawn
 * was within the last 10 minutes.
 */
public final class Assessment {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final long CRASH_WINDOW_MS = Health.CRASH_WINDOW_MS;

    /**
     * One expected process and what was found. {@code state}: ok, not-checked (runs, nothing tells whether it
     * serves), missing, errored, stopped, crash-looping, not-ready.
     */
    public record Finding(Expected app, String state, List<ProcessInfo> actual, String detail) {
        public boolean down() { return !state.equals("ok") && !state.equals("not-checked") && !state.equals("unsupervised"); }
        public boolean notChecked() { return state.equals("not-checked"); }
        public ProcessInfo first() { return actual.isEmpty() ? null : actual.get(0); }
    }

    /** An audit line that touched an affected process; {@code flagged} when it was a bulk stop/delete/restart. */
    public record AuditHit(String time, String user, String verb, String namespace, List<String> targets,
                           List<String> affected, String outcome, boolean flagged, String via) {
        public AuditHit(String time, String user, String verb, String namespace, List<String> targets,
                        List<String> affected, String outcome, boolean flagged) {
            this(time, user, verb, namespace, targets, affected, outcome, flagged, null);
        }

        public String line() {
            return time + "  " + user + "  " + verb + " " + String.join(" ", targets) + (namespace == null ? "" : " -n " + namespace)
                    + " → " + outcome + (flagged ? "  ⚠ \"" + verb + " all\"" : "") + (via == null ? "" : "  (via `" + via + "`)");
        }
    }

    /** The code revision of an app's cwd (git HEAD) and whether a commit newer than the dump is checked out. */
    public record Revision(String cwd, String head, long commitAt, boolean changedSinceSave) {}

    public final long at;
    public final String scope;
    public final boolean daemonReachable;
    public final String daemonError;
    public final DaemonInfo daemon;
    public final List<ProcessInfo> actual;
    public final List<Finding> findings;
    public final Severity.Verdict verdict;
    public final List<String> oomKills;
    public final List<AuditHit> audit;
    /**
     * The daemon's history of the apps that are down (status changes with their reasons, readiness, probe results
     * that changed), oldest first: the timeline's health-check rows and each app's last healthy and first failure.
     * Empty when no daemon answers.
     */
    public final List<jmon.api.HistoryEvent> appEvents;
    public final Map<String, Revision> revisions;
    public final Inventory.Loaded inventory;
    /** With the daemon unreachable: this home's apps still running (found in /proc by their mark); empty otherwise. */
    public final List<LiveApps.Live> alive;

    private Assessment(long at, String scope, boolean reachable, String err, DaemonInfo daemon, List<ProcessInfo> actual,
                       List<Finding> findings, List<String> oom, List<AuditHit> audit, List<jmon.api.HistoryEvent> appEvents,
                       Map<String, Revision> revs, Inventory.Loaded inv, List<LiveApps.Live> alive) {
        this.appEvents = appEvents;
        this.at = at;
        this.scope = scope;
        this.daemonReachable = reachable;
        this.daemonError = err;
        this.daemon = daemon;
        this.actual = actual;
        this.findings = findings;
        this.alive = alive;
        this.verdict = !reachable && !alive.isEmpty() && findings.stream().noneMatch(Finding::down)
                ? new Severity.Verdict(Severity.NONE, "daemon down, " + alive.size() + " app" + (alive.size() == 1 ? "" : "s")
                        + " still serving, no app outage: start the daemon ('jmon restore --yes' or 'jmon ping'), it re-adopts them")
                : Severity.classify(findings);
        this.oomKills = oom;
        this.audit = audit;
        this.revisions = revs;
        this.inventory = inv;
    }

    public HostStatus host() { return daemon == null ? null : daemon.host(); }
    public List<Finding> down() { return findings.stream().filter(Finding::down).toList(); }
    public Severity severity() { return verdict.severity(); }

    /** The daemon does not answer but its apps run: supervision is lost, service is not. */
    public boolean daemonDownAppsAlive() { return !daemonReachable && !alive.isEmpty(); }

    /** Assesses with a daemon connection, or api null when the daemon is not reachable (then /proc is scanned). */
    public static Assessment of(JmonApi api, String apiError, Path home, Inventory.Loaded inv, String scope, boolean probeSystem) {
        return of(api, apiError, home, inv, scope, probeSystem, true);
    }

    /** @param scanLocal look for the home's apps in this machine's /proc when the daemon is unreachable (not with --host) */
    public static Assessment of(JmonApi api, String apiError, Path home, Inventory.Loaded inv, String scope, boolean probeSystem,
                                boolean scanLocal) {
        long now = System.currentTimeMillis();
        List<ProcessInfo> actual = new ArrayList<>();
        DaemonInfo info = null;
        String err = apiError;
        boolean reachable = false;
        if (api != null) {
            try {
                info = api.ping();
                actual.addAll(api.list(null));
                reachable = true;
            } catch (RuntimeException e) {
                err = e.getMessage();
            }
        }
        List<Finding> findings = new ArrayList<>();
        List<LiveApps.Live> alive = reachable || !scanLocal ? List.of() : LiveApps.scan(home);
        for (Expected e : inv.in(scope)) {
            List<LiveApps.Live> running = alive.stream().filter(l -> l.key().equals(e.key())).toList();
            if (!reachable && !running.isEmpty()) {
                findings.add(new Finding(e, "unsupervised", List.of(), "running (pid " + running.get(0).pid()
                        + (running.size() > 1 ? " and " + (running.size() - 1) + " more" : "") + "), its daemon down: nobody restarts it if it dies"));
            } else {
                findings.add(judge(e, actual, now));
            }
        }
        List<jmon.api.HistoryEvent> history = api != null && reachable ? history(api) : List.of();
        List<AuditHit> audit = api != null && reachable ? requests(history, findings) : audit(home, findings);
        List<jmon.api.HistoryEvent> appEvents = appEvents(history, findings);
        Map<String, Revision> revs = probeSystem ? revisions(inv.in(scope)) : Map.of();
        List<String> oom = probeSystem ? oomKills() : List.of();
        return new Assessment(now, scope, reachable, err, info, actual, findings, oom, audit, appEvents, revs, inv, alive);
    }

    /**
     * One expected app against what runs, through {@link Health} (the one mapping every view uses): errored, stopped,
     * crash-looping (Health DOWN, or restarting over and over after min_uptime: {@link #crashLooping}), not-ready
     * (Health DEGRADED), not-checked (running, but no readiness signal: never "ok", not an outage either), ok
     * (Health HEALTHY).
     */
    static Finding judge(Expected e, List<ProcessInfo> actual, long now) {
        List<ProcessInfo> mine = actual.stream().filter(p -> p.namespace().equals(e.namespace()) && p.name().equals(e.name())).toList();
        if (mine.isEmpty()) return new Finding(e, "missing", mine, "not in the process list");
        String worst = "ok";
        String detail = "online, ready";
        for (ProcessInfo p : mine) {
            Health h = Health.of(p);
            String s;
            String d;
            if (p.status() == ProcessStatus.ERRORED) {
                s = "errored";
                d = "errored" + exit(p) + (p.reason() == null ? "" : ": " + p.reason());
            } else if (p.status() == ProcessStatus.STOPPED || p.status() == ProcessStatus.EXITED || p.status() == ProcessStatus.STOPPING) {
                s = "stopped";
                d = p.status().wire() + exit(p) + (p.reason() == null ? "" : ": " + p.reason());
            } else if (h == Health.DOWN || crashLooping(p, now)) {
                s = "crash-looping";
                d = p.status().wire() + ", " + p.restarts() + " restart(s) since " + Report.FULL.format(java.time.Instant.ofEpochMilli(p.createdAt()))
                        + " UTC, " + p.unstableRestarts() + " before min_uptime in a row" + exit(p);
            } else if (h == Health.DEGRADED) {
                s = "not-ready";
                d = p.status().wire() + ", not ready" + probe(p);
            } else if (h == Health.NOT_CHECKED) {
                s = "not-checked";
                d = "online, readiness not checked (no wait_ready, no readiness probe)";
            } else {
                continue;
            }
            if (rank(s) > rank(worst)) {
                worst = s;
                detail = d;
            }
        }
        return new Finding(e, worst, mine, detail);
    }


    /**
     * Crash-looping: Health's rule (restarts in a row before min_uptime, waiting to restart), or an app that lives
     * past min_uptime and dies again and again ({@link Health#crashLooping(ProcessInfo, long)}), or waits to restart.
     */
    public static boolean crashLooping(ProcessInfo p, long now) {
        return Health.crashLooping(p, now) || p.status() == ProcessStatus.WAITING_RESTART; // the one rule: Health's
    }

    private static String probe(ProcessInfo p) {
        if (p.health() == null || p.health().readiness() == null) return "";
        var r = p.health().readiness();
        return " (readiness " + (r.ok() ? "ok" : "FAIL") + ": " + r.detail() + ")";
    }

    private static int rank(String s) {
        return switch (s) {
            case "ok" -> 0;
            case "not-checked" -> 1;
            case "not-ready" -> 2;
            case "crash-looping" -> 3;
            case "stopped" -> 4;
            default -> 5;
        };
    }

    private static String exit(ProcessInfo p) {
        if (p.lastSignal() != null) return " (signal " + p.lastSignal() + ")";
        if (p.lastExitCode() != null) return " (exit code " + p.lastExitCode() + ")";
        return "";
    }

    /**
     * The requests (of the daemon's history, up to 2000, with each caller's context) that touched an affected
     * process or its namespace: through the API, so {@code --host} reads that host's.
     */
    static List<AuditHit> requests(List<jmon.api.HistoryEvent> events, List<Finding> findings) {
        List<Finding> down = findings.stream().filter(Finding::down).toList();
        List<AuditHit> out = new ArrayList<>();
        for (jmon.api.HistoryEvent e : events) {
            if (e.kind() != jmon.api.HistoryEvent.Kind.REQUEST || e.verb() == null) continue;
            List<String> targets = e.targets() == null ? List.of() : e.targets();
            String ns = e.namespace();
            boolean touches = false;
            for (Finding d : down) {
                String name = d.app().name();
                if (d.app().namespace().equals(ns) && (targets.contains(name) || targets.contains("all"))) touches = true;
                for (String t : targets) if (t.equals(d.app().key())) touches = true;
                if (ns == null && targets.contains("all")) touches = true;
                if (e.verb().equals("kill")) touches = true;
            }
            if (!touches) continue;
            boolean flagged = targets.contains("all") && List.of("stop", "delete", "restart", "reload").contains(e.verb());
            out.add(new AuditHit(Instant.ofEpochMilli(e.at()).toString(), e.user(), e.verb(), ns, targets, List.of(),
                    e.text(), flagged, e.context() == null ? null : e.context().via()));
        }
        return out.subList(Math.max(0, out.size() - 20), out.size());
    }

    /** The daemon's last 2000 history entries, oldest first; empty from a daemon without a history. */
    static List<jmon.api.HistoryEvent> history(JmonApi api) {
        try {
            return api.history(new jmon.api.HistoryQuery(null, null, 0, 2000));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Status, readiness and probe entries of the apps that are down. */
    static List<jmon.api.HistoryEvent> appEvents(List<jmon.api.HistoryEvent> events, List<Finding> findings) {
        java.util.Set<String> down = new java.util.HashSet<>();
        for (Finding f : findings) if (f.down()) down.add(f.app().key());
        List<jmon.api.HistoryEvent> out = new ArrayList<>();
        for (jmon.api.HistoryEvent e : events) {
            if (e.name() == null || !down.contains(e.namespace() + "/" + e.name())) continue;
            if (e.kind() == jmon.api.HistoryEvent.Kind.STATUS || e.kind() == jmon.api.HistoryEvent.Kind.PROBE
                    || e.kind() == jmon.api.HistoryEvent.Kind.READINESS) out.add(e);
        }
        return out;
    }

    /** With no daemon answering: the last lines (of up to 2000) of the local audit log that touched an affected process. */
    static List<AuditHit> audit(Path home, List<Finding> findings) {
        List<AuditHit> out = new ArrayList<>();
        Path f = home.resolve("audit.jsonl");
        if (!Files.exists(f)) return out;
        List<String> lines;
        try {
            lines = Files.readAllLines(f);
        } catch (IOException e) {
            return out;
        }
        List<Finding> down = findings.stream().filter(Finding::down).toList();
        for (String l : lines.subList(Math.max(0, lines.size() - 2000), lines.size())) {
            try {
                JsonNode n = JSON.readTree(l);
                String verb = n.path("verb").asText();
                String ns = n.hasNonNull("namespace") ? n.get("namespace").asText() : null;
                List<String> targets = strings(n.path("targets"));
                List<String> affected = strings(n.path("affected"));
                boolean touches = false;
                for (Finding d : down) {
                    String name = d.app().name();
                    String k = d.app().key();
                    for (String a : affected) if (a.equals(k) || a.equals(name) || a.startsWith(k + "#") || a.endsWith("/" + name)) touches = true;
                    if (d.app().namespace().equals(ns) && (targets.contains(name) || targets.contains("all"))) touches = true;
                    if (ns == null && targets.contains("all")) touches = true;
                    if (verb.equals("kill")) touches = true;
                }
                if (!touches) continue;
                boolean flagged = targets.contains("all") && List.of("stop", "delete", "restart", "reload").contains(verb);
                out.add(new AuditHit(n.path("time").asText(), n.path("user").asText(), verb, ns, targets, affected,
                        n.path("outcome").asText(), flagged));
            } catch (IOException | RuntimeException ignored) {
                // a torn line
            }
        }
        return out.subList(Math.max(0, out.size() - 20), out.size());
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : a) out.add(x.asText());
        return out;
    }

    static Map<String, Revision> revisions(List<Expected> apps) {
        Map<String, Revision> out = new LinkedHashMap<>();
        Map<String, String[]> cache = new HashMap<>();
        for (Expected e : apps) {
            if (e.cwd() == null) continue;
            String[] r = cache.computeIfAbsent(e.cwd(), c -> run(Path.of(c), "git", "-C", c, "log", "-1", "--format=%H %ct"));
            if (r == null) continue;
            String[] parts = r[0].trim().split(" ");
            if (parts.length < 2) continue;
            long at = Long.parseLong(parts[1]) * 1000;
            out.put(e.key(), new Revision(e.cwd(), parts[0], at, e.savedAt() > 0 && at > e.savedAt()));
        }
        return out;
    }

    /** Kernel OOM kills from {@code dmesg} when it is readable; empty (quietly) otherwise. */
    static List<String> oomKills() {
        String[] r = run(null, "dmesg");
        List<String> out = new ArrayList<>();
        if (r == null) return out;
        for (String l : r[0].split("\n")) {
            String s = l.toLowerCase();
            if (s.contains("out of memory") || s.contains("oom-kill") || s.contains("killed process")) out.add(l.trim());
        }
        return out.subList(Math.max(0, out.size() - 10), out.size());
    }

    /** Runs a command (3 s at most); its stdout, or null when it failed. */
    static String[] run(Path dir, String... cmd) {
        try {
            if (dir != null && !Files.isDirectory(dir)) return null;
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(1 << 20);
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String[] {new String(out)} : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
