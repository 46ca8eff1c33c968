package jmon.engine.persist;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The daemon's own state file ({@code state.json}): live pids for re-adoption after a daemon restart. */
public final class StateStore {
    public record State(int version, int nextPmId, List<ProcessRecord> processes) {}

    private final Path file;
    private final ObjectMapper json;

    public StateStore(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    public State load() throws IOException {
        if (!Files.exists(file)) return new State(1, 0, List.of());
        return json.readValue(file.toFile(), State.class);
    }

    public void save(State s) throws IOException {
        AtomicFile.write(file, json.writeValueAsBytes(s));
    }
}
