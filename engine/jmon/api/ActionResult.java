package jmon.api;

import java.util.List;

/**
 * Outcome of a mutating request: the processes it touched (as they are now) and notes (skipped protected
 * apps, processes that were already stopped, and so on).
 */
public record ActionResult(List<ProcessInfo> processes, List<String> notes) {
    public ActionResult {
        processes = processes == null ? List.of() : List.copyOf(processes);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
