package jmon.engine.incident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import jmon.api.ErrorCode;
import jmon.api.IncidentInfo;
import jmon.api.JmonException;
import jmon.engine.persist.AtomicFile;

/**
 * The incident folders, kept by the daemon ({@code $JMON_HOME/incidents/<id>/}, 0700): clients create an
 * incident, write its files (report, timeline, snapshot) and read them back through the API, so an incident
 * run with {@code --host} is recorded on that host. Ids and file names are checked by {@code RequestRules}; every
 * path is resolved inside the folder and checked again here.
 */
public final class IncidentStore {
    /** The largest file a client may store (a report with its timeline and snapshot fits well within). */
    public static final int MAX_FILE_BYTES = 4 << 20;
    public static final int MAX_FILES_PER_INCIDENT = 64;

    private final Path root;

    public IncidentStore(Path root) { this.root = root; }

    public Path root() { return root; }

    private Path dirOf(String id) {
        Path d = root.resolve(id).normalize();
        if (!d.getParent().equals(root.normalize())) throw new JmonException(ErrorCode.BAD_REQUEST, "id: " + id + " is not an incident id");
        return d;
    }

    /** A new incident folder named {@code base}, or {@code base-2}, {@code base-3} … when taken; returns its id. */
    public synchronized String create(String base) {
        try {
            jmon.engine.Home.privateDir(root);
            String id = base;
            for (int i = 2; Files.exists(dirOf(id)); i++) id = base + "-" + i;
            Files.createDirectory(dirOf(id), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return id;
        } catch (IOException e) {
            throw new JmonException(ErrorCode.FAILED, "creating an incident in " + root + ": " + e.getMessage());
        }
    }

    /** Writes one file of an incident atomically (replacing it: update.md is rewritten at each stage). */
    public void write(String id, String name, String content) { write(id, name, content, false); }

    /** Appends to one file of an incident, up to {@link #MAX_FILE_BYTES} in all. */
    public void append(String id, String name, String content) { write(id, name, content, true); }

    private synchronized void write(String id, String name, String content, boolean append) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_FILE_BYTES) {
            throw new JmonException(ErrorCode.BAD_REQUEST, "content: " + b.length + " bytes, at most " + MAX_FILE_BYTES);
        }
        Path d = dirOf(id);
        if (!Files.isDirectory(d)) throw new JmonException(ErrorCode.NOT_FOUND, "no incident " + id);
        try {
            Path f = d.resolve(name);
            if (!Files.exists(f)) {
                try (var s = Files.list(d)) {
                    if (s.count() >= MAX_FILES_PER_INCIDENT) {
                        throw new JmonException(ErrorCode.REFUSED, "incident " + id + " has " + MAX_FILES_PER_INCIDENT + " files already");
                    }
                }
            }
            if (!append) {
                AtomicFile.write(f, b);
            } else {
                if (!Files.exists(f)) throw new JmonException(ErrorCode.NOT_FOUND, "no file " + name + " in incident " + id + " to append to");
                if (Files.size(f) + b.length > MAX_FILE_BYTES) {
                    throw new JmonException(ErrorCode.BAD_REQUEST, "content: " + name + " would pass " + MAX_FILE_BYTES + " bytes");
                }
                try (var ch = jmon.engine.Home.openPrivate(f, java.nio.file.StandardOpenOption.APPEND)) {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
                    while (buf.hasRemaining()) ch.write(buf);
                }
            }
        } catch (IOException e) {
            throw new JmonException(ErrorCode.FAILED, "writing " + id + "/" + name + ": " + e.getMessage());
        }
    }

    public String read(String id, String name) {
        Path f = dirOf(id).resolve(name);
        if (!Files.isRegularFile(f)) throw new JmonException(ErrorCode.NOT_FOUND, "no file " + name + " in incident " + id);
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JmonException(ErrorCode.FAILED, "reading " + id + "/" + name + ": " + e.getMessage());
        }
    }

    /** Every incident, oldest first (ids begin with their time). */
    public List<IncidentInfo> list() {
        List<IncidentInfo> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        List<Path> dirs = new ArrayList<>();
        try (var s = Files.list(root)) {
            s.filter(Files::isDirectory).forEach(dirs::add);
        } catch (IOException e) {
            throw new JmonException(ErrorCode.FAILED, "listing " + root + ": " + e.getMessage());
        }
        dirs.sort(null);
        for (Path d : dirs) {
            List<String> files = new ArrayList<>();
            try (var s = Files.list(d)) {
                s.filter(Files::isRegularFile).forEach(p -> files.add(p.getFileName().toString()));
            } catch (IOException e) {
                continue;
            }
            files.sort(null);
            String summary = null;
            if (files.contains("incident.json")) {
                try {
                    summary = Files.readString(d.resolve("incident.json"), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    // listed without its summary
                }
            }
            out.add(new IncidentInfo(d.getFileName().toString(), files, summary));
        }
        return out;
    }
}
