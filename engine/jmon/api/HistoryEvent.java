package jmon.api;

import java.util.List;

/**
 * One entry of the daemon's history (what {@code jmon history}, {@code /api/events} and the incident timeline
 * read): a status transition with its reason and {@link RunResult}, a readiness change, a probe whose result
 * changed, a process added or removed, or a request with its caller's context. Fields that do not apply to a kind
 * are null.
 *
 * @param seq     increasing within one history (a reader resumes after the last one it saw)
 * @param pmId    the process, or -1 for a request
 * @param from    the status before (status kind)
 * @param to      the status after (status kind); for readiness "ready"/"not ready"; for a probe "ok"/"failing"
 * @param text    the reason, the probe's detail, or the request's outcome ("ok" or the error)
 * @param result  why a run ended or a restart was asked for (status kind), when the reason says
 * @param prose   the sentence generated from {@code result}
 */
public record HistoryEvent(long seq, long at, Kind kind, String namespace, String name, int pmId, String from,
                           String to, String text, RunResult result, String prose, Integer exitCode, String signal,
                           String user, String verb, List<String> targets, CallerContext context) {
    public enum Kind { STATUS, READINESS, PROBE, ADDED, REMOVED, REQUEST }

    /** {@code ns/name}, or the request's namespace alone. */
    public String subject() {
        if (name == null) return namespace == null ? "" : namespace;
        return namespace + "/" + name;
    }
}
