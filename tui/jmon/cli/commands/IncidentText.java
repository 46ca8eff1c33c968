package jmon.cli.commands;

import java.io.PrintStream;
import java.time.Instant;
import jmon.api.HostStatus;
import jmon.incident.Assessment;
import jmon.incident.Report;

/** The assessment as text, for {@code jmon incident status} and {@code jmon restore}. */
final class IncidentText {
    private IncidentText() {}

    static void assessment(PrintStream out, Assessment a) {
        out.println("severity: " + a.verdict.severity().label() + " — " + a.verdict.reason());
        out.println("daemon: " + (a.daemonReachable ? "reachable (pid " + a.daemon.pid() + ")" : "NOT reachable: " + a.daemonError));
        if (a.daemonDownAppsAlive()) {
            out.println("apps still running (found in /proc by this home's JMON_INSTANCE mark): " + a.alive.size());
            out.println("  -> start the daemon: 'jmon restore --yes' (or 'jmon ping'); it re-adopts them, nothing is restarted");
        }
        HostStatus h = a.host();
        if (h != null) {
            out.println("host: " + h.hostname() + ", load " + h.load1() + ", memory " + Report.bytes(h.memAvailable()) + " available of "
                    + Report.bytes(h.memTotal()) + ", disk " + Report.bytes(h.diskFree()) + " free of " + Report.bytes(h.diskTotal()));
        }
        out.println();
        out.printf("%-14s %-36s %-22s %-4s %s%n", "STATE", "PROCESS", "TIER", "PRIO", "DETAIL");
        for (Assessment.Finding f : a.findings) {
            String tier = f.app().tier() + (f.app().tierSource().equals("declared") ? "" : " (" + f.app().tierSource() + ")");
            out.printf("%-14s %-36s %-22s %-4s %s%n", f.state(), f.app().key(), tier,
                    f.app().priority() > 0 ? String.valueOf(f.app().priority()) : "-", f.detail());
        }
        if (a.findings.isEmpty()) out.println("(no expected processes: save a namespace with 'jmon save' or 'jmon inventory add FILE')");
        if (!a.oomKills.isEmpty()) {
            out.println("\nOOM kills (kernel log):");
            a.oomKills.forEach(l -> out.println("  " + l));
        }
        if (!a.audit.isEmpty()) {
            out.println("\naudit entries touching affected processes:");
            a.audit.forEach(x -> out.println("  " + x.line()));
        }
        a.revisions.forEach((k, r) -> {
            if (r.changedSinceSave()) out.println("code changed since save: " + k + " HEAD " + r.head() + " (" + Instant.ofEpochMilli(r.commitAt()) + ")");
        });
        for (String p : a.inventory.problems()) out.println("inventory: " + p);
    }
}
