package jmon.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a request comes from, as the originating CLI saw it (read from its own /proc, never by spawning): its
 * pid and command, the chain of its ancestors up to the session leader, its cwd and tty, the SSH client and a CI
 * run. The OS user is not here: the daemon takes it from the socket's peer credentials. The daemon keeps only
 * {@link #bounded()} copies, so a client cannot grow the audit log or the history past these limits.
 *
 * @param pid       the CLI's pid (on the host it ran on)
 * @param command   the CLI's own command line, e.g. {@code jmon delete all -n shop-prod}
 * @param ancestors the parent first, then its parent, … up to and including the session leader
 * @param sshClient the address part of {@code SSH_CONNECTION} (client address and port), null when none
 * @param ciRun     a CI run named by its system's variables, e.g. {@code gitea shop/web run 812}, null when none
 * @param ciUrl     the run's URL when the CI gives one (Jenkins BUILD_URL, Buildkite), null otherwise
 */
public record CallerContext(long pid, String command, List<Ancestor> ancestors, String cwd, String tty,
                            String sshClient, String ciRun, String ciUrl) {
    /** One process above the CLI. */
    public record Ancestor(long pid, String command) {}

    /** Longest text kept of any field (a command line past it is cut, with "…"). */
    public static final int MAX_TEXT = 512;
    /** Most ancestors kept (the nearest ones). */
    public static final int MAX_ANCESTORS = 16;

    /**
     * A copy within the limits, control characters replaced by '?': what the daemon keeps of a client's claim.
     * Null stays null.
     */
    public static CallerContext bounded(CallerContext c) {
        if (c == null) return null;
        List<Ancestor> as = new ArrayList<>();
        if (c.ancestors != null) {
            for (Ancestor a : c.ancestors) {
                if (as.size() == MAX_ANCESTORS) break;
                if (a != null) as.add(new Ancestor(Math.max(0, a.pid), text(a.command)));
            }
        }
        return new CallerContext(Math.max(0, c.pid), text(c.command), List.copyOf(as), text(c.cwd), text(c.tty),
                text(c.sshClient), text(c.ciRun), text(c.ciUrl));
    }

    private static String text(String s) {
        if (s == null) return null;
        boolean cut = s.length() > MAX_TEXT;
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_TEXT + 1));
        int n = Math.min(s.length(), MAX_TEXT);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (cut) b.append('…');
        return b.toString();
    }

    /**
     * The command that made this request, as an operator names it: the nearest ancestor that runs something with
     * arguments ({@code bash .gitea/workflows/deploy.sh}), past wrappers such as sudo; the CLI's own command line
     * when the caller is an interactive shell.
     */
    public String via() {
        if (ancestors != null) {
            for (Ancestor a : ancestors) {
                String cmd = a.command();
                if (cmd == null || cmd.isBlank()) continue;
                String first = firstWord(cmd);
                if (WRAPPERS.contains(first)) continue;
                if (cmd.indexOf(' ') < 0) break; // an interactive shell or a bare program: the CLI's line says more
                if (first.startsWith("-") || first.equals("sshd:") || cmd.startsWith("sshd:")) break;
                return cmd;
            }
        }
        return command;
    }

    private static final java.util.Set<String> WRAPPERS = java.util.Set.of("sudo", "su", "env", "nohup", "timeout",
            "setsid", "nice", "ionice", "doas", "runuser", "xargs", "time", "flock");

    private static String firstWord(String cmd) {
        int sp = cmd.indexOf(' ');
        String w = sp < 0 ? cmd : cmd.substring(0, sp);
        int slash = w.lastIndexOf('/');
        return slash >= 0 && slash < w.length() - 1 ? w.substring(slash + 1) : w;
    }

    /** One line for the history and reports: {@code via `bash deploy.sh` (CI run …) from 10.0.0.5 on pts/3}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        String v = via();
        if (v != null) b.append("via `").append(v).append('`');
        if (ciRun != null) b.append(b.length() > 0 ? " " : "").append("(CI run ").append(ciRun).append(')');
        if (sshClient != null) b.append(b.length() > 0 ? " " : "").append("from ").append(sshClient);
        if (tty != null) b.append(b.length() > 0 ? " " : "").append("on ").append(tty);
        return b.toString();
    }
}
