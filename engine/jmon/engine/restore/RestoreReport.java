package jmon.engine.restore;

import java.time.Instant;
import jmon.api.RestoreJob;
import jmon.api.RestorePlan;
import jmon.api.RestoreStep;
import jmon.api.RestoreStepState;

/**
 * The daemon's own record of a restore job, written when it ends whatever its client did: {@code restore.md}
 * next to the incident's files. The client's full report (timeline, checklist, notification) links to it.
 */
final class RestoreReport {
    private RestoreReport() {}

    static String markdown(RestoreJob j, RestorePlan plan) {
        StringBuilder b = new StringBuilder();
        b.append("# Restore job ").append(j.id()).append(": ").append(j.state().toUpperCase()).append("\n\n");
        b.append("| Field | Value |\n| ----- | ----- |\n");
        b.append("| Incident | ").append(j.incidentId() == null ? "-" : j.incidentId()).append(" |\n");
        b.append("| Submitted by | ").append(j.user()).append(" at ").append(Instant.ofEpochMilli(j.submittedAt())).append(" |\n");
        b.append("| Ended | ").append(j.endedAt() > 0 ? Instant.ofEpochMilli(j.endedAt()).toString() : "-").append(" — ")
                .append(j.endReason() == null ? "" : j.endReason().replace("|", "\\|")).append(" |\n");
        b.append("| Parallelism | ").append(j.parallelism()).append(" step(s) of a level at once |\n");
        b.append("| Failure policy | ").append(plan.onFailure()).append(" after ").append(plan.retries())
                .append(" automatic retr").append(plan.retries() == 1 ? "y" : "ies").append("; an unanswered question: ")
                .append(plan.onUnanswered()).append(" after ").append(plan.questionTimeoutMs() / 1000).append(" s |\n\n");
        b.append("## Steps\n\n| Level | App | Outcome | Action | Attempts | Took | Why |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (RestoreStepState s : j.steps()) {
            long took = s.readyAt() > 0 && s.startedAt() > 0 ? s.readyAt() - s.startedAt() : -1;
            b.append("| ").append(s.level()).append(" | ").append(s.key()).append(" | ").append(s.state()).append(" | ")
                    .append(s.action() == null ? "-" : s.action()).append(" | ").append(s.attempts()).append(" | ")
                    .append(took < 0 ? "-" : took + " ms").append(" | ").append(s.reason() == null ? "" : s.reason().replace("|", "\\|"))
                    .append(" |\n");
        }
        for (RestoreStepState s : j.steps()) {
            if (s.lastLines() == null || s.lastLines().isEmpty()) continue;
            b.append("\n### ").append(s.key()).append(": last log lines\n\n```text\n");
            s.lastLines().forEach(l -> b.append(l).append('\n'));
            b.append("```\n");
        }
        b.append("\n## Why each step was in the plan\n\n");
        for (RestoreStep s : plan.steps()) b.append("- ").append(s.key()).append(": ").append(s.why() == null ? "" : s.why()).append('\n');
        b.append("\n## Job log\n\n```text\n");
        j.log().forEach(l -> b.append(l).append('\n'));
        b.append("```\n");
        return b.toString();
    }
}
