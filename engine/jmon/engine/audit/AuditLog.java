package jmon.engine.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import jmon.rpc.Json;

/** Appends one JSON line per mutating request to {@code audit.jsonl}: who did what to which processes. */
public final class AuditLog {
    /** One audit line. {@code outcome} is "ok" or the error message; {@code context} where the request came from. */
    public record Entry(String time, String user, String verb, String namespace, List<String> targets,
                        List<String> affected, String outcome, jmon.api.CallerContext context) {
        public Entry(String time, String user, String verb, String namespace, List<String> targets,
                     List<String> affected, String outcome) {
            this(time, user, verb, namespace, targets, affected, outcome, null);
        }
    }

    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() { return file; }

    public void append(String user, String verb, String namespace, List<String> targets,
                       List<String> affected, String outcome) {
        append(user, verb, namespace, targets, affected, outcome, null);
    }

    public synchronized void append(String user, String verb, String namespace, List<String> targets,
                                    List<String> affected, String outcome, jmon.api.CallerContext context) {
        Entry e = new Entry(Instant.now().toString(), user, verb, namespace, targets, affected, outcome, context);
        try {
            boolean fresh = !Files.exists(file);
            byte[] line = (Json.write(e) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(file, java.nio.file.LinkOption.NOFOLLOW_LINKS, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                if (fresh) Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) ch.write(b);
            }
        } catch (IOException ex) {
            System.err.println("jmon: audit log " + file + ": " + ex);
        }
    }
}
