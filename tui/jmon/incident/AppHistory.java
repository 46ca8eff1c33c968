package jmon.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jmon.api.ProcessInfo;

/**
 * What is known of one app's past, for the timeline and the downtime: when it was last healthy and when it first
 * failed, each with how that is known. One seam: today {@link #observed} builds it from what exists (the process
 * list at detection, the audit lines, the status events seen during the restore); the daemon's own history
 * (issue 14, point 1) replaces it here, and nowhere else.
 */
public interface AppHistory {
    /**
     * @param lastHealthy  epoch ms it was last known running and serving (0 when not known)
     * @param firstFailure epoch ms it first failed in this incident (0 when not known: detection is the bound)
     */
    record Known(long lastHealthy, String lastHealthySource, long firstFailure, String firstFailureSource) {}

    Known of(Assessment.Finding f);

    /** From the assessment: audit lines that stopped or deleted the app, the exits the process list knows. */
    static AppHistory observed(Assessment a) {
        return f -> {
            long fail = 0;
            String failSrc = "not recorded: at the latest at detection " + Report.HM.format(Instant.ofEpochMilli(a.at));
            long healthy = 0;
            String healthySrc = "not recorded";
            for (Assessment.AuditHit h : a.audit) {
                boolean touches = h.affected().stream().anyMatch(x -> x.equals(f.app().key()) || x.startsWith(f.app().key() + "#"))
                        || (f.app().namespace().equals(h.namespace()) && (h.targets().contains("all") || h.targets().contains(f.app().name())))
                        || h.verb().equals("kill");
                if (!touches || !List.of("stop", "delete", "kill", "restart").contains(h.verb())) continue;
                try {
                    long t = Instant.parse(h.time()).toEpochMilli();
                    fail = t;
                    failSrc = "audit: " + h.user() + " ran " + h.verb() + " " + String.join(" ", h.targets())
                            + (h.namespace() == null ? "" : " -n " + h.namespace());
                    healthy = t;
                    healthySrc = "running until that " + h.verb();
                } catch (RuntimeException ignored) {
                    // an unparsable time
                }
            }
            // the daemon's history, when it knows: the last time it was online and ready (or online), the first failure after
            long lastUp = 0, firstDown = 0;
            String downWhy = null;
            for (jmon.api.HistoryEvent e : a.appEvents) {
                if (e.kind() != jmon.api.HistoryEvent.Kind.STATUS || !f.app().key().equals(e.namespace() + "/" + e.name())) continue;
                if ("online".equals(e.to())) {
                    lastUp = e.at();
                    firstDown = 0;
                } else if (lastUp > 0 && firstDown == 0 && "online".equals(e.from())) {
                    firstDown = e.at();
                    downWhy = e.prose() != null ? e.prose() : e.text();
                }
            }
            if (firstDown > 0 && (fail == 0 || firstDown < fail)) {
                fail = firstDown;
                failSrc = "history: online → down" + (downWhy == null ? "" : " (" + downWhy + ")");
                healthy = firstDown;
                healthySrc = "history: online until then";
            }
            ProcessInfo p = f.first();
            if (p != null && fail == 0) {
                List<String> how = new ArrayList<>();
                if (p.lastExitCode() != null) how.add("exit code " + p.lastExitCode());
                if (p.lastSignal() != null) how.add(p.lastSignal());
                if (p.startedAt() > 0 && !how.isEmpty()) {
                    // its last run started then and ended with that exit: it failed at the latest by detection
                    healthy = p.startedAt();
                    healthySrc = "last spawn (" + p.restarts() + " restart(s) since " + Report.HM.format(Instant.ofEpochMilli(p.createdAt())) + ")";
                    failSrc = "after its last spawn, " + String.join(", ", how) + "; exact time not recorded (detection bounds it)";
                }
            }
            return new Known(healthy, healthySrc, fail, failSrc);
        };
    }
}
