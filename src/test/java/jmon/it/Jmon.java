package jmon.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import jmon.cli.Cli;
import jmon.engine.exec.ProcFs;

/**
 * A real jmon for a test: its own temp JMON_HOME, the real CLI (in-process) and a real daemon JVM started on
 * demand. Closing kills the daemon and makes sure no process it ran is left behind.
 */
public final class Jmon implements AutoCloseable {
    public record Result(int code, String out, String err) {
        public String all() { return out + err; }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    public final Path home;
    public final Path dir;
    public final Map<String, String> env = new HashMap<>();
    private final List<Long> seenPids = new ArrayList<>();

    public Jmon(Path tmp) throws IOException {
        this.dir = tmp;
        this.home = tmp.resolve("home");
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", System.getenv().getOrDefault("HOME", "/root"));
        env.put("JMON_HOME", home.toString());
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new Cli(env, o, e, dir, false).run(args);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs and insists on exit 0. */
    public Result ok(String... args) {
        Result r = run(args);
        if (r.code() != 0) {
            throw new AssertionError("jmon " + String.join(" ", args) + " exited " + r.code() + "\n" + r.all()
                    + "\n--- daemon log (tail) ---\n" + tail(home.resolve("jmon.log")) + tail(home.resolve("jmon.out")));
        }
        return r;
    }

    private static String tail(Path p) {
        try {
            List<String> l = Files.readAllLines(p);
            return String.join("\n", l.subList(Math.max(0, l.size() - 15), l.size())) + "\n";
        } catch (IOException e) {
            return "";
        }
    }

    public JsonNode jlist(String... extra) {
        List<String> a = new ArrayList<>(List.of("jlist"));
        a.addAll(List.of(extra));
        try {
            JsonNode n = JSON.readTree(ok(a.toArray(String[]::new)).out());
            for (JsonNode p : n) if (p.get("pid").asLong() > 0) seenPids.add(p.get("pid").asLong());
            return n;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The jlist element of namespace/name (first instance). */
    public JsonNode proc(String ns, String name) {
        for (JsonNode p : jlist()) {
            if (p.get("name").asText().equals(name) && p.get("pm2_env").get("namespace").asText().equals(ns)) return p;
        }
        return null;
    }

    public String status(String ns, String name) {
        JsonNode p = proc(ns, name);
        return p == null ? null : p.get("pm2_env").get("status").asText();
    }

    public Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    public Path script(String name, String body) throws IOException {
        Path p = write(name, "#!/bin/sh\n" + body + "\n");
        p.toFile().setExecutable(true);
        return p;
    }

    public long daemonPid() {
        try {
            return Long.parseLong(Files.readString(home.resolve("jmon.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    public static void await(String what, long timeoutMs, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    public void remember(long pid) { seenPids.add(pid); }

    /**
     * Waits until a killed daemon is wholly gone: reaped (its /proc entry vanished: a JVM's main thread shows as a
     * zombie while its other threads, and its open socket, are still going away) and its socket refusing.
     */
    public void awaitDaemonGone(long pid) {
        await("daemon " + pid + " gone", 20_000, () -> !Files.exists(Path.of("/proc", Long.toString(pid)))
                && !jmon.rpc.RpcClient.reachable(home.resolve("jmon.sock")));
    }

    @Override
    public void close() {
        try {
            if (Files.exists(home.resolve("jmon.sock"))) {
                try {
                    jlist();
                } catch (AssertionError ignored) {
                    // daemon may already be gone
                }
                run("kill");
            }
        } finally {
            long d = daemonPid();
            if (d > 0 && ProcFs.isAlive(d)) ProcessHandle.of(d).ifPresent(ProcessHandle::destroyForcibly);
            for (long pid : seenPids) {
                if (ProcFs.isAlive(pid)) {
                    ProcessHandle.of(pid).ifPresent(h -> {
                        h.descendants().forEach(ProcessHandle::destroyForcibly);
                        h.destroyForcibly();
                    });
                }
            }
        }
    }
}
