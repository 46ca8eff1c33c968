package jmon.engine.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The mark every spawned process carries in its environment, {@code JMON_INSTANCE=<homeId>:<pmId>:<generation>},
 * and that its descendants inherit: after a daemon crash, a lost journal entry or a double fork, it still says
 * which app (and which run of it) a process belongs to, where pid, group and session no longer do.
 *
 * @param homeId     the JMON_HOME it was spawned from ({@link #homeId(Path)})
 * @param pmId       the app's pm_id
 * @param generation which spawn of that pm_id (1 for the first)
 */
public record InstanceMarker(String homeId, int pmId, long generation) {
    public static final String VAR = "JMON_INSTANCE";

    /** The value of {@link #VAR}. */
    public String format() {
        return homeId + ":" + pmId + ":" + generation;
    }

    /** The marker in a value of {@link #VAR}, or null when it is not one. */
    public static InstanceMarker parse(String value) {
        if (value == null) return null;
        int a = value.indexOf(':');
        int b = a < 0 ? -1 : value.indexOf(':', a + 1);
        if (a <= 0 || b < 0) return null;
        try {
            return new InstanceMarker(value.substring(0, a), Integer.parseInt(value.substring(a + 1, b)),
                    Long.parseLong(value.substring(b + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A short stable id of a home: 12 hex characters of SHA-256 over its absolute path, device and inode. The
     * path alone would make two homes at one path (one removed, one made anew) look like one; the inode alone
     * could be reused by another folder.
     */
    public static String homeId(Path home) throws IOException {
        Path abs = home.toAbsolutePath().normalize();
        Object dev = Files.getAttribute(abs, "unix:dev");
        Object ino = Files.getAttribute(abs, "unix:ino");
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((abs + "\0" + dev + "\0" + ino).getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(12);
            for (int i = 0; i < 6; i++) sb.append(Character.forDigit((h[i] >> 4) & 0xf, 16)).append(Character.forDigit(h[i] & 0xf, 16));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
