package jmon.incident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import jmon.api.HostStatus;
import jmon.api.JmonApi;
import jmon.api.ProcessInfo;
import jmon.format.Jlist;

/** The state before anything is touched: {@code state.json} (the jlist of everything) and {@code system.txt}. */
public final class Snapshot {
    private Snapshot() {}

    /** state.json and system.txt written into the incident (through the API when the daemon keeps it: {@code --host} keeps them there). */
    public static void write(IncidentRun r, Assessment a, JmonApi api) throws IOException {
        r.write("state.json", Jlist.toJson(a.actual, false, a.at));
        r.write("system.txt", system(a, api, r.home));
    }

    /** system.txt: daemon, host, expected vs actual, OOM kills, audit, revisions, the daemon's log, last lines. */
    static String system(Assessment a, JmonApi api, Path home) {
        StringBuilder b = new StringBuilder();
        b.append("=== jmon incident snapshot ").append(Instant.ofEpochMilli(a.at)).append(" ===\n\n");
        b.append("=== daemon ===\n").append(a.daemonReachable ? "reachable, pid " + a.daemon.pid() + ", version " + a.daemon.version()
                + ", up " + a.daemon.uptimeMs() / 1000 + " s" : "NOT reachable: " + a.daemonError).append("\n\n");
        HostStatus h = a.host();
        b.append("=== host ===\n");
        if (h == null) b.append("(no host figures: the daemon did not answer or has not sampled yet)\n");
        else {
            b.append("hostname ").append(h.hostname()).append(", ").append(h.cores()).append(" cores, cpu ").append(String.format("%.1f", h.cpu())).append(" %\n");
            b.append("load ").append(h.load1()).append(' ').append(h.load5()).append(' ').append(h.load15()).append('\n');
            b.append("=== disk (JMON_HOME) ===\n").append(Report.bytes(h.diskFree())).append(" free of ").append(Report.bytes(h.diskTotal()))
                    .append(" (").append(Report.pct(h.diskTotal() - h.diskFree(), h.diskTotal())).append(" used)\n");
            b.append("=== memory ===\n").append(Report.bytes(h.memAvailable())).append(" available of ").append(Report.bytes(h.memTotal())).append('\n');
        }
        b.append("\n=== expected vs actual ===\n");
        for (Assessment.Finding f : a.findings) b.append(String.format("%-14s %-40s %s%n", f.state(), f.app().key(), f.detail()));
        b.append("\n=== OOM kills (kernel log) ===\n");
        if (a.oomKills.isEmpty()) b.append("(none found, or the kernel log is not readable)\n");
        a.oomKills.forEach(l -> b.append(l).append('\n'));
        b.append("\n=== audit (entries touching affected processes) ===\n");
        a.audit.forEach(x -> b.append(x.line()).append('\n'));
        b.append("\n=== code revisions ===\n");
        a.revisions.forEach((k, r) -> b.append(k).append("  ").append(r.head(), 0, Math.min(12, r.head().length()))
                .append(r.changedSinceSave() ? "  CHANGED since the dump was saved" : "").append('\n'));
        b.append("\n=== daemon log (last 40 lines) ===\n");
        List<String> daemonLog;
        try {
            daemonLog = api != null && a.daemonReachable ? api.daemonLog(40) : tail(home.resolve("jmon.log"), 40);
        } catch (jmon.api.JmonException e) {
            daemonLog = List.of("(the daemon's log: " + e.getMessage() + ")");
        }
        daemonLog.forEach(l -> b.append(l).append('\n'));
        b.append("\n=== last log lines per process ===\n");
        if (api != null && a.daemonReachable) {
            for (ProcessInfo p : a.actual) {
                b.append("--- ").append(p.qualifiedName()).append(" (").append(p.status().wire()).append(") ---\n");
                Expected e = new Expected(p.spec(), null, "actual", 0);
                if (p.spec() != null) Restorer.lastLines(api, e, 10).forEach(l -> b.append(l).append('\n'));
            }
        }
        return b.toString();
    }

    static List<String> tail(Path f, int n) {
        try {
            if (!Files.exists(f)) return List.of("(no " + f.getFileName() + ")");
            List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - n), all.size());
        } catch (IOException | RuntimeException e) {
            return List.of("(" + f + ": " + e.getMessage() + ")");
        }
    }
}
