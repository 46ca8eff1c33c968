package jmon.http;

import java.util.List;
import jmon.api.Desired;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;

/**
 * The readiness rule behind {@code GET /health/ready}, one place so the endpoint, its tests and the docs agree.
 *
 * <ul>
 *   <li>Only processes whose {@code desired} is {@link Desired#RUN} count: what an operator stopped on purpose
 *       is neither healthy nor unhealthy, and is left out of {@code services}.</li>
 *   <li>A counted process is <b>healthy</b> when {@code online} and ready ({@link ProcessInfo#ready()}, which
 *       follows {@code READY=1} / the readiness probe when the app declares one).</li>
 *   <li>It is <b>degraded</b> when it is on its way: {@code online} but not ready, {@code launching},
 *       {@code waiting restart}, or {@code stopping} while it is meant to run (a restart in progress).</li>
 *   <li>It is <b>unhealthy</b> when nothing runs although it should: {@code errored}, {@code stopped} or
 *       {@code exited} while desired RUN.</li>
 *   <li>The overall status is the worst of the counted processes; none counted (or none at all) is
 *       <b>healthy</b>. The HTTP status is 503 only when the overall status is unhealthy, 200 otherwise
 *       (a degraded service still answers: load balancers keep it, the body says what is wrong).</li>
 * </ul>
 */
public final class Readiness {
    private Readiness() {}

    /** Ordered from best to worst. */
    public enum Level {
        HEALTHY, DEGRADED, UNHEALTHY;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

        Level worst(Level o) { return o.ordinal() > ordinal() ? o : this; }
    }

    /** Whether the process counts at all. */
    public static boolean counts(ProcessInfo p) { return p.desired() == Desired.RUN; }

    /** The level of one counted process. */
    public static Level of(ProcessInfo p) {
        ProcessStatus s = p.status();
        if (s == null) return Level.UNHEALTHY;
        return switch (s) {
            case ONLINE -> p.ready() ? Level.HEALTHY : Level.DEGRADED;
            case LAUNCHING, WAITING_RESTART, STOPPING -> Level.DEGRADED;
            case ERRORED, STOPPED, EXITED -> Level.UNHEALTHY;
        };
    }

    /** The worst level among the processes that count; healthy when none does. */
    public static Level overall(List<ProcessInfo> ps) {
        Level l = Level.HEALTHY;
        for (ProcessInfo p : ps) if (counts(p)) l = l.worst(of(p));
        return l;
    }

    /** 503 when unhealthy, 200 otherwise. */
    public static int httpStatus(Level overall) { return overall == Level.UNHEALTHY ? 503 : 200; }
}
