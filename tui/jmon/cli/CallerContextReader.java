package jmon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmon.api.CallerContext;

/**
 * Reads this CLI's {@link CallerContext} from /proc and the environment: no process is spawned and nothing is
 * parsed with a regex, so it costs two small file reads per ancestor (0.05–0.3 ms warm, about 2 ms on a cold JVM;
 * {@link CallerContextSource} reads it while the CLI connects, so a request waits microseconds for it; figures in
 * docs/architecture.md).
 */
public final class CallerContextReader {
    private CallerContextReader() {}

    /** @param argv the CLI's arguments (after the program name) */
    public static CallerContext read(List<String> argv, Map<String, String> env, Path cwd) {
        StringBuilder cmd = new StringBuilder("jmon");
        for (String a : argv) cmd.append(' ').append(a);
        List<CallerContext.Ancestor> ancestors = new ArrayList<>();
        // /proc/self/stat, not ProcessHandle.current(): that one costs a CLI about 5 ms on its first use
        byte[] buf = new byte[4 * CallerContext.MAX_TEXT];
        long[] statSelf = stat("self", buf);
        long self = statSelf == null ? 0 : statSelf[0];
        long pid = statSelf == null ? 0 : statSelf[1];
        long session = statSelf == null ? 0 : statSelf[2];
        for (int i = 0; i < CallerContext.MAX_ANCESTORS && pid > 1; i++) {
            ancestors.add(new CallerContext.Ancestor(pid, cmdline(pid, buf)));
            if (pid == session) break; // the session leader: the login shell, the CI runner's job, sshd's child
            long[] st = stat(Long.toString(pid), buf);
            if (st == null) break;
            pid = st[1];
        }
        return new CallerContext(self, cmd.toString(), ancestors, cwd == null ? null : cwd.toString(), tty(),
                ssh(env), ciRun(env), ciUrl(env));
    }

    /** {pid, parent pid, session id} from /proc/PID/stat, or null. */
    private static long[] stat(String pid, byte[] buf) {
        String s;
        try {
            int n = readProc("/proc/" + pid + "/stat", buf);
            if (n <= 0) return null;
            s = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        int first = s.indexOf(' ');
        // pid (comm) state ppid pgrp session …: comm may hold spaces and parentheses, so start after the last ')'
        int i = s.lastIndexOf(')');
        if (i < 0) return null;
        String[] f = new String[4];
        int n = 0, from = i + 2;
        while (n < 4 && from < s.length()) {
            int sp = s.indexOf(' ', from);
            if (sp < 0) sp = s.length();
            f[n++] = s.substring(from, sp);
            from = sp + 1;
        }
        if (n < 4) return null;
        try {
            return new long[] {Long.parseLong(s.substring(0, first)), Long.parseLong(f[1]), Long.parseLong(f[3])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Reads the start of a /proc file into b (as much as fits: longer command lines are cut anyway) with one open,
     * read and close (no lambda, no channel: each costs a cold CLI more than the read itself).
     */
    private static int readProc(String path, byte[] b) throws IOException {
        try (java.io.FileInputStream in = new java.io.FileInputStream(path)) {
            int n = 0, r;
            while (n < b.length && (r = in.read(b, n, b.length - n)) > 0) n += r;
            return n;
        }
    }

    private static String cmdline(long pid, byte[] b) {
        int len;
        try {
            len = readProc("/proc/" + pid + "/cmdline", b);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        while (len > 0 && b[len - 1] == 0) len--;
        for (int i = 0; i < len; i++) if (b[i] == 0) b[i] = ' ';
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }

    private static String tty() {
        for (String fd : new String[] {"0", "1", "2"}) {
            try {
                String t = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
                if (t.startsWith("/dev/pts/") || t.startsWith("/dev/tty")) return t.substring(5);
            } catch (IOException | RuntimeException e) {
                // closed or not a link: try the next one
            }
        }
        return null;
    }

    /** "client-address client-port" of SSH_CONNECTION (the server half says nothing about who). */
    static String ssh(Map<String, String> env) {
        String c = env.get("SSH_CONNECTION");
        if (c == null || c.isBlank()) return null;
        String[] f = c.trim().split(" ");
        return f.length >= 2 ? f[0] + " port " + f[1] : f[0];
    }

    /** The CI run, from the variables each system sets; null outside CI. */
    static String ciRun(Map<String, String> env) {
        String run = env.get("GITHUB_RUN_ID");
        if (run != null && !run.isBlank()) {
            String sys = "true".equals(env.get("GITEA_ACTIONS")) ? "gitea" : env.containsKey("FORGEJO_ACTIONS") ? "forgejo" : "github";
            String repo = env.get("GITHUB_REPOSITORY");
            String n = env.get("GITHUB_RUN_NUMBER");
            return sys + (repo == null ? "" : " " + repo) + " run " + run + (n == null || n.equals(run) ? "" : " (#" + n + ")");
        }
        if (env.containsKey("GITLAB_CI")) {
            String p = env.get("CI_PROJECT_PATH");
            return "gitlab" + (p == null ? "" : " " + p) + " job " + env.getOrDefault("CI_JOB_ID", "?")
                    + (env.get("CI_PIPELINE_ID") == null ? "" : " (pipeline " + env.get("CI_PIPELINE_ID") + ")");
        }
        if (env.containsKey("BUILDKITE_BUILD_ID")) {
            String p = env.get("BUILDKITE_PIPELINE_SLUG");
            return "buildkite" + (p == null ? "" : " " + p) + " build "
                    + env.getOrDefault("BUILDKITE_BUILD_NUMBER", env.get("BUILDKITE_BUILD_ID"));
        }
        if (env.containsKey("JENKINS_URL") || env.containsKey("BUILD_TAG")) {
            String tag = env.get("BUILD_TAG");
            return "jenkins " + (tag != null ? tag : env.getOrDefault("JOB_NAME", "?") + " #" + env.getOrDefault("BUILD_NUMBER", "?"));
        }
        return null;
    }

    static String ciUrl(Map<String, String> env) {
        String u = env.get("BUILD_URL");
        if (u == null) u = env.get("BUILDKITE_BUILD_URL");
        if (u == null) u = env.get("CI_JOB_URL");
        if (u == null && env.get("GITHUB_RUN_ID") != null && env.get("GITHUB_SERVER_URL") != null
                && env.get("GITHUB_REPOSITORY") != null) {
            u = env.get("GITHUB_SERVER_URL") + "/" + env.get("GITHUB_REPOSITORY") + "/actions/runs/" + env.get("GITHUB_RUN_ID");
        }
        return u;
    }
}
