package jmon.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jmon.api.ErrorCode;
import jmon.api.JmonException;

/**
 * Whether a {@code JMON_HOME} may be used by this process: the home and the daemon's working folders in it must
 * be owned by the caller and not writable by group or others, and none of those folders may be a symbolic link.
 * Otherwise another user could plant a jar the daemon runs, a {@code logs -> /etc} link its log files follow,
 * or a fake socket. Checked before anything is created or changed: a refused home is left exactly as it was.
 *
 * <p>A root caller using another user's home (e.g. {@code sudo -E jmon …}) is refused too: root would run what
 * that user planted. {@code --allow-foreign-home} ({@code JMON_ALLOW_FOREIGN_HOME=1}) accepts a home owned by
 * someone else (never one writable by group or others); the daemon records its use in the audit log.
 */
public final class HomeTrust {
    /** The environment variable the {@code --allow-foreign-home} flag sets for the CLI and the daemon it starts. */
    public static final String ALLOW_FOREIGN_VAR = "JMON_ALLOW_FOREIGN_HOME";
    public static final String ALLOW_FOREIGN_FLAG = "--allow-foreign-home";

    /** The daemon's working folders inside the home: checked like the home itself. */
    static final List<String> WORKING_DIRS = List.of("logs", "lib", "journal", "run", "dumps", "freezes");

    private HomeTrust() {}

    /** True when {@code env} asks to accept a home owned by another user. */
    public static boolean allowForeign(Map<String, String> env) {
        String v = env.get(ALLOW_FOREIGN_VAR);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }

    /**
     * Refuses (REFUSED, exit 2, one line naming path, owner and mode) a home this process must not use.
     * A home that does not exist yet is fine: {@link Home#ensure} creates it 0700.
     */
    public static void check(Home home, boolean allowForeign) {
        int me = callerUid();
        Path dir = home.dir();
        PosixFileAttributes a = attributes(dir, true);
        if (a == null) return;
        if (!a.isDirectory()) refuse(dir, "is not a folder");
        checkOne(dir, uid(dir, true), a, me, allowForeign);
        noLinks(dir);
        for (String name : WORKING_DIRS) {
            Path p = dir.resolve(name);
            PosixFileAttributes w = attributes(p, false);
            if (w == null) continue;
            if (w.isSymbolicLink()) {
                refuse(p, "is a symbolic link" + target(p) + "; jmon follows no link inside its home (remove it)");
            }
            if (!w.isDirectory()) refuse(p, "is not a folder");
            checkOne(p, uid(p, false), w, me, allowForeign);
        }
    }

    /** Nothing at the top of the home is a symbolic link: state, audit, dumps, freezes, config, socket, logs. */
    private static void noLinks(Path dir) {
        try (var entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isSymbolicLink(p)) {
                    refuse(p, "is a symbolic link" + target(p) + "; jmon follows no link inside its home (remove it)");
                }
            }
        } catch (IOException e) {
            throw new JmonException(ErrorCode.REFUSED, "refusing JMON_HOME: cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static void checkOne(Path p, int owner, PosixFileAttributes a, int me, boolean allowForeign) {
        if (owner != me && !allowForeign) {
            refuse(p, "is owned by " + a.owner().getName() + " (uid " + owner + "), mode " + mode(a.permissions())
                    + ", not by you (" + System.getProperty("user.name") + ", uid " + me + ")"
                    + (me == 0 ? ": root does not run what another user's home holds" : "")
                    + "; use your own JMON_HOME (or " + ALLOW_FOREIGN_FLAG + ", audited)");
        }
        Set<PosixFilePermission> perms = a.permissions();
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            refuse(p, "is writable by " + (perms.contains(PosixFilePermission.OTHERS_WRITE) ? "others" : "its group")
                    + " (owner " + a.owner().getName() + ", mode " + mode(perms) + "); 'chmod 700 " + p + "' makes it private");
        }
    }

    private static void refuse(Path p, String why) {
        throw new JmonException(ErrorCode.REFUSED, "refusing JMON_HOME: " + p + " " + why);
    }

    private static String target(Path p) {
        try {
            return " to " + Files.readSymbolicLink(p);
        } catch (IOException e) {
            return "";
        }
    }

    /** The attributes, following a link or not; null when nothing is there. */
    private static PosixFileAttributes attributes(Path p, boolean follow) {
        try {
            return follow ? Files.readAttributes(p, PosixFileAttributes.class)
                    : Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new JmonException(ErrorCode.REFUSED, "refusing JMON_HOME: cannot read " + p + ": " + e.getMessage());
        }
    }

    private static int uid(Path p, boolean follow) {
        try {
            return (Integer) (follow ? Files.getAttribute(p, "unix:uid")
                    : Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            throw new JmonException(ErrorCode.REFUSED, "refusing JMON_HOME: cannot read the owner of " + p + ": " + e.getMessage());
        }
    }

    /** This process's effective uid (the owner of /proc/self). */
    public static int callerUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new JmonException(ErrorCode.REFUSED, "cannot tell which user runs jmon: " + e.getMessage());
        }
    }

    /** "0755". */
    static String mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) m |= 1 << (8 - p.ordinal());
        return "0" + Integer.toOctalString(m | 01000).substring(1);
    }
}
