package jmon.api;

import java.util.List;
import java.util.Map;

/**
 * A restore the daemon runs as a durable job, whatever happens to the client that submitted it.
 *
 * @param incidentId        the incident it belongs to (names the folder its report goes to); null: the job's id
 * @param parallelism       steps of one level run at once, at most (1–{@value #MAX_PARALLELISM})
 * @param stepTimeoutMs     how long one step may take to be ready
 * @param retries           automatic retries of a failed step before {@code onFailure} applies
 * @param onFailure         {@code ask} (a question anyone may answer), {@code skip} or {@code abort}
 * @param questionTimeoutMs how long a question waits for an answer before {@code onUnanswered} applies
 * @param onUnanswered      {@code skip} or {@code abort}: what an unanswered question comes to
 * @param freezeTokens      namespace → the token of a freeze the submitter holds already ({@code jmon freeze}
 *                          first): the job acts under it and leaves that freeze in place
 */
public record RestorePlan(String incidentId, List<RestoreStep> steps, int parallelism, long stepTimeoutMs, int retries,
                          String onFailure, long questionTimeoutMs, String onUnanswered, Map<String, String> freezeTokens) {
    public static final int MAX_PARALLELISM = 256;
    public static final int DEFAULT_PARALLELISM = 16;
    public static final long DEFAULT_QUESTION_TIMEOUT_MS = 120_000;

    public RestorePlan {
        steps = steps == null ? List.of() : List.copyOf(steps);
        freezeTokens = freezeTokens == null ? Map.of() : Map.copyOf(freezeTokens);
        if (onFailure == null) onFailure = "abort";
        if (onUnanswered == null) onUnanswered = "skip";
    }
}
