package jmon.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import jmon.engine.Home;

/**
 * {@code jmon daemon}: runs the daemon in the foreground (systemd's way; logs to stderr). Started on demand
 * by the CLI too, then with stderr appended to {@code jmon.log}.
 */
public final class DaemonMain {
    /** The daemon's own log is capped: past this size the old one is moved to jmon.log.1 at start. */
    static final long LOG_CAP = 10L * 1024 * 1024;

    private DaemonMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(Home.fromEnv(System.getenv())));
    }

    public static int run(Home home) throws IOException, InterruptedException {
        rotateLog(home);
        Daemon d = Daemon.start(home, System.getenv());
        if (d == null) {
            System.err.println("jmon: a daemon is already running for " + home.dir());
            return 0;
        }
        // SIGTERM/SIGINT (systemd stop, Ctrl-C): stop the apps cleanly, then exit. kill -9 leaves them running
        // for the next daemon to re-adopt.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                d.killAll();
            } catch (RuntimeException e) {
                d.close();
            }
        }, "jmon-shutdown"));
        d.awaitStop();
        return 0;
    }

    private static void rotateLog(Home home) throws IOException {
        if (Files.exists(home.daemonLog()) && Files.size(home.daemonLog()) > LOG_CAP) {
            Files.move(home.daemonLog(), home.dir().resolve("jmon.log.1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
