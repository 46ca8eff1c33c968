package jmon.engine.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jmon.api.ResourceLimits;
import jmon.api.RunAs;
import jmon.host.Accounts;
import jmon.host.SystemTools;

/**
 * The programs put before an app's own command when it runs as another user or with limits: posix_spawn(3)
 * cannot change ids, rlimits, niceness or the umask, so each is one exec of a small tool that changes it and
 * execs the next, keeping the pid: {@code sh -c 'umask …; echo … >/proc/self/oom_score_adj; exec "$@"'}, then
 * util-linux {@code prlimit}, coreutils {@code nice}, and util-linux {@code setpriv} last (it drops root, so
 * everything that needs root is done before it). The child opens its FIFOs as root before any of this runs, so
 * they need not be accessible to the target user. An app with none of these keys gets no wrapper: one
 * posix_spawn straight to its program, as before.
 */
public final class LaunchWrapper {
    private static volatile Integer ownNice;

    private LaunchWrapper() {}

    /** The wrapper for an app, empty when it needs none. Throws when a user or group does not exist (now). */
    public static List<String> prefix(RunAs runAs, ResourceLimits limits) throws IOException {
        if (!runAs.changesIdentity() && !limits.hasProcessLimits()) return List.of();
        List<String> out = new ArrayList<>();
        if (limits.umask() != null || limits.oomScoreAdj() != null) {
            StringBuilder sh = new StringBuilder();
            if (limits.umask() != null) sh.append("umask ").append(octal(limits.umask())).append(" || exit 126; ");
            if (limits.oomScoreAdj() != null) {
                sh.append("echo ").append(limits.oomScoreAdj()).append(" > /proc/self/oom_score_adj || exit 126; ");
            }
            sh.append("exec \"$@\"");
            out.add("/bin/sh");
            out.add("-c");
            out.add(sh.toString());
            out.add("jmon-limits");
        }
        if (limits.maxOpenFiles() != null || limits.maxProcesses() != null) {
            out.add(tool("prlimit"));
            if (limits.maxOpenFiles() != null) out.add("--nofile=" + limits.maxOpenFiles() + ":" + limits.maxOpenFiles());
            if (limits.maxProcesses() != null) out.add("--nproc=" + limits.maxProcesses() + ":" + limits.maxProcesses());
            out.add("--");
        }
        if (limits.nice() != null && limits.nice() != ownNice()) {
            // nice(1) adds to the daemon's niceness: the increment that lands on the asked value
            out.add(tool("nice"));
            out.add("-n");
            out.add(Integer.toString(limits.nice() - ownNice()));
            out.add("--");
        }
        if (runAs.changesIdentity()) out.addAll(setpriv(runAs));
        return List.copyOf(out);
    }

    /** {@code setpriv --reuid=U --regid=G --groups=…|--clear-groups --}, every id resolved to a number now. */
    static List<String> setpriv(RunAs r) throws IOException {
        Accounts.User user = r.user() == null ? Accounts.user(Integer.toString(ownUid())) : Accounts.user(r.user());
        int uid;
        if (user != null) uid = user.uid();
        else if (r.user() != null && Accounts.number(r.user()) >= 0) uid = Accounts.number(r.user());
        else throw new IOException("user '" + r.user() + "' does not exist on this host");
        int gid;
        if (r.group() != null) {
            gid = Accounts.group(r.group());
            if (gid < 0) throw new IOException("group '" + r.group() + "' does not exist on this host");
        } else if (user != null) {
            gid = user.gid();
        } else {
            throw new IOException("uid " + uid + " has no entry in the user database: set 'gid'");
        }
        List<Integer> groups = new ArrayList<>();
        if (r.groups() != null) {
            for (String g : r.groups()) {
                int id = Accounts.group(g);
                if (id < 0) throw new IOException("group '" + g + "' does not exist on this host");
                groups.add(id);
            }
        } else if (user != null) {
            groups.addAll(Accounts.groupsOf(user.name(), gid)); // what a login of the user would have
        }
        List<String> out = new ArrayList<>();
        out.add(tool("setpriv"));
        out.add("--reuid=" + uid);
        out.add("--regid=" + gid);
        if (groups.isEmpty()) {
            out.add("--clear-groups");
        } else {
            StringBuilder g = new StringBuilder("--groups=");
            for (int i = 0; i < groups.size(); i++) g.append(i == 0 ? "" : ",").append(groups.get(i));
            out.add(g.toString());
        }
        out.add("--");
        return out;
    }

    /** The uid the app runs as: the target's, or the daemon's own (-1 when unknown). */
    public static int uidOf(RunAs r) { return r.user() == null ? ownUid() : Accounts.uidOf(r.user()); }

    private static String tool(String name) throws IOException { return SystemTools.find(name); }

    static String octal(int mode) {
        String s = Integer.toOctalString(mode);
        return "0000".substring(Math.min(4, s.length())) + s;
    }

    private static int ownUid() { return Accounts.euid(); }

    /** The daemon's own niceness (field 19 of /proc/self/stat), read once. */
    static int ownNice() {
        Integer n = ownNice;
        if (n == null) {
            int v = 0;
            try {
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                v = Integer.parseInt(f[16]); // fields from 3 on: nice is field 19
            } catch (IOException | RuntimeException e) {
                v = 0;
            }
            ownNice = n = v;
        }
        return n;
    }
}
