package jmon.api;

import java.util.List;

/** What {@code save} wrote: one entry per namespace file. */
public record SaveResult(List<Saved> saved, List<String> notes) {
    public record Saved(String namespace, String path, int apps) {}

    public SaveResult {
        saved = saved == null ? List.of() : List.copyOf(saved);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
