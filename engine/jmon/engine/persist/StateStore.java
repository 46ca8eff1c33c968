package jmon.engine.persist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jmon.rpc.Json;

/** The daemon's own state file ({@code state.json}): live pids for re-adoption after a daemon restart. */
public final class StateStore {
    public record State(int version, int nextPmId, List<ProcessRecord> processes) {}

    private final Path file;

    public StateStore(Path file) {
        this.file = file;
    }

    public State load() throws IOException {
        if (!Files.exists(file)) return new State(1, 0, List.of());
        return Json.read(file, State.class);
    }

    public void save(State s) throws IOException {
        AtomicFile.write(file, Json.bytes(s));
    }
}
