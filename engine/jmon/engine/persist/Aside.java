package jmon.engine.persist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Where a damaged file is kept for a post-mortem: {@code <name>.corrupt-<UTC time>} beside it. One rule for every
 * file the daemon falls back from (checkpoints, journal segments, dumps, freezes, config.json); the time is
 * formatted only when something is damaged, so a healthy start loads no date formatting.
 */
public final class Aside {
    private Aside() {}

    /** The name a damaged {@code file} is kept under now, e.g. {@code state.json.corrupt-20261202T194209Z}. */
    public static Path nameFor(Path file) {
        String t = Instant.now().toString(); // 2026-12-02T19:42:09.123Z
        int dot = t.indexOf('.');
        String stamp = (dot > 0 ? t.substring(0, dot) + "Z" : t).replace("-", "").replace(":", "");
        return file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
    }

    /** Moves the file aside; its new path, or null when it could not be moved. */
    public static Path move(Path file) {
        Path aside = nameFor(file);
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            return aside;
        } catch (IOException e) {
            return null;
        }
    }

    /** Copies the file aside (it stays in place); the copy's path, or null when it could not be made. */
    public static Path copy(Path file) {
        Path aside = nameFor(file);
        try {
            Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
            return aside;
        } catch (IOException e) {
            return null;
        }
    }
}
