package jmon.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import jmon.api.EngineEvent;
import jmon.engine.Engine;
import jmon.engine.Home;
import jmon.engine.exec.Launcher;
import jmon.engine.exec.SpawnLauncher;
import jmon.engine.persist.AtomicFile;
import jmon.engine.time.Clock;
import jmon.http.HttpEndpoint;
import jmon.rpc.RpcServer;

/**
 * One running daemon: holds the {@code JMON_HOME} lock (so there is exactly one per home), the engine and the
 * socket, and the HTTP endpoint when configured. Ordered shutdown: stop answering (HTTP first, then the socket),
 * stop the apps (on kill), release the lock last.
 *
 * <p>Settings policy: supervising the apps matters more than any setting. A bad {@code config.json} (a bad
 * value, an unknown key, a file that is not JSON) never stops the daemon: it runs with the defaults for what is
 * bad and says so in one line each, in jmon.log and in {@code jmon ping} ({@link Engine#warn}). The same for
 * the HTTP endpoint: a bad {@code http} setting or a failure to bind (the port is in use) leaves the daemon
 * running without HTTP, logged clearly; a health check against the missing endpoint fails (connection
 * refused), so nothing reads as healthy by mistake. Only {@code --http} on the command line, typed by an
 * operator at a terminal, is refused when it is bad.
 */
public final class Daemon implements AutoCloseable {
    private final Home home;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Engine engine;
    private final RpcServer server;
    private volatile HttpEndpoint http;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Daemon(Home home, FileChannel lockChannel, FileLock lock, Engine engine, RpcServer server) {
        this.home = home;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.engine = engine;
        this.server = server;
    }

    public static String version() {
        return jmon.api.Version.get();
    }

    /**
     * Starts a daemon for this home, or returns null when another one already holds the lock.
     */
    public static Daemon start(Home home, Map<String, String> env) throws IOException {
        return start(home, env, null);
    }

    /**
     * Starts a daemon for this home, or returns null when another one already holds the lock.
     *
     * @param httpBind {@code HOST:PORT} for the HTTP endpoint, overriding {@code http.bind} of config.json (the
     *                 token still comes from there); null to follow config.json
     */
    public static Daemon start(Home home, Map<String, String> env, String httpBind) throws IOException {
        boolean allowForeign = jmon.engine.HomeTrust.allowForeign(env);
        try {
            jmon.engine.HomeTrust.check(home, allowForeign);
        } catch (jmon.api.JmonException e) {
            throw new IOException(e.getMessage());
        }
        home.ensure();
        FileChannel ch = Home.openPrivate(home.lockFile());
        FileLock lock = ch.tryLock();
        if (lock == null) {
            ch.close();
            return null;
        }
        Engine engine = null;
        try {
            Launcher launcher = SpawnLauncher.best(why -> log("spawning through the shell shim: " + why));
            DaemonConfig loaded = DaemonConfig.load(home.dir().resolve("config.json"));
            DaemonConfig config;
            try {
                config = httpBind == null ? loaded : loaded.withHttpBind(httpBind);
            } catch (IllegalArgumentException e) {
                throw new IOException("--http " + httpBind + ": " + e.getMessage());
            }
            // log paths inside the home follow no link; the user's own paths elsewhere are theirs to choose
            engine = new Engine(home, version(), launcher, Clock.SYSTEM, env, config.logs().within(home.dir()));
            loaded.warnings().forEach(engine::warn);
            engine.events().subscribe(Daemon::logEvent);
            TestFaults.arm(engine);
            engine.recover(launcher);
            engine.superviseOrphans(Daemon::log); // subreaper: what the apps double-fork stays ours to stop and reap
            engine.startSampler(config.metricsIntervalMs(), config.metricsIdleIntervalMs());
            engine.restores().resume(); // a restore job the previous daemon was running goes on
            try {
                startHooks(engine, config, env);
            } catch (IOException e) {
                engine.warn("hooks: cannot open " + home.logsDir().resolve("hooks.log") + " (" + e.getMessage() + "); running WITHOUT hooks");
            }
            Daemon[] self = new Daemon[1];
            Engine eng = engine;
            // before the socket answers: a client that reached the daemon can always read its pid
            AtomicFile.write(home.pidFile(), (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8));
            if (allowForeign) auditForeignHome(home); // on the record before any client is answered
            RpcServer server = new RpcServer(home.socket(), c -> eng.as(c), version(), () -> self[0].close(),
                    config.rpc(), Daemon::log);
            self[0] = new Daemon(home, ch, lock, engine, server);
            log("daemon " + version() + " started, pid " + ProcessHandle.current().pid() + ", home " + home.dir());
            if (config.http() != null) self[0].startHttp(config.http());
            return self[0];
        } catch (IOException | RuntimeException e) {
            if (engine != null) engine.close();
            lock.release();
            ch.close();
            throw e;
        }
    }

    /** {@code --allow-foreign-home} was given: when the home is indeed someone else's, that is audited. */
    private static void auditForeignHome(Home home) throws IOException {
        int owner = (Integer) Files.getAttribute(home.dir(), "unix:uid");
        int me = jmon.engine.HomeTrust.callerUid();
        if (owner == me) return;
        String who = System.getProperty("user.name");
        new jmon.engine.audit.AuditLog(home.auditLog()).append(who, "allow-foreign-home", null, java.util.List.of(),
                java.util.List.of(), "ok: daemon (uid " + me + ") runs in a home owned by uid " + owner);
        log("warning: " + jmon.engine.HomeTrust.ALLOW_FOREIGN_FLAG + ": running in " + home.dir() + ", owned by uid " + owner);
    }

    public Engine engine() { return engine; }

    /** The HTTP endpoint, null when off or when it could not bind. */
    public HttpEndpoint http() { return http; }

    private void startHttp(DaemonConfig.Http cfg) {
        try {
            // read-only by construction: the pipeline refuses every change for this caller
            // reads are read-only by construction: the pipeline refuses every change for this caller; control calls
            // run as each named token's own caller (engine.as), through the same pipeline as the socket
            http = new HttpEndpoint(engine.as(jmon.api.Caller.reader(System.getProperty("user.name"))), cfg.bind(),
                    cfg.token(), engine::metricsScraped, cfg.tokens(), engine::as);
            log("http: serving on " + cfg.bind().text() + " (" + (cfg.tokens().isEmpty() ? "read-only" : "control API with "
                    + cfg.tokens().size() + " named token" + (cfg.tokens().size() == 1 ? "" : "s"))
                    + (cfg.token() == null ? ", no read token" : ", bearer token required") + ")");
        } catch (IOException | RuntimeException e) {
            engine.warn("http: cannot listen on " + cfg.bind().text() + ": " + e.getMessage()
                    + "; running WITHOUT the HTTP endpoint (free the port or change http.bind / --http, then restart the daemon)");
        }
    }

    public Home home() { return home; }

    /** Hooks of config.json: their commands' output goes to logs/hooks.log (0600). */
    private static void startHooks(Engine engine, DaemonConfig config, Map<String, String> env) throws IOException {
        java.nio.file.Path out = engine.home().logsDir().resolve("hooks.log"); // created 0600 by the first command hook
        String host;
        try {
            host = Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            host = "localhost";
        }
        engine.hooks().start(config.hooks(), engine.as(jmon.api.Caller.reader("hooks")), engine.events(), out, env, host,
                Daemon::log);
    }

    private static void logEvent(EngineEvent e) {
        if (e instanceof EngineEvent.StatusChanged s) {
            log(s.namespace() + "/" + s.name() + " [" + s.pmId() + "] " + s.from().wire() + " -> " + s.to().wire()
                    + (s.reason() == null ? "" : ": " + s.reason()));
        } else if (e instanceof EngineEvent.ProcessAdded a) {
            log(a.namespace() + "/" + a.name() + " [" + a.pmId() + "] added");
        } else if (e instanceof EngineEvent.ProcessRemoved r) {
            log(r.namespace() + "/" + r.name() + " [" + r.pmId() + "] deleted");
        }
    }

    static void log(String msg) {
        System.err.println(Instant.now() + " " + msg);
    }

    public void awaitStop() throws InterruptedException { stopped.await(); }

    /** Stops every app (each with its stop signal and kill_timeout), then closes. */
    public void killAll() {
        engine.as(jmon.api.Caller.local()).kill();
        close();
    }

    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) return;
        HttpEndpoint h = http;
        if (h != null) h.close();
        server.close();
        engine.close();
        try {
            Files.deleteIfExists(home.pidFile());
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
        log("daemon stopped");
        stopped.countDown();
    }
}
