package jmon.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import jmon.api.JmonApi;
import jmon.daemon.Daemon;
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
    public Path cwd() { return cwd; }
    public boolean color() { return color; }
    /** Standard input and output are a terminal (the console can open). */
    public boolean tty() { return tty; }
    public String version() { return Daemon.version(); }

    /** The namespace from {@code --namespace}, else {@code JMON_NAMESPACE}, else null (all). */
    public String namespace(Parsed p) {
        String ns = p.get("namespace");
        if (ns == null) ns = env.get("JMON_NAMESPACE");
        return ns == null || ns.isBlank() ? null : ns;
    }

    /** A client for a daemon that must already run: read-only commands never start one. */
    public JmonApi api() {
        if (client == null) {
            if (!RpcClient.reachable(home.socket())) throw RpcClient.unreachable(home.socket());
            client = new RpcClient(home.socket(), version());
        }
        return client;
    }

    /** A client, starting the daemon first when none runs (mutating commands). */
    public JmonApi apiStartingDaemon() {
        if (client == null) {
            DaemonStarter.ensureRunning(home, env, DAEMON_START_TIMEOUT_MS);
            client = new RpcClient(home.socket(), version());
        }
        return client;
    }

    @Override
    public void close() {
        if (client != null) client.close();
    }
}
