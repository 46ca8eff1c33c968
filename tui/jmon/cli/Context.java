package jmon.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import jmon.api.JmonApi;
import jmon.api.Version;
import jmon.daemon.DaemonStarter;
import jmon.engine.Home;
import jmon.rpc.RpcClient;

/** What a command runs with: environment, streams, the home folder and a connection made on demand. */
public final class Context implements AutoCloseable {
    public static final long DAEMON_START_TIMEOUT_MS = 15_000;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Home home;
    private final Path cwd;
    private final boolean color;
    private final boolean tty;
    private RpcClient client;

    public Context(Map<String, String> env, PrintStream out, PrintStream err, Path cwd, boolean tty) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.home = Home.fromEnv(env);
        this.cwd = cwd;
        this.tty = tty;
        this.color = tty && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    }

    public Map<String, String> env() { return env; }
    public PrintStream out() { return out; }
    public PrintStream err() { return err; }
    public Home home() { return home; }

    /**
     * The home, once {@link jmon.engine.HomeTrust} accepts it (owned by the caller, private, no links in it):
     * what every command that talks to the local daemon or writes into the home goes through first.
     */
    public Home trustedHome() {
        if (!homeChecked) {
            jmon.engine.HomeTrust.check(home, jmon.engine.HomeTrust.allowForeign(env));
            homeChecked = true;
        }
        return home;
    }

    private boolean homeChecked;
    public Path cwd() { return cwd; }
    public boolean color() { return color; }
    /** Standard input and output are a terminal (the console can open). */
    public boolean tty() { return tty; }
    public String version() { return Version.get(); }

    /** How long each request may wait for the daemon ({@link Timeouts}). */
    public RpcClient.Deadline deadline() { return Timeouts.of(env, home.pidFile()); }

    /** The namespace from {@code --namespace}, else {@code JMON_NAMESPACE}, else null (all). */
    public String namespace(Parsed p) {
        String ns = p.get("namespace");
        if (ns == null) ns = env.get("JMON_NAMESPACE");
        return ns == null || ns.isBlank() ? null : ns;
    }

    /** The remote host ({@code --host user@server} or {@code JMON_HOST}), or null for the local daemon. */
    public String host() {
        String h = env.get("JMON_HOST");
        return h == null || h.isBlank() ? null : h.trim();
    }

    /** True when a daemon answers: the local socket, or (with a host) a round trip that does not start one. */
    public boolean daemonReachable() {
        if (host() == null) return RpcClient.reachable(trustedHome().socket());
        try {
            api().ping();
            return true;
        } catch (jmon.api.JmonException e) {
            return false;
        }
    }

    /**
     * {@code ssh [-o BatchMode=yes] HOST jmon rpc --stdio}: the system's OpenSSH from PATH (its config, keys and
     * agent). {@code JMON_SSH} replaces the ssh program, {@code JMON_REMOTE_JMON} the remote command.
     */
    public java.util.List<String> sshCommand(String host, boolean startDaemon) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(onPath(env.getOrDefault("JMON_SSH", "ssh")));
        cmd.add("-o");
        cmd.add("BatchMode=yes");
        cmd.add(host);
        cmd.add(env.getOrDefault("JMON_REMOTE_JMON", "jmon"));
        cmd.add("rpc");
        cmd.add("--stdio");
        if (!startDaemon) cmd.add("--no-start");
        return cmd;
    }

    private String onPath(String prog) {
        if (prog.contains("/")) return prog;
        for (String d : env.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (d.isEmpty()) continue;
            java.nio.file.Path p = java.nio.file.Path.of(d, prog);
            if (java.nio.file.Files.isExecutable(p)) return p.toString();
        }
        return prog;
    }

    private RpcClient remote(String host, boolean startDaemon) {
        Map<String, String> sshEnv = new java.util.HashMap<>(env);
        sshEnv.remove("JMON_HOST"); // the far side talks to its own daemon
        // the far side's pid file is not ours to read: the message then names no pid
        return RpcClient.overProcess(sshCommand(host, startDaemon), sshEnv, "ssh " + host, version())
                .withDeadline(new RpcClient.Deadline(deadline().ordinaryMs(), deadline().waitingMs(), () -> 0));
    }

    private boolean overrideFreeze;
    private java.util.List<String> argv = java.util.List.of();

    /** The CLI's arguments, named in the caller context of the requests that change something. */
    public void commandLine(java.util.List<String> args) { this.argv = java.util.List.copyOf(args); }

    /**
     * Read once, when the first changing request goes out (over --host too: the context is this CLI's); a command
     * that changes something reads it ahead, while it connects.
     */
    private RpcClient withContext(RpcClient c, boolean changing) {
        CallerContextSource src = new CallerContextSource(argv, env, cwd);
        return c.withCallerContext(changing ? src.readAhead() : src);
    }

    private RpcClient withContext(RpcClient c) { return withContext(c, false); }

    /** This command was given --force: a frozen namespace is changed anyway (the daemon audits it). */
    public void overrideFreeze(boolean on) {
        overrideFreeze = on;
        if (client != null) client.withFreezeOverride(on);
    }

    /**
     * A fresh client of its own (the console reconnects with these): over ssh with {@code --host}, else the local
     * socket; it never starts a daemon.
     */
    public RpcClient newClient() {
        if (host() != null) return withContext(remote(host(), false));
        return withContext(new RpcClient(home.socket(), version()).withDeadline(deadline()));
    }

    /** A client for a daemon that must already run: read-only commands never start one. */
    public JmonApi api() {
        if (client == null && host() != null) client = withContext(remote(host(), false));
        if (client == null) {
            // one connection, made now: UNREACHABLE when no daemon answers (no probe connection first)
            client = withContext(RpcClient.connectNow(trustedHome().socket(), version()).withDeadline(deadline()));
        }
        return client.withFreezeOverride(overrideFreeze);
    }

    /** A client, starting the daemon first when none runs (mutating commands). */
    public JmonApi apiStartingDaemon() {
        if (client == null && host() != null) client = withContext(remote(host(), true), true);
        if (client == null) {
            CallerContextSource ctx = new CallerContextSource(argv, env, cwd).readAhead(); // overlaps the start below
            DaemonStarter.ensureRunning(trustedHome(), env, DAEMON_START_TIMEOUT_MS);
            client = new RpcClient(home.socket(), version()).withDeadline(deadline()).withCallerContext(ctx);
        }
        return client.withFreezeOverride(overrideFreeze);
    }

    @Override
    public void close() {
        if (client != null) client.close();
    }
}
