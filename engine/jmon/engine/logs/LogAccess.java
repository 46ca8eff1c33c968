package jmon.engine.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Who may read a log file and which paths may be followed to it. Logs are the owner's only (0600) unless the
 * daemon's {@code logs.group} setting names a group, which may then read them (0640, that group). Inside
 * {@code privateRoot} (the home) no symbolic link is followed: a planted {@code logs/<ns> -> /etc} link makes the
 * file's write-error state, never a write outside the home. Paths the user configured outside the home are the
 * user's choice and are followed as the system does.
 *
 * @param privateRoot the folder inside which links are refused, or null for none
 * @param group       the group that may read the logs, or null
 */
public record LogAccess(Path privateRoot, GroupPrincipal group) {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> GROUP_READ = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ);

    /** Owner only, links followed: the daemon's own log, tests. */
    public static final LogAccess PRIVATE = new LogAccess(null, null);

    /** The mode a new log file is created with. */
    public int mode() { return group == null ? 0600 : 0640; }

    /** True when {@code file} is inside the home, so no link on its way may be followed. */
    public boolean noFollow(Path file) {
        return privateRoot != null && file.startsWith(privateRoot);
    }

    /** Refuses a path inside the home with a symbolic link on its way (the file, or a folder under the home). */
    public void checkNoLinks(Path file) throws IOException {
        if (!noFollow(file)) return;
        for (Path p = file; p != null && !p.equals(privateRoot); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException(p + " is a symbolic link (to " + Files.readSymbolicLink(p)
                        + "); jmon follows no link inside its home: not written");
            }
        }
    }

    /** Gives a log file (or an archive of it) its mode and group; with a group, an older 0600 file is opened up. */
    public void apply(Path file) throws IOException {
        PosixFileAttributeView v = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (group != null) {
            v.setGroup(group);
            v.setPermissions(GROUP_READ);
        } else if (!v.readAttributes().permissions().equals(OWNER_ONLY)) {
            v.setPermissions(OWNER_ONLY);
        }
    }

    /** The same access with links refused under {@code root}. */
    public LogAccess within(Path root) { return new LogAccess(root, group); }
}
