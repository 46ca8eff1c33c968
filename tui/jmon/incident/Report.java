package jmon.incident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The incident's Markdown files, from the runbook's templates: {@code timeline.md}, {@code report.md},
 * {@code notification.md}, {@code update.md}, {@code resolution.md}. What only a person knows is left as a
 * clearly marked blank: {@value #BLANK}.
 */
public final class Report {
    public static final String BLANK = "[TO FILL IN: %s]";
    static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** Downtime of one app: from when it went down (and how that is known) until it was ready again (0 = still down). */
    public record Downtime(String app, long since, String sinceSource, long until) {
        public String text() {
            if (until <= 0) return "still down (since " + FULL.format(Instant.ofEpochMilli(since)) + " UTC, " + sinceSource + ")";
            return duration(until - since) + (sinceSource.startsWith("detection") ? " at least" : "") + " (" + sinceSource + ")";
        }
    }

    private Report() {}

    /** The product a namespace runs: its name without the tier token ({@code flyer-crawler-prod} → {@code flyer-crawler}). */
    static String product(String namespace) {
        String tier = Expected.inferTier(namespace);
        if (tier == null) return namespace;
        StringBuilder b = new StringBuilder();
        int from = 0;
        for (int i = 0; i <= namespace.length(); i++) {
            if (i == namespace.length() || "-_.@+".indexOf(namespace.charAt(i)) >= 0) {
                String tok = namespace.substring(from, i);
                if (!tier.equals(Expected.inferTier(tok))) {
                    if (b.length() > 0) b.append(namespace.charAt(from - 1));
                    b.append(tok);
                }
                from = i + 1;
            }
        }
        return b.length() == 0 ? namespace : b.toString();
    }

    /** The health URL an app's file gives (an http readiness or liveness probe), null when none. */
    static String healthUrl(Expected e) {
        var h = e.spec().health();
        if (h.readiness() != null && "http".equals(h.readiness().kind())) return h.readiness().url();
        if (h.liveness() != null && "http".equals(h.liveness().kind())) return h.liveness().url();
        return null;
    }

    /** "flyer-crawler (production)" for each affected namespace, with the health URLs the files give. */
    static List<String> impactLines(IncidentRun r, boolean after) {
        List<String> out = new ArrayList<>();
        for (String ns : affectedApps(r)) {
            List<Assessment.Finding> fs = r.assessment.down().stream().filter(f -> f.app().namespace().equals(ns)).toList();
            boolean up = after && r.checklist != null && fs.stream().allMatch(f -> r.backOnline.containsKey(f.app().key()));
            TreeSet<String> urls = new TreeSet<>();
            for (Assessment.Finding f : fs) { String u = healthUrl(f.app()); if (u != null) urls.add(u); }
            out.add(product(ns) + " (" + fs.get(0).app().tier() + ", namespace " + ns + "): " + (up ? "UP" : "DOWN")
                    + (urls.isEmpty() ? "" : " — health " + String.join(", ", urls)));
        }
        return out;
    }

    static String blank(String what) { return String.format(BLANK, what); }

    public static String bytes(long b) {
        if (b <= 0) return "?";
        String[] u = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = 0;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format("%.1f %s", v, u[i]);
    }

    static String pct(long part, long total) { return total <= 0 ? "?" : String.format("%.0f %%", 100.0 * part / total); }

    public static String duration(long ms) {
        long s = Math.max(0, ms / 1000);
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    /** Downtime per affected app: start from the audit (stop/delete/kill touching it) or else detection; end from status events or the step's ready time. */
    public static List<Downtime> downtimes(IncidentRun r) {
        List<Downtime> out = new ArrayList<>();
        for (Assessment.Finding f : r.assessment.down()) {
            long since = r.assessment.at;
            String src = "detection; when it went down is not recorded";
            for (Assessment.AuditHit h : r.assessment.audit) {
                boolean touches = h.affected().stream().anyMatch(a -> a.equals(f.app().key()) || a.endsWith("/" + f.app().name()) || a.equals(f.app().name()))
                        || (f.app().namespace().equals(h.namespace()) && (h.targets().contains("all") || h.targets().contains(f.app().name())))
                        || h.verb().equals("kill");
                if (touches && List.of("stop", "delete", "kill", "restart").contains(h.verb())) {
                    try {
                        since = Instant.parse(h.time()).toEpochMilli();
                        src = "audit: " + h.user() + " ran " + h.verb() + " " + String.join(" ", h.targets());
                    } catch (RuntimeException ignored) {
                        // unparsable time
                    }
                }
            }
            long until = r.backOnline.getOrDefault(f.app().key(), 0L);
            out.add(new Downtime(f.app().key(), since, src, until));
        }
        return out;
    }

    /** What the runbook's "5 whys" start from: the bulk command that touched the apps, else the first other cause known. */
    static String whyStart(IncidentRun r) {
        for (Assessment.AuditHit h : r.assessment.audit) {
            if (h.flagged()) return "`" + h.user() + "` ran `" + h.verb() + " " + String.join(" ", h.targets())
                    + (h.namespace() == null ? "" : " -n " + h.namespace()) + "` at " + h.time()
                    + (h.via() == null ? " (audit)" : " via `" + h.via() + "` (the daemon's history)");
        }
        List<String> hs = hints(r);
        return hs.isEmpty() ? null : hs.get(0);
    }

    /** Root-cause hints: audit entries, exit codes and signals, OOM kills, disk, memory, changed revisions. */
    public static List<String> hints(IncidentRun r) {
        List<String> out = new ArrayList<>();
        Assessment a = r.assessment;
        for (Assessment.AuditHit h : a.audit) if (h.flagged() || List.of("stop", "delete", "kill").contains(h.verb())) out.add("audit: " + h.line());
        for (Assessment.Finding f : a.down()) {
            var p = f.first();
            if (p != null && (p.lastExitCode() != null || p.lastSignal() != null))
                out.add(f.app().key() + ": last exit " + (p.lastSignal() != null ? "signal " + p.lastSignal() : "code " + p.lastExitCode())
                        + (p.reason() == null ? "" : " (" + p.reason() + ")"));
            if (p == null) out.add(f.app().key() + ": gone from the process list (deleted, or the daemon lost its state)");
        }
        a.oomKills.forEach(l -> out.add("kernel OOM kill: " + l));
        var h = a.host();
        if (h != null && h.diskTotal() > 0 && h.diskFree() < h.diskTotal() / 20) out.add("disk nearly full: " + bytes(h.diskFree()) + " free of " + bytes(h.diskTotal()));
        if (h != null && h.memTotal() > 0 && h.memAvailable() < h.memTotal() / 20) out.add("memory nearly exhausted: " + bytes(h.memAvailable()) + " available");
        a.revisions.forEach((k, v) -> { if (v.changedSinceSave()) out.add(k + ": code changed since the dump was saved (HEAD " + v.head() + ")"); });
        if (!a.daemonReachable) out.add("the daemon was not reachable at detection: " + a.daemonError);
        return out;
    }

    private static List<String> affectedApps(IncidentRun r) {
        TreeSet<String> s = new TreeSet<>();
        for (Assessment.Finding f : r.assessment.down()) s.add(f.app().namespace());
        return new ArrayList<>(s);
    }

    public static void writeAll(IncidentRun r) throws IOException {
        r.write("timeline.md", timeline(r));
        r.write("report.md", report(r));
        r.write("notification.md", notification(r));
        r.write("update.md", update(r, 0));
        r.write("resolution.md", resolution(r));
    }

    static String timeline(IncidentRun r) {
        StringBuilder b = new StringBuilder("# Timeline: incident " + r.id + "\n\n| Time (UTC) | Event | Source |\n| ---------- | ----- | ------ |\n");
        for (IncidentRun.Event e : r.timeline()) b.append("| ").append(HM.format(Instant.ofEpochMilli(e.at()))).append(" | ")
                .append(e.text().replace("|", "\\|")).append(" | ").append(e.source()).append(" |\n");
        return b.toString();
    }

    static String report(IncidentRun r) {
        Assessment a = r.assessment;
        long end = r.resolvedAt > 0 ? r.resolvedAt : System.currentTimeMillis();
        StringBuilder b = new StringBuilder();
        b.append("# Incident Report: ").append(a.verdict.severity().name()).append(" ").append(String.join(", ", affectedApps(r))).append(" down (").append(r.id).append(")\n\n");
        b.append("## Overview\n\n| Field | Value |\n| ----- | ----- |\n");
        b.append("| Date | ").append(DAY.format(Instant.ofEpochMilli(a.at))).append(" |\n");
        b.append("| Duration | ").append(duration(end - earliest(r))).append(" (first known down → ").append(r.resolvedAt > 0 ? "resolved" : "now").append(") |\n");
        b.append("| Severity | ").append(a.verdict.severity().label()).append(" — ").append(a.verdict.reason()).append(" |\n");
        b.append("| Incident Commander | ").append(blank("name")).append(" (restore run by ").append(r.user).append(") |\n");
        String unverified = r.checklist == null ? "" : Checklist.unverified(r.checklist);
        b.append("| Status | ").append(r.resolvedAt > 0 ? "Resolved" + (unverified.isEmpty() ? "" : " (readiness " + unverified.replace("|", "\\|") + ")")
                : "Open — checklist not passed").append(" |\n");
        if (r.job != null) b.append("| Restore job | ").append(r.job.id()).append(" (").append(r.job.state()).append("), the daemon's record: `restore.md` |\n");
        b.append('\n');
        b.append("## Timeline\n\n| Time (UTC) | Event |\n| ---------- | ----- |\n");
        for (IncidentRun.Event e : r.timeline()) b.append("| ").append(HM.format(Instant.ofEpochMilli(e.at()))).append(" | ").append(e.text().replace("|", "\\|")).append(" |\n");
        b.append("\n## Impact\n\n");
        b.append("- **Users affected**: ").append(blank("number/description")).append('\n');
        b.append("- **Revenue impact**: ").append(blank("if applicable")).append('\n');
        b.append("- **SLA impact**: ").append(blank("if applicable")).append('\n');
        b.append("- **Downtime per app** (computed):\n");
        for (Downtime dt : downtimes(r)) b.append("  - `").append(dt.app()).append("`: ").append(dt.text()).append('\n');
        b.append("\n### Per app\n\n| App | Product | Health URL | Last healthy | First failure | Back (ready) | Downtime |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        AppHistory history = AppHistory.observed(a);
        for (Assessment.Finding f : a.down()) {
            AppHistory.Known k = history.of(f);
            long back = r.backOnline.getOrDefault(f.app().key(), 0L);
            long from = k.firstFailure() > 0 ? k.firstFailure() : a.at;
            String url = healthUrl(f.app());
            b.append("| `").append(f.app().key()).append("` | ").append(product(f.app().namespace())).append(" | ")
                    .append(url == null ? "-" : url).append(" | ")
                    .append(k.lastHealthy() > 0 ? HM.format(Instant.ofEpochMilli(k.lastHealthy())) + " (" + k.lastHealthySource() + ")" : k.lastHealthySource())
                    .append(" | ").append(k.firstFailure() > 0 ? HM.format(Instant.ofEpochMilli(k.firstFailure())) + " (" + k.firstFailureSource() + ")" : k.firstFailureSource())
                    .append(" | ").append(back > 0 ? HM.format(Instant.ofEpochMilli(back)) : "still down")
                    .append(" | ").append(back > 0 ? duration(back - from) + (k.firstFailure() > 0 ? "" : " at least") : "-").append(" |\n");
        }
        b.append("\n## Root Cause\n\n").append(blank("detailed technical explanation")).append("\n\n");
        String start = whyStart(r);
        if (start != null) b.append("The 5 whys start from: ").append(start).append("\n\n1. Why did it happen? ").append(blank("answer"))
                .append("\n2. Why? ").append(blank("answer")).append("\n3. Why? ").append(blank("answer")).append("\n4. Why? ")
                .append(blank("answer")).append("\n5. Why? ").append(blank("answer")).append("\n\n");
        b.append("Hints found by jmon:\n\n");
        List<String> hints = hints(r);
        if (hints.isEmpty()) b.append("- (none found)\n");
        hints.forEach(h -> b.append("- ").append(h).append('\n'));
        b.append("\n## Resolution\n\n");
        if (r.result != null) for (Restorer.StepResult s : r.result.steps())
            b.append("- ").append(s.step().action).append(" `").append(s.step().app.key()).append("`: ").append(s.outcome())
                    .append(s.readyAt() > 0 ? " in " + duration(s.tookMs()) : "").append(s.error() == null ? "" : " — " + s.error()).append('\n');
        r.saved.forEach((ns, s) -> b.append("- save ").append(ns).append(": ").append(s).append('\n'));
        b.append("\nChecklist:\n\n");
        if (r.checklist != null) r.checklist.forEach(i -> b.append(i.line()).append('\n'));
        b.append("\n## Contributing Factors\n\n1. ").append(blank("factor")).append("\n2. ").append(blank("factor")).append('\n');
        b.append("\n## Action Items\n\n| Action | Owner | Due Date | Status |\n| ------ | ----- | -------- | ------ |\n| ")
                .append(blank("action")).append(" | ").append(blank("name")).append(" | ").append(blank("date")).append(" | [ ] |\n");
        b.append("\n## Lessons Learned\n\n### What Went Well\n\n- ").append(blank("item")).append("\n\n### What Could Be Improved\n\n- ").append(blank("item")).append('\n');
        b.append("\n## Appendix\n\n- Snapshot before any change: `state.json`, `system.txt` (this folder)\n- Timeline: `timeline.md`\n- Link to monitoring data: ")
                .append(blank("link")).append('\n');
        return b.toString();
    }

    private static long earliest(IncidentRun r) {
        long e = r.assessment.at;
        for (Downtime d : downtimes(r)) e = Math.min(e, d.since());
        return e;
    }

    private static String subject(IncidentRun r, String tail) {
        TreeSet<String> products = new TreeSet<>();
        for (String ns : affectedApps(r)) {
            String tier = r.assessment.down().stream().filter(f -> f.app().namespace().equals(ns)).findFirst().map(f -> f.app().tier()).orElse("");
            products.add(product(ns) + " " + tier);
        }
        return "Subject: [" + r.assessment.verdict.severity().name() + " INCIDENT] " + String.join(", ", products) + " down ("
                + String.join(", ", affectedApps(r)) + ")" + tail + "\n";
    }

    static String notification(IncidentRun r) {
        Assessment a = r.assessment;
        StringBuilder b = new StringBuilder("```text\n").append(subject(r, ""));
        b.append("Status: INVESTIGATING\nTime Detected: ").append(FULL.format(Instant.ofEpochMilli(a.at))).append(" UTC\n");
        b.append("Affected Systems: [").append(String.join(", ", affectedApps(r))).append("]\n\nSummary:\n").append(a.verdict.reason()).append("\n\nImpact:\n");
        impactLines(r, false).forEach(l -> b.append("- ").append(l).append('\n'));
        b.append("\nCurrent Actions:\n- Restoring processes in priority order: ");
        b.append(String.join(", ", r.plan.active().stream().map(s -> s.app.key()).toList())).append("\n- Investigating root cause\n\n");
        b.append("Next Update: In 15 minutes or upon status change\n\nIncident Commander: ").append(blank("name")).append("\n```\n");
        return b.toString();
    }

    /** @param number the update's number, 0 for the final one (the report's) */
    static String update(IncidentRun r, int number) {
        String status = r.resolvedAt > 0 ? "RESOLVED" : number > 0 ? r.stage : r.result == null ? "INVESTIGATING" : "OPEN";
        StringBuilder b = new StringBuilder("```text\n").append(subject(r, " - UPDATE" + (number > 0 ? " #" + number : "")));
        b.append("Status: ").append(status).append("\nTime: ")
                .append(FULL.format(Instant.ofEpochMilli(System.currentTimeMillis()))).append(" UTC\n\nProgress Since Last Update:\n");
        if (r.result != null) for (Restorer.StepResult s : r.result.steps()) b.append("- ").append(s.step().app.key()).append(": ").append(s.outcome()).append('\n');
        b.append("\nCurrent State:\n");
        impactLines(r, true).forEach(l -> b.append("- ").append(l).append('\n'));
        List<String> hints = hints(r);
        b.append("\nRoot Cause: ").append(hints.isEmpty() ? blank("if identified") : hints.get(0) + " " + blank("confirm")).append('\n');
        b.append("\nNext Steps:\n- ").append(r.resolvedAt > 0 ? "Root cause investigation" : "Finish restoring; see the checklist").append("\n\nETA to Resolution: ")
                .append(r.resolvedAt > 0 ? "resolved" : blank("if known")).append("\nNext Update: In ").append(blank("X")).append(" minutes\n```\n");
        return b.toString();
    }

    static String resolution(IncidentRun r) {
        long end = r.resolvedAt > 0 ? r.resolvedAt : System.currentTimeMillis();
        StringBuilder b = new StringBuilder("```text\nSubject: [").append(r.resolvedAt > 0 ? "RESOLVED" : "NOT RESOLVED").append("] ")
                .append(String.join(", ", affectedApps(r))).append(" down\n");
        b.append("Status: ").append(r.resolvedAt > 0 ? "RESOLVED" : "OPEN (the checklist did not pass)").append("\nTime Resolved: ")
                .append(r.resolvedAt > 0 ? FULL.format(Instant.ofEpochMilli(r.resolvedAt)) + " UTC" : "-").append("\nTotal Downtime: ")
                .append(duration(end - earliest(r))).append("\n\nSummary:\n");
        b.append(r.resolvedAt > 0 ? "All expected processes have been restored. Services are operating normally.\n" : "Not every process is back; see the checklist.\n");
        b.append("\nRoot Cause:\n").append(blank("brief description of what caused the incident")).append('\n');
        for (String h : hints(r)) b.append("  hint: ").append(h).append('\n');
        b.append("\nImpact Summary:\n");
        for (Downtime d : downtimes(r)) b.append("- ").append(d.app()).append(": Down for ").append(d.text()).append('\n');
        b.append("- Estimated user impact: ").append(blank("description")).append("\n\nImmediate Actions Taken:\n");
        int n = 1;
        if (r.result != null) for (Restorer.StepResult s : r.result.steps()) b.append(n++).append(". ").append(s.step().action).append(' ').append(s.step().app.key()).append(": ").append(s.outcome()).append('\n');
        for (var e : r.saved.entrySet()) b.append(n++).append(". save ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        b.append("\nFollow-up Actions:\n1. [ ] ").append(blank("preventive measure")).append(" - Owner: ").append(blank("name")).append(" - Due: ").append(blank("date"))
                .append("\n2. [ ] Post-incident review scheduled for ").append(blank("date")).append("\n\nPost-Incident Review: ").append(blank("link or scheduled time")).append("\n```\n");
        return b.toString();
    }
}
