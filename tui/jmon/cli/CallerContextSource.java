package jmon.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jmon.api.CallerContext;

/**
 * The CLI's caller context, read once: on demand (the first changing request of a read-only command), or read
 * ahead on a thread of its own while a changing command connects to the daemon, so the /proc reads overlap the
 * connection instead of adding to it. A named class, not a lambda: no bootstrap on a cold CLI.
 */
final class CallerContextSource implements java.util.function.Supplier<CallerContext>, Runnable {
    private final List<String> argv;
    private final Map<String, String> env;
    private final Path cwd;
    private Thread ahead;
    private CallerContext value;
    private boolean done;

    CallerContextSource(List<String> argv, Map<String, String> env, Path cwd) {
        this.argv = argv;
        this.env = env;
        this.cwd = cwd;
    }

    /** Starts reading now, on a daemon thread. */
    CallerContextSource readAhead() {
        Thread t = new Thread(null, this, "jmon-caller-context", 256 * 1024);
        t.setDaemon(true);
        ahead = t;
        t.start();
        return this;
    }

    @Override
    public void run() {
        CallerContext c;
        try {
            c = CallerContextReader.read(argv, env, cwd);
        } catch (RuntimeException e) {
            c = null; // a context is a courtesy: the request goes without one
        }
        synchronized (this) {
            value = c;
            done = true;
            notifyAll();
        }
    }

    @Override
    public CallerContext get() {
        if (ahead == null) {
            synchronized (this) {
                if (!done) run();
                return value;
            }
        }
        synchronized (this) {
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (!done) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return null; // /proc hung (a process in D state): never hold a request for it
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return value;
        }
    }
}
