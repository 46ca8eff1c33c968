package jmon.daemon;

import java.io.IOException;
import jmon.engine.Home;

/**
 * {@code jmon daemon}: runs the daemon in the foreground (systemd's way; logs to stderr). Started on demand
 * by the CLI too, then logging to {@code jmon.log} (size-capped, one old file kept).
 */
public final class DaemonMain {
    /** The daemon's own log is capped: past this size it moves to jmon.log.1.gz (5 kept). */
    static final long LOG_CAP = 10L * 1024 * 1024;
    static final int LOG_RETAIN = 5;
    /** Exit code of a daemon that could not start (the home is not writable, the socket cannot be bound). */
    public static final int EXIT_CANNOT_START = 1;
    /** Exit code of a daemon refused its home (foreign-owned, writable by others, a link inside): bad input. */
    public static final int EXIT_HOME_REFUSED = 2;
    /** What the one line of a failed start begins with, so the CLI that spawned the daemon can show it. */
    public static final String CANNOT_START = "daemon cannot start: ";

    private DaemonMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(Home.fromEnv(System.getenv())));
    }

    public static int run(Home home) throws IOException, InterruptedException {
        return run(home, null);
    }

    /** @param httpBind {@code HOST:PORT} for the HTTP endpoint (overrides config.json's http.bind), or null */
    public static int run(Home home, String httpBind) throws IOException, InterruptedException {
        return run(home, httpBind, System.getenv());
    }

    /** @param env the environment the daemon runs with (its apps' base, {@code --allow-foreign-home}) */
    public static int run(Home home, String httpBind, java.util.Map<String, String> env) throws IOException, InterruptedException {
        try {
            // before anything is created or opened in it: a refused home is left as it was
            jmon.engine.HomeTrust.check(home, jmon.engine.HomeTrust.allowForeign(env));
        } catch (jmon.api.JmonException e) {
            System.err.println("jmon daemon: " + e.getMessage());
            return EXIT_HOME_REFUSED;
        }
        if (Boolean.getBoolean("jmon.daemon.background")) {
            home.ensure();
            System.setErr(new java.io.PrintStream(new RotatingLog(home.daemonLog(), LOG_CAP, LOG_RETAIN), true,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        // from here on, an error nobody handles ends this JVM with one line (FatalErrors): never half-alive
        FatalErrors.install();
        Daemon d;
        try {
            d = Daemon.start(home, env, httpBind);
        } catch (IOException e) {
            Daemon.log(CANNOT_START + e.getMessage());
            return EXIT_CANNOT_START;
        }
        if (d == null) {
            System.err.println("jmon: a daemon is already running for " + home.dir());
            return 0;
        }
        // SIGTERM/SIGINT (systemd stop, Ctrl-C): stop the apps cleanly, then exit. kill -9 leaves them running
        // for the next daemon to re-adopt. Handling the signals ourselves matters for the apps too: a daemon
        // started from a non-interactive shell inherits SIGINT *ignored*, and an ignored signal would pass on
        // to every app (which could then never be stopped gracefully); a handled one resets to default on exec.
        // As PID 1 the kernel drops every signal without a handler; these are handled, so TERM and INT still work.
        Runnable stopAll = () -> new Thread(() -> {
            try {
                d.killAll();
            } catch (RuntimeException e) {
                d.close();
            }
        }, "jmon-shutdown").start();
        for (String sig : new String[] {"INT", "TERM"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> stopAll.run());
        }
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> Daemon.log("SIGHUP ignored"));
        d.awaitStop();
        if (ProcessHandle.current().pid() == 1) {
            // PID 1 of a namespace (a container): the init of every orphan there; leave no zombie behind
            int n = d.engine().drainOrphans();
            if (n > 0) Daemon.log("reaped " + n + " ended processes before exiting as PID 1");
        }
        return 0;
    }

}
