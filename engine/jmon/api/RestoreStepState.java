package jmon.api;

import java.util.List;

/**
 * Where one step of a restore job stands.
 *
 * @param state     pending, running, failed (waiting for a decision), ready, already-ok, skipped,
 *                  aborted (it failed and the job was aborted), not-run
 * @param action    what was done: start, restart, start-stopped, wait, none (null until it ran)
 * @param reason    why it failed or was skipped: the probe's last result, the exit, the status reason
 * @param lastLines the app's last log lines when it failed ("[err] " marks stderr)
 */
public record RestoreStepState(String namespace, String name, int level, String state, String action, int attempts,
                               long startedAt, long readyAt, String reason, List<String> lastLines) {
    public String key() { return namespace + "/" + name; }

    public boolean ended() {
        return switch (state) {
            case "ready", "already-ok", "skipped", "not-run", "aborted" -> true;
            default -> false;
        };
    }
}
