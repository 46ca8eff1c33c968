package jmon.daemon;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jmon.api.ErrorCode;
import jmon.api.JmonException;
import jmon.engine.Home;
import jmon.rpc.RpcClient;

/**
 * Starts the daemon on demand, once, however many commands race to do it: a file lock lets one client spawn
 * while the others wait for the socket; the daemon's own lock stops a second daemon in any case.
 */
public final class DaemonStarter {
    /**
     * Daemon JVM: small heap, small stacks, Serial GC, C1 only: it idles most of its life. A 2 MiB young generation
     * (all of it resident) holds what a restart storm allocates between collections of well under a millisecond
     * each: 39 collections, 24 ms in all, in 5 s of 1,350 crash-restarts, against 25 and 21 ms with 3 MiB; 0.6 MiB less
     * resident.
     */
    static final List<String> DAEMON_FLAGS = List.of("-Xms8m", "-Xmx64m", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xmn2m", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=96m",
            "-XX:-UsePerfData", "-Xshare:auto", "-Xlog:disable", "-Xlog:all=warning:stderr");

    private DaemonStarter() {}

    /** File locks are per JVM: threads of one process (tests, the console) queue here first. */
    private static final Object IN_PROCESS = new Object();

    public static void ensureRunning(Home home, Map<String, String> env, long timeoutMs) {
        if (RpcClient.reachable(home.socket())) return;
        synchronized (IN_PROCESS) {
            spawnOnce(home, env, timeoutMs);
        }
    }

    private static void spawnOnce(Home home, Map<String, String> env, long timeoutMs) {
        try {
            jmon.engine.HomeTrust.check(home, jmon.engine.HomeTrust.allowForeign(env));
            home.ensure();
            try (FileChannel ch = Home.openPrivate(home.spawnLock());
                 FileLock ignored = ch.lock()) {
                if (RpcClient.reachable(home.socket())) return;
                StartFailure failure = new StartFailure(home);
                Process p = spawn(home, env);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
                while (System.nanoTime() < deadline) {
                    if (RpcClient.reachable(home.socket())) return;
                    if (!p.isAlive() && p.exitValue() != 0) {
                        throw new JmonException(ErrorCode.UNREACHABLE, "the jmon daemon exited with code "
                                + p.exitValue() + " while starting: " + failure.line() + " (more in " + home.daemonLog()
                                + " and " + home.dir().resolve("jmon.out") + ")");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            }
        } catch (IOException e) {
            throw new JmonException(ErrorCode.UNREACHABLE, "could not start the jmon daemon in " + home.dir() + ": "
                    + e.getMessage());
        }
        if (!RpcClient.reachable(home.socket())) {
            throw new JmonException(ErrorCode.UNREACHABLE, "the jmon daemon did not come up on " + home.socket()
                    + " within " + timeoutMs + " ms; see " + home.daemonLog());
        }
    }

    private static Process spawn(Home home, Map<String, String> env) throws IOException {
        Home.openPrivate(home.dir().resolve("jmon.out")).close(); // 0600 before the JVM appends to it
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.add(javaBinary(env));
        cmd.addAll(DAEMON_FLAGS);
        String extra = env.get("JMON_DAEMON_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) cmd.addAll(List.of(extra.trim().split("\\s+")));
        cmd.add("-Djmon.daemon.background=true");
        cmd.add("-cp");
        cmd.add(daemonClassPath(home));
        cmd.add(DaemonMain.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(home.dir().toFile())
                .redirectInput(new File("/dev/null"))
                // the JVM's own output (a crash report, a bad flag); the daemon logs to jmon.log itself
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.dir().resolve("jmon.out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(home.dir().resolve("jmon.out").toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("JMON_HOME", home.dir().toString());
        return pb.start();
    }

    /**
     * The daemon's class path. jmon's own jar is copied under {@code $JMON_HOME/lib/} first: the daemon lives for
     * months, and rebuilding or upgrading the jar in place under a running JVM breaks its next class load.
     */
    static String daemonClassPath(Home home) throws IOException {
        return daemonClassPath(home, absoluteClassPath());
    }

    static String daemonClassPath(Home home, String classPath) throws IOException {
        List<String> parts = new ArrayList<>();
        for (String e : classPath.split(File.pathSeparator)) {
            java.nio.file.Path p = java.nio.file.Path.of(e);
            String name = p.getFileName().toString();
            if (name.startsWith("jmon-") && name.endsWith(".jar") && java.nio.file.Files.isRegularFile(p)) {
                parts.add(JarCopy.verified(p, home.dir().resolve("lib"), System.err::println).toString());
            } else {
                parts.add(e);
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    /** The daemon runs in JMON_HOME, so relative class-path entries must be made absolute. */
    static String absoluteClassPath() {
        List<String> parts = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) parts.add(java.nio.file.Path.of(e).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, parts);
    }

    static String javaBinary(Map<String, String> env) {
        String j = env.get("JMON_JAVA");
        if (j != null && !j.isBlank()) return j;
        return ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    }
}
