package jmon.http;

import java.util.List;
import jmon.api.Desired;
import jmon.api.Health;
import jmon.api.ProcessInfo;

/**
 * The readiness rule behind {@code GET /health/ready}, on the one mapping every view uses ({@link Health}), so the
 * endpoint, the CLI, the console and the incident wizard agree.
 *
 * <ul>
 *   <li>Only processes whose {@code desired} is {@link Desired#RUN} count: what an operator stopped on purpose
 *       is neither healthy nor unhealthy, and is left out of {@code services}.</li>
 *   <li>A counted process is <b>healthy</b> when online and a readiness signal ({@code READY=1} with
 *       {@code wait_ready}, or a readiness probe) says it serves.</li>
 *   <li>It is <b>not checked</b> when online with no readiness signal at all: nothing says it serves, so it is
 *       never called healthy.</li>
 *   <li>It is <b>degraded</b> when it is on its way: online but not ready, {@code launching}, or {@code stopping}
 *       while it is meant to run (a restart in progress).</li>
 *   <li>It is <b>unhealthy</b> when it is down: {@code errored}, {@code stopped}, {@code exited} or
 *       {@code waiting restart} while desired RUN, or crash-looping ({@link Health#crashLooping}).</li>
 *   <li>The overall status is the worst of the counted processes, and unhealthy when none of them is healthy or
 *       not checked (nothing serves); none counted (or none at all) is <b>healthy</b>. The HTTP status is 503 only
 *       when the overall status is unhealthy, 200 otherwise (a degraded service still answers: load balancers keep
 *       it, the body says what is wrong).</li>
 * </ul>
 */
public final class Readiness {
    private Readiness() {}

    /** Ordered from best to worst. */
    public enum Level {
        HEALTHY("healthy"), NOT_CHECKED("not_checked"), DEGRADED("degraded"), UNHEALTHY("unhealthy");

        private final String wire;

        Level(String wire) { this.wire = wire; }

        public String wire() { return wire; }

        Level worst(Level o) { return o.ordinal() > ordinal() ? o : this; }
    }

    /** Whether the process counts at all. */
    public static boolean counts(ProcessInfo p) { return p.desired() == Desired.RUN; }

    /** The level of one counted process. */
    public static Level of(ProcessInfo p) {
        if (p.status() == null) return Level.UNHEALTHY;
        return switch (Health.of(p)) {
            case HEALTHY -> Level.HEALTHY;
            case NOT_CHECKED -> Level.NOT_CHECKED;
            case DEGRADED, OFF -> Level.DEGRADED;
            case DOWN -> Level.UNHEALTHY;
        };
    }

    /** The worst level among the processes that count; unhealthy when none of them serves; healthy when none counts. */
    public static Level overall(List<ProcessInfo> ps) {
        Level l = Level.HEALTHY;
        int counted = 0, serving = 0;
        for (ProcessInfo p : ps) {
            if (!counts(p)) continue;
            Level x = of(p);
            counted++;
            if (x == Level.HEALTHY || x == Level.NOT_CHECKED) serving++;
            l = l.worst(x);
        }
        return counted > 0 && serving == 0 ? Level.UNHEALTHY : l;
    }

    /** 503 when unhealthy, 200 otherwise. */
    public static int httpStatus(Level overall) { return overall == Level.UNHEALTHY ? 503 : 200; }
}
