package jmon.api;

import java.util.List;

/**
 * A restore job of the daemon as anyone watching it sees it.
 *
 * @param state      running, done (every step ended; see the steps for how), aborted, cancelled
 * @param endReason  why it ended, in words; null while running
 * @param frozen     the namespaces the job holds frozen (its own freezes end with it)
 * @param log        what happened, one line each, oldest first ({@code restore --attach} prints the new ones)
 * @param reportPath the report the daemon writes when the job ends (also on abort and cancel)
 */
public record RestoreJob(String id, String incidentId, String user, String state, long submittedAt, long endedAt,
                         String endReason, int parallelism, List<RestoreStepState> steps, List<RestoreQuestion> questions,
                         List<String> frozen, List<String> log, String reportPath) {
    public boolean running() { return state.equals("running"); }

    /** Every step ready (or found healthy already) and the job not aborted or cancelled. */
    public boolean allReady() {
        return state.equals("done") && steps.stream().allMatch(s -> s.state().equals("ready") || s.state().equals("already-ok"));
    }
}
