package jmon.engine.restore;

import java.util.List;
import jmon.api.AppSpec;
import jmon.api.Health;
import jmon.api.ProbeResult;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;

/**
 * Pure: what one restore step's app looks like in a process list, and the real reason when it does not serve
 * (the probe's last result, the exit, the status reason) instead of "not ready after N ms".
 */
final class StepJudge {
    /** The verdict on a step's processes at one moment. */
    enum Verdict { READY, WAITING, FAILED }

    record Look(Verdict verdict, String why) {}

    private StepJudge() {}

    /** The action a step needs now: start (missing), restart (errored, crash-looping), start-stopped, none (healthy), wait. */
    static String action(List<ProcessInfo> mine) {
        if (mine.isEmpty()) return "start";
        boolean healthy = true;
        for (ProcessInfo p : mine) {
            Health h = Health.of(p);
            if (p.status() == ProcessStatus.ERRORED || p.status() == ProcessStatus.WAITING_RESTART || Health.crashLooping(p)) return "restart";
            if (p.status().isHalted()) return "start-stopped";
            if (h != Health.HEALTHY) healthy = false;
        }
        return healthy ? "none" : "wait";
    }

    /**
     * @param onlineSince epoch ms from which every instance was seen online with {@code restartsAtOnline}
     *                    restarts, 0 when not yet (for apps with no readiness signal: online for min_uptime with no
     *                    restart meanwhile is as close to "serves" as jmon can tell, and the report says so)
     */
    static Look look(AppSpec spec, List<ProcessInfo> mine, long now, long onlineSince) {
        if (mine.isEmpty()) return new Look(Verdict.WAITING, "not in the process list yet");
        for (ProcessInfo p : mine) {
            if (p.status() == ProcessStatus.ERRORED) return new Look(Verdict.FAILED, "errored" + exit(p) + reason(p));
            if (Health.crashLooping(p) && p.status() != ProcessStatus.ONLINE)
                return new Look(Verdict.FAILED, "crash-looping: " + p.unstableRestarts() + " restarts in a row before min_uptime" + exit(p) + reason(p));
        }
        boolean allOnline = true;
        for (ProcessInfo p : mine) if (p.status() != ProcessStatus.ONLINE) allOnline = false;
        if (!allOnline) return new Look(Verdict.WAITING, why(mine.get(0)));
        boolean checked = Health.readinessChecked(mine.get(0));
        if (checked) {
            for (ProcessInfo p : mine) if (!p.ready()) return new Look(Verdict.WAITING, why(p));
            return new Look(Verdict.READY, "ready (" + signal(spec) + ")");
        }
        long minUp = spec.restart().minUptimeMs();
        if (onlineSince > 0 && now - onlineSince >= minUp)
            return new Look(Verdict.READY, "online for min_uptime " + minUp + " ms with no restart (no readiness signal: not checked)");
        return new Look(Verdict.WAITING, "online, waiting min_uptime " + minUp + " ms (no readiness signal)");
    }

    /** Why a process does not serve yet, as precisely as the daemon knows it. */
    static String why(ProcessInfo p) {
        StringBuilder b = new StringBuilder(p.status().wire());
        if (p.health() != null && p.health().readiness() != null) {
            ProbeResult r = p.health().readiness();
            b.append(", readiness ").append(r.ok() ? "ok" : "FAIL").append(": ").append(r.detail());
            if (!r.ok() && r.consecutiveFailures() > 0) b.append(" (").append(r.consecutiveFailures()).append(" in a row)");
        } else if ((p.status() == ProcessStatus.ONLINE || p.status() == ProcessStatus.LAUNCHING) && !p.ready()
                && p.spec() != null && p.spec().health().waitReady()) {
            b.append(", no READY=1 on its notify pipe yet");
        }
        if (p.health() != null && p.health().waitingFor() != null && !p.health().waitingFor().isEmpty())
            b.append(", waiting for ").append(String.join(", ", p.health().waitingFor()));
        if (p.restarts() > 0) b.append(", ").append(p.restarts()).append(" restart(s)").append(exit(p));
        b.append(reason(p));
        return b.toString();
    }

    private static String signal(AppSpec spec) {
        if (spec.health().readiness() != null) return "readiness probe";
        return spec.health().waitReady() ? "notify READY=1" : "readiness";
    }

    private static String exit(ProcessInfo p) {
        if (p.lastSignal() != null) return ", last ended by " + p.lastSignal();
        if (p.lastExitCode() != null) return ", last exit code " + p.lastExitCode();
        return "";
    }

    private static String reason(ProcessInfo p) { return p.reason() == null ? "" : " (" + p.reason() + ")"; }
}
