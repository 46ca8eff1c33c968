package jmon.engine.health;

import java.util.List;
import jmon.api.ProbeResult;
import jmon.api.ProbeSpec;
import jmon.api.ProcessStatus;
import jmon.engine.supervise.Intent;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Supervisor;

/**
 * What a probe result means (Kubernetes/process-compose thresholds): readiness only moves the ready flag
 * (and lets a launching process go online); liveness failing {@code failure_threshold} times in a row
 * restarts the process, with the probe's last answer as the reason. On the engine thread.
 */
public final class ProbeRunner {
    private ProbeRunner() {}

    public static void apply(ManagedProcess p, boolean readiness, ProbeSpec spec, ProbeResult r, Supervisor sup) {
        HealthState h = p.health();
        ProbeResult before = readiness ? h.readiness : h.liveness;
        if (before == null || before.ok() != r.ok()) sup.probeChanged(p, readiness, r);
        if (readiness) {
            if (r.ok()) {
                h.readinessSuccesses++;
                h.readinessFailures = 0;
            } else {
                h.readinessFailures++;
                h.readinessSuccesses = 0;
            }
            h.readiness = withFailures(r, h.readinessFailures);
            if (r.ok() && h.readinessSuccesses >= spec.successThreshold() && !h.ready) {
                sup.markReady(p, true, "ready (" + r.probe() + ": " + r.detail() + ")");
            } else if (!r.ok() && h.readinessFailures >= spec.failureThreshold() && h.ready) {
                sup.markReady(p, false, "not ready (" + r.probe() + ": " + r.detail() + ")");
            }
        } else {
            h.livenessFailures = r.ok() ? 0 : h.livenessFailures + 1;
            h.liveness = withFailures(r, h.livenessFailures);
            if (!r.ok() && h.livenessFailures >= spec.failureThreshold() && p.status() == ProcessStatus.ONLINE) {
                sup.stopAll(List.of(p), Intent.RESTART, "liveness probe failed " + h.livenessFailures + " times ("
                        + r.probe() + ": " + r.detail() + ")");
            }
        }
    }

    private static ProbeResult withFailures(ProbeResult r, int failures) {
        return new ProbeResult(r.probe(), r.ok(), r.detail(), r.latencyMs(), r.at(), failures);
    }
}
