package jmon.engine.persist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import jmon.rpc.Json;

/**
 * The checkpoint of the daemon's journal ({@code state.json}): every process as of journal record {@code seq}, so
 * recovery replays only the records after it. Each checkpoint ends with a CRC-32C of everything before it (a
 * flipped digit in a pid is caught, not trusted), and the one it replaces is kept as {@code state.prev.json}: a
 * damaged checkpoint falls back to the previous one plus a longer replay, and is kept aside for a post-mortem.
 */
public final class StateStore {
    /** @param seq the last journal record this checkpoint covers (0 for a state file written before the journal) */
    public record State(int version, int nextPmId, List<ProcessRecord> processes, long seq) {
        public State(int version, int nextPmId, List<ProcessRecord> processes) {
            this(version, nextPmId, processes, 0);
        }
    }

    /** The checkpoint recovery starts from, and what it had to do to find it (one line each). */
    public record Loaded(State state, List<String> warnings) {}

    public static final int VERSION = 2;
    private static final String SUM = ",\"crc32c\":\"";

    private final Path file;
    private final Path previous;

    public StateStore(Path file) {
        this.file = file;
        this.previous = file.resolveSibling(file.getFileName().toString().replace(".json", ".prev.json"));
    }

    public Path file() { return file; }

    /** The newest readable checkpoint (a damaged one is moved aside and said so), or an empty state. */
    public Loaded load() {
        List<String> warnings = new ArrayList<>();
        for (Path p : List.of(file, previous)) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(p);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                warnings.add("cannot read " + p + " (" + e.getMessage() + "): recovering without it");
                continue;
            }
            try {
                return new Loaded(parse(bytes), warnings);
            } catch (IOException e) {
                Path aside = Aside.move(p);
                warnings.add(p.getFileName() + " is damaged (" + e.getMessage() + "): kept as "
                        + (aside == null ? p : aside).getFileName() + ", recovering from "
                        + (p.equals(file) ? "the previous checkpoint and " : "") + "the journal");
            }
        }
        return new Loaded(new State(VERSION, 0, List.of(), 0), warnings);
    }

    static State parse(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.lastIndexOf(SUM);
        if (at >= 0) {
            byte[] body = Arrays.copyOf(bytes, text.substring(0, at).getBytes(StandardCharsets.UTF_8).length);
            String tail = text.substring(at + SUM.length());
            if (tail.length() < 10 || !tail.startsWith(crc(body), 0) || !tail.substring(8).trim().equals("\"}")) {
                throw new IOException("checksum mismatch");
            }
        }
        State s = Json.read(text, State.class);
        if (s == null || s.processes() == null) throw new IOException("no process list");
        if (at < 0 && s.version() >= VERSION) throw new IOException("no checksum");
        for (ProcessRecord r : s.processes()) {
            if (r == null || r.spec() == null || r.status() == null || r.desired() == null) {
                throw new IOException("incomplete process record");
            }
        }
        return s;
    }

    private static String crc(byte[] body) {
        CRC32C c = new CRC32C();
        c.update(body);
        String h = Long.toHexString(c.getValue());
        return "0".repeat(8 - h.length()) + h;
    }

    /** Writes a checkpoint; the one it replaces becomes {@code state.prev.json}. */
    public void save(State s) throws IOException {
        byte[] json = Json.bytes(s);
        byte[] body = Arrays.copyOf(json, json.length - 1); // without the closing brace
        byte[] tail = (SUM + crc(body) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(body, body.length + tail.length);
        System.arraycopy(tail, 0, out, body.length, tail.length);
        if (Files.exists(file)) {
            Path link = file.resolveSibling("." + previous.getFileName() + ".tmp");
            Files.deleteIfExists(link);
            Files.createLink(link, file);
            try {
                Files.move(link, previous, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(link, previous, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        AtomicFile.write(file, out);
    }
}
