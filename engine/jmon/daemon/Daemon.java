package jmon.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import jmon.api.EngineEvent;
import jmon.engine.Engine;
import jmon.engine.Home;
import jmon.engine.exec.ProcessLauncher;
import jmon.engine.persist.AtomicFile;
import jmon.engine.time.Clock;
import jmon.rpc.Json;
import jmon.rpc.RpcServer;

/**
 * One running daemon: holds the {@code JMON_HOME} lock (so there is exactly one per home), the engine and the
 * socket. Ordered shutdown: stop answering, stop the apps (on kill), release the lock last.
 */
public final class Daemon implements AutoCloseable {
    private final Home home;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Engine engine;
    private final RpcServer server;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Daemon(Home home, FileChannel lockChannel, FileLock lock, Engine engine, RpcServer server) {
        this.home = home;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.engine = engine;
        this.server = server;
    }

    public static String version() {
        try (InputStream in = Daemon.class.getResourceAsStream("/jmon/version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /**
     * Starts a daemon for this home, or returns null when another one already holds the lock.
     */
    public static Daemon start(Home home, Map<String, String> env) throws IOException {
        home.ensure();
        FileChannel ch = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            ch.close();
            return null;
        }
        Engine engine = null;
        try {
            ProcessLauncher launcher = new ProcessLauncher();
            DaemonConfig config = DaemonConfig.load(home.dir().resolve("config.json"), Json.mapper());
            engine = new Engine(home, version(), launcher, Clock.SYSTEM, env, Json.mapper(), config.logs());
            engine.events().subscribe(Daemon::logEvent);
            engine.recover(launcher);
            engine.startSampler(config.metricsIntervalMs());
            Daemon[] self = new Daemon[1];
            RpcServer server = new RpcServer(home.socket(), engine::as, version(), () -> self[0].close());
            self[0] = new Daemon(home, ch, lock, engine, server);
            AtomicFile.write(home.pidFile(), (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8));
            log("daemon " + version() + " started, pid " + ProcessHandle.current().pid() + ", home " + home.dir());
            return self[0];
        } catch (IOException | RuntimeException e) {
            if (engine != null) engine.close();
            lock.release();
            ch.close();
            throw e;
        }
    }

    public Engine engine() { return engine; }

    public Home home() { return home; }

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
        engine.kill();
        close();
    }

    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) return;
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
