package jmon.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** Every path under {@code $JMON_HOME}, in one place. The folder is private to its owner (0700). */
public record Home(Path dir) {
    public static Home fromEnv(Map<String, String> env) {
        String h = env.get("JMON_HOME");
        if (h == null || h.isBlank()) h = env.getOrDefault("HOME", System.getProperty("user.home")) + "/.jmon";
        return new Home(Path.of(h).toAbsolutePath().normalize());
    }

    public Path socket() { return dir.resolve("jmon.sock"); }
    public Path pidFile() { return dir.resolve("jmon.pid"); }
    public Path lockFile() { return dir.resolve("jmon.lock"); }
    public Path spawnLock() { return dir.resolve("spawn.lock"); }
    public Path stateFile() { return dir.resolve("state.json"); }
    public Path daemonLog() { return dir.resolve("jmon.log"); }
    public Path auditLog() { return dir.resolve("audit.jsonl"); }
    public Path logsDir() { return dir.resolve("logs"); }
    public Path runDir() { return dir.resolve("run"); }
    public Path journalDir() { return dir.resolve("journal"); }

    /**
     * Creates the folder (0700) and its run and logs folders (0700); tightens permissions of an existing one.
     * Whether the home may be used at all is {@link HomeTrust#check}'s to say, before this.
     */
    public void ensure() throws IOException {
        if (!Files.isDirectory(dir)) Files.createDirectories(dir, PRIVATE_DIR);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        privateDir(runDir());
        privateDir(logsDir());
    }

    private static final java.nio.file.attribute.FileAttribute<?> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /** Opens (creating 0600 when missing) a file of the home for writing: locks, the daemon's output. */
    public static java.nio.channels.FileChannel openPrivate(Path p, java.nio.file.OpenOption... more) throws IOException {
        java.util.Set<java.nio.file.OpenOption> opts = new java.util.HashSet<>(java.util.List.of(more));
        opts.add(java.nio.file.StandardOpenOption.CREATE);
        opts.add(java.nio.file.StandardOpenOption.WRITE);
        opts.add(java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return java.nio.channels.FileChannel.open(p, opts, PRIVATE_FILE);
    }

    private static final java.nio.file.attribute.FileAttribute<?> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /** Creates a folder 0700 when it is missing (an existing one is left as it is). */
    public static Path privateDir(Path p) throws IOException {
        if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createDirectories(p, PRIVATE_DIR);
        return p;
    }
}
