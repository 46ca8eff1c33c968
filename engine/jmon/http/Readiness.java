package jmon.http;

import java.util.List;
import jmon.api.Desired;
import jmon.api.Health;
import jmon.api.ProcessInfo;

/**
 * The readiness rule behind {@code GET /health/ready}, one place so the endpoint, its tests and the docs agree. A
 * process's level is {@link Health}'s (the one mapping every view uses), in the endpoint's words.
 *
 * <ul>
 *   <li>Only processes whose {@code desired} is {@link Desired#RUN} count: what an operator stopped on purpose
 *       is neither healthy nor unhealthy, and is left out of {@code services}.</li>
 *   <li>A counted process is <b>healthy</b> when {@code online} and a readiness signal ({@code READY=1} with
 *       {@code wait_ready}, or a readiness probe) says it is ready.</li>
 *   <li>It is <b>not_checked</b> when {@code online} with no readiness signal at all: nothing says it serves, so it
 *       is never called healthy.</li>
 *   <li>It is <b>degraded</b> when it is on its way: {@code online} but not ready, {@code launching}, or
 *       {@code stopping} while it is meant to run (a restart in progress).</li>
 *   <li>It is <b>unhealthy</b> when it does not run although it should: {@code errored}, {@code stopped},
 *       {@code exited}, {@code waiting restart} or crash-looping.</li>
 *   <li>The overall status is the worst of the counted processes; none counted (or none at all) is
 *       <b>healthy</b>; counted processes of which none is ready (healthy or not_checked) is <b>unhealthy</b>:
 *       nothing serves. The HTTP status is 503 only when the overall status is unhealthy, 200 otherwise
 *       (a degraded service still answers: load balancers keep it, the body says what is wrong).</li>
 * </ul>
 */
public final class Readiness {
    private Readiness() {}

    /** Ordered from best to worst. */
    public enum Level {
        HEALTHY, NOT_CHECKED, DEGRADED, UNHEALTHY;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

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

    /** The worst level among the processes that count; healthy when none does; unhealthy when none of them is ready. */
    public static Level overall(List<ProcessInfo> ps) {
        Level l = Level.HEALTHY;
        int counted = 0, serving = 0;
        for (ProcessInfo p : ps) {
            if (!counts(p)) continue;
            Level one = of(p);
            counted++;
            if (one == Level.HEALTHY || one == Level.NOT_CHECKED) serving++;
            l = l.worst(one);
        }
        return counted > 0 && serving == 0 ? Level.UNHEALTHY : l;
    }

    /** 503 when unhealthy, 200 otherwise. */
    public static int httpStatus(Level overall) { return overall == Level.UNHEALTHY ? 503 : 200; }
}
