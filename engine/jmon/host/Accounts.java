package jmon.host;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's users and groups through the C library (getpwnam(3), getgrnam(3), getgrouplist(3)), so NSS sources
 * (LDAP, systemd-homed) count as they do for login, and the daemon's own effective uid. Lookups are serialised:
 * the non-reentrant calls share static buffers.
 */
public final class Accounts {
    interface C extends Library {
        Passwd getpwnam(String name);

        Passwd getpwuid(int uid);

        Group getgrnam(String name);

        Group getgrgid(int gid);

        int getgrouplist(String user, int group, int[] groups, IntByReference ngroups);

        int geteuid();
    }

    @Structure.FieldOrder({"pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir", "pw_shell"})
    public static class Passwd extends Structure {
        public String pw_name, pw_passwd;
        public int pw_uid, pw_gid;
        public String pw_gecos, pw_dir, pw_shell;

        public Passwd() {}

        public Passwd(Pointer p) {
            super(p);
            read();
        }
    }

    @Structure.FieldOrder({"gr_name", "gr_passwd", "gr_gid", "gr_mem"})
    public static class Group extends Structure {
        public String gr_name, gr_passwd;
        public int gr_gid;
        public Pointer gr_mem;

        public Group() {}

        public Group(Pointer p) {
            super(p);
            read();
        }
    }

    /** A user of the host: its name, uid, primary gid and home. */
    public record User(String name, int uid, int gid, String home) {}

    private static final Object LOCK = new Object();
    private static volatile C c;

    private Accounts() {}

    private static C lib() {
        C l = c;
        if (l == null) c = l = Native.load("c", C.class);
        return l;
    }

    /** The daemon (this process) runs as root: only then can an app run as another user. */
    public static boolean isRoot() { return lib().geteuid() == 0; }

    /** This process's effective uid. */
    public static int euid() { return lib().geteuid(); }

    /** The uid of a user named or numbered so; a number without an entry is taken as is; -1 when unknown. */
    public static int uidOf(String nameOrId) {
        User u = user(nameOrId);
        return u != null ? u.uid() : number(nameOrId);
    }

    /** The user named or numbered {@code nameOrId}, or null when the host has none. */
    public static User user(String nameOrId) {
        synchronized (LOCK) {
            int id = number(nameOrId);
            Passwd p = id >= 0 ? lib().getpwuid(id) : lib().getpwnam(nameOrId);
            return p == null ? null : new User(p.pw_name, p.pw_uid, p.pw_gid, p.pw_dir);
        }
    }

    /** The gid of the group named or numbered {@code nameOrId}; a number is taken as is; -1 when unknown. */
    public static int group(String nameOrId) {
        int id = number(nameOrId);
        if (id >= 0) return id;
        synchronized (LOCK) {
            Group g = lib().getgrnam(nameOrId);
            return g == null ? -1 : g.gr_gid;
        }
    }

    /** The groups {@code user} belongs to with {@code primary} (what login gives it: initgroups(3)). */
    public static List<Integer> groupsOf(String user, int primary) {
        synchronized (LOCK) {
            int[] buf = new int[64];
            IntByReference n = new IntByReference(buf.length);
            if (lib().getgrouplist(user, primary, buf, n) < 0) {
                buf = new int[n.getValue()];
                n.setValue(buf.length);
                lib().getgrouplist(user, primary, buf, n);
            }
            List<Integer> out = new ArrayList<>(n.getValue());
            for (int i = 0; i < n.getValue() && i < buf.length; i++) out.add(buf[i]);
            return out;
        }
    }

    /** What is wrong with a user or group name (the portable characters useradd takes, or a number), or null. */
    public static String nameProblem(String s) {
        if (s.isEmpty()) return "must not be empty";
        if (s.length() > 32) return "is not a user or group name: longer than 32 characters";
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                    || c == '-' && i > 0 || c == '$' && i == s.length() - 1;
            if (!ok) return "is not a user or group name: '" + c + "' at " + (i + 1);
        }
        return null;
    }

    /** A uid or gid written as a number (0 or more), else -1 (a name). */
    public static int number(String s) {
        if (s == null || s.isEmpty() || s.length() > 10) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') return -1;
            v = v * 10 + (ch - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
