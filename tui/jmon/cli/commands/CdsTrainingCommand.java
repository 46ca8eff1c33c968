package jmon.cli.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.CustomMetric;
import jmon.api.DaemonInfo;
import jmon.api.DaemonStatus;
import jmon.api.Dependency;
import jmon.api.Desired;
import jmon.api.FreezeInfo;
import jmon.api.HealthInfo;
import jmon.api.HealthSpec;
import jmon.api.HostStatus;
import jmon.api.JmonApi;
import jmon.api.LogLine;
import jmon.api.LogSpec;
import jmon.api.MetricSample;
import jmon.api.ProbeResult;
import jmon.api.ProbeSpec;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.RestartPolicy;
import jmon.cli.Cli;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.rpc.LiteJson;
import jmon.rpc.Wire;

/**
 * Hidden: the run the launcher records its class-data archive from. It runs the real commands (list, jlist,
 * describe, logs --nostream, ping, start, stop, restart, …, with and without a terminal) through the real
 * {@link Cli}, {@link Context} and socket client against an in-process stand-in daemon that answers with
 * populated records (health, probes, custom metrics, freezes, metrics, log lines), so every class those paths
 * load, and every lambda of ours they link, is in the archive. Then the same without a daemon (the error
 * paths). Nothing touches the user's home: the stand-in lives in a temporary folder, removed at the end.
 */
final class CdsTrainingCommand implements Command {
    @Override public String name() { return "__cds-training"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.INTERNAL; }
    @Override public String summary() { return "(internal) warm-up run recorded into the start-up archive"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(); }

    /** What the training runs, each with and without a terminal (colour). */
    static final List<List<String>> COMMANDS = List.of(
            List.of("list"), List.of("ls", "-n", "web"), List.of("list", "--wide"),
            List.of("jlist"), List.of("jlist", "--with-env", "-n", "web"),
            List.of("describe", "api"), List.of("describe", "5"), List.of("describe", "nosuch"),
            List.of("logs", "api", "--nostream"), List.of("logs", "--nostream", "--lines", "5", "-t"),
            List.of("logs", "web", "--nostream", "--highlight", "GET"), List.of("logs", "--nostream", "--raw"),
            List.of("logs", "--nostream", "--json"),
            List.of("ping"),
            List.of("start", "ecosystem.json"), List.of("startOrRestart", "ecosystem.json", "--only", "api"),
            List.of("start", "api"), List.of("start", "sleep", "--name", "nap", "--", "60"),
            List.of("stop", "api"), List.of("stop", "locked"), List.of("restart", "all", "-n", "web"),
            List.of("reload", "worker"), List.of("delete", "cron"),
            List.of("--version"), List.of("--help"), List.of("list", "--help"), List.of("lsit"),
            List.of("list", "--wdie"));

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        train(ctx.env(), ctx.version(), sink);
        return 0;
    }

    /**
     * Runs every training command; returns each one's exit code, keyed by its command line (the commands that
     * fail on purpose show the error paths).
     */
    static Map<String, Integer> train(Map<String, String> callerEnv, String version, PrintStream sink)
            throws IOException {
        Map<String, Integer> codes = new LinkedHashMap<>();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("jmon: start-up archive training took too long; giving up");
            Runtime.getRuntime().halt(1);
        }, "jmon-cds-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        Path dir = Files.createTempDirectory("jmon-cds-");
        try {
            Path home = dir.resolve("home");
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(dir.resolve("ecosystem.json"), ECOSYSTEM);
            List<ProcessInfo> processes = processes(home, System.currentTimeMillis());
            for (ProcessInfo x : processes) {
                Path out = Path.of(x.outLogPath());
                Files.createDirectories(out.getParent());
                Files.writeString(out, "GET /health 200\n");
                Files.writeString(out.resolveSibling(out.getFileName() + ".1"), "older\n");
            }
            Map<String, String> env = new HashMap<>(callerEnv);
            env.remove("JMON_HOST");
            env.remove("JMON_NAMESPACE");
            env.remove("COLUMNS");
            env.put("JMON_HOME", home.toString());
            try (StandIn daemon = new StandIn(home.resolve("jmon.sock"), version, home, processes)) {
                for (boolean tty : new boolean[] {false, true}) {
                    Cli cli = new Cli(env, sink, sink, dir, tty);
                    for (List<String> argv : COMMANDS) run(codes, tty ? "tty " : "", cli, argv);
                }
                env.put("COLUMNS", "50"); // a narrow terminal: names and reasons are cut
                Cli narrow = new Cli(env, sink, sink, dir, true);
                run(codes, "narrow ", narrow, List.of("list", "--wide"));
                run(codes, "narrow ", narrow, List.of("list"));
            }

            // no daemon: what read-only commands say then
            env.put("JMON_HOME", dir.resolve("no-daemon").toString());
            Cli none = new Cli(env, sink, sink, dir, false);
            for (List<String> argv : List.of(List.of("list"), List.of("jlist"), List.of("describe", "api"),
                    List.of("logs", "--nostream"))) {
                run(codes, "no daemon ", none, argv);
            }
            return codes;
        } finally {
            watchdog.interrupt();
            delete(dir);
        }
    }

    private static void run(Map<String, Integer> codes, String label, Cli cli, List<String> argv) {
        codes.put(label + String.join(" ", argv), cli.run(argv.toArray(new String[0])));
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        } catch (IOException | RuntimeException e) {
            // a temporary folder left behind is harmless
        }
    }

    /** Apps with everything a real file can declare: instances, env, health probes, dependencies, logs. */
    private static final String ECOSYSTEM = """
            {
              "apps": [
                {
                  "name": "api", "namespace": "web", "script": "sleep", "args": ["600"], "instances": 2,
                  "env": {"PORT": "8080", "API_TOKEN": "secret"}, "max_restarts": 10, "min_uptime": 5000,
                  "kill_timeout": 3000, "priority": 1, "protected": true, "listen_timeout": 8000,
                  "health": {
                    "readiness": {"http": "http://127.0.0.1:8080/ready", "period": 1000, "timeout": 500},
                    "liveness": {"tcp": "127.0.0.1:8080", "failure_threshold": 3}
                  }
                },
                {
                  "name": "worker", "namespace": "web", "script": "sleep", "args": ["600"],
                  "depends_on": ["api", {"name": "db", "namespace": "data", "condition": "ready"}],
                  "health": {"readiness": {"log": "ready to serve"}, "liveness": {"exec": "true"}}
                },
                {"name": "cron", "namespace": "batch", "script": "sleep", "args": ["600"], "autorestart": false}
              ]
            }
            """;

    /** A daemon's worth of processes in every status, with health, probes and custom metrics filled in. */
    static List<ProcessInfo> processes(Path home, long now) {
        ProbeSpec http = new ProbeSpec("http", "http://127.0.0.1:8080/ready", 200, null, 0, null, null, 500, 1000, 500,
                1, 3);
        ProbeSpec tcp = new ProbeSpec("tcp", null, 0, "127.0.0.1", 8080, null, null, 0, 5000, 1000, 1, 3);
        RestartPolicy policy = new RestartPolicy(true, 10, 5000, 100, 0, List.of(0, 143), 3000, "SIGTERM",
                256L << 20, "0 3 * * *", List.of("src"), List.of("node_modules"), 500);
        List<ProcessInfo> out = new ArrayList<>();
        String[][] apps = {
                {"web", "api"}, {"web", "worker"}, {"web", "frontend-with-a-rather-long-name"}, {"data", "db"},
                {"batch", "cron"}, {"batch", "report"}, {"default", "napper"}, {"web", "locked"}};
        ProcessStatus[] statuses = ProcessStatus.values();
        int id = 0;
        for (int a = 0; a < apps.length; a++) {
            String ns = apps[a][0];
            String name = apps[a][1];
            int instances = a == 0 ? 3 : a == 1 ? 2 : 1;
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PORT", String.valueOf(8080 + a));
            env.put("DB_PASSWORD", "hunter2");
            env.put("NODE_ENV", "production");
            HealthSpec hs = a % 2 == 0 ? new HealthSpec(true, 8000, false, 30_000, http, tcp,
                    List.of(new Dependency("db", "data", "ready"), new Dependency("cache", null, "started")))
                    : HealthSpec.none();
            LogSpec logs = a % 3 == 0 ? new LogSpec(null, null, null, true, true, "YYYY-MM-DD", "json", 10 << 20, 5)
                    : LogSpec.defaults();
            AppSpec spec = new AppSpec(ns, name, a % 2 == 0 ? "/usr/bin/sleep" : "server.py", List.of("600", "--flag"),
                    a % 2 == 0 ? null : "python3", a % 2 == 0 ? List.of() : List.of("-u"), "/srv/" + name, env,
                    instances, null, a % 2 == 0 ? policy : RestartPolicy.defaults(), logs, a % 4, a == 0,
                    a % 2 == 0 ? "production" : null, true, "/srv/ecosystem.json", hs);
            for (int i = 0; i < instances; i++, id++) {
                ProcessStatus st = statuses[id % statuses.length];
                if (a == 0) st = ProcessStatus.ONLINE;
                Map<String, CustomMetric> metrics = new LinkedHashMap<>();
                metrics.put("rps", new CustomMetric(12.5 + id, "req/s", now - 1000));
                metrics.put("queue", new CustomMetric(3, null, now - 2000));
                Map<String, Object> health = new LinkedHashMap<>();
                health.put("db", "ok");
                health.put("lag_ms", 12);
                health.put("ratio", 0.25);
                health.put("ok", true);
                health.put("parts", List.of("a", 2L, Map.of("k", "v")));
                HealthInfo hi = id % 3 == 2 ? null : new HealthInfo(id % 2 == 0, List.of("http", "grpc"), "serving",
                        metrics, health, new ProbeResult("http", true, "200 OK", 3, now - 500, 0),
                        new ProbeResult("tcp", id % 4 != 1, "connection refused", 1001, now - 700, id % 4),
                        now - 3000, id, id % 2 == 0 ? List.of() : List.of("data/db (ready)"));
                Path logDir = home.resolve("logs").resolve(ns);
                String suffix = instances > 1 ? "-" + i : "";
                boolean live = st.isSignallable();
                out.add(new ProcessInfo(id, ns, name, i, st, st.isHalted() ? Desired.HALT : Desired.RUN,
                        live || st == ProcessStatus.WAITING_RESTART ? 40_000 + id : 0, live && id % 2 == 0,
                        id * 3, id % 3, live ? now - 1000L * (1L << (2 * (id % 9))) : 0, now - 86_400_000L,
                        id % 2 == 0 ? null : id % 256, id % 5 == 3 ? "SIGKILL" : null,
                        id % 2 == 0 ? "started" : "exited with code " + id + "\nsee the log", 
                        logDir.resolve(name + "-out" + suffix + ".log").toString(),
                        logDir.resolve(name + "-error" + suffix + ".log").toString(), id * 7.35,
                        (long) id * 37_000_000L + 512, spec, hi));
            }
        }
        // the daemon answers in pm_id order; the table sorts by namespace first
        return out;
    }

    /**
     * A stand-in daemon on a Unix socket: the hello, then canned answers per operation (the shapes the real
     * daemon writes: records by component name, nulls left out, log lines streamed before the final answer).
     */
    static final class StandIn implements AutoCloseable {
        private final ServerSocketChannel server;
        private final String version;
        private final Path home;
        private final List<ProcessInfo> processes;
        private final Thread acceptor;
        private volatile boolean closed;

        StandIn(Path socket, String version, Path home, List<ProcessInfo> processes) throws IOException {
            this.version = version;
            this.home = home;
            this.processes = processes;
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            acceptor = new Thread(this::accept, "jmon-cds-daemon");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            while (!closed) {
                try {
                    SocketChannel ch = server.accept();
                    Thread t = new Thread(() -> serve(ch), "jmon-cds-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    if (closed || !server.isOpen()) return;
                    // a failed accept: keep serving (a stand-in that stops answering would stall the training)
                }
            }
        }

        private void serve(SocketChannel ch) {
            try (ch) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                        StandardCharsets.UTF_8));
                OutputStream out = Channels.newOutputStream(ch);
                if (in.readLine() == null) return; // a reachability probe
                send(out, new Wire.Hello(Wire.MAGIC, JmonApi.PROTOCOL_VERSION, version));
                String line;
                while ((line = in.readLine()) != null) {
                    Map<?, ?> req = (Map<?, ?>) LiteJson.parse(line);
                    long id = ((Number) req.get("id")).longValue();
                    Map<?, ?> args = req.get("args") instanceof Map<?, ?> m ? m : Map.of();
                    answer(out, id, String.valueOf(req.get("op")), args);
                }
            } catch (IOException | RuntimeException e) {
                // the client went away
            }
        }

        private void answer(OutputStream out, long id, String op, Map<?, ?> args) throws IOException {
            long now = System.currentTimeMillis();
            Object ns = args.get("namespace");
            Object selector = args.get("selector");
            Object targets = selector instanceof Map<?, ?> s ? s.get("targets") : null;
            switch (op) {
                case "ping" -> result(out, id, new DaemonInfo(version, JmonApi.PROTOCOL_VERSION, 4242, now - 3_600_000,
                        3_600_000, home.toString(), "operator", new DaemonStatus(0.4, 70L << 20, 21L << 20, 64L << 20, 24),
                        new HostStatus("host-1", 12.5, 2, 8L << 30, 5L << 30, 0.52, 1.005, 0.125, 100L << 30, 40L << 30)));
                case "list" -> {
                    List<ProcessInfo> ps = new ArrayList<>();
                    for (ProcessInfo x : processes) if (ns == null || ns.equals(x.namespace())) ps.add(x);
                    result(out, id, ps);
                }
                case "describe" -> {
                    Object pmId = args.get("pmId");
                    ProcessInfo hit = null;
                    for (ProcessInfo x : processes) if (pmId instanceof Number n && x.pmId() == n.intValue()) hit = x;
                    if (hit == null) {
                        send(out, Map.of("id", id, "error", Map.of("code", "NOT_FOUND", "message", "no process with id " + pmId)));
                        return;
                    }
                    // with members, so describe's path through them is trained too
                    ProcessInfo x = hit;
                    result(out, id, new ProcessInfo(x.pmId(), x.namespace(), x.name(), x.instanceId(), x.status(),
                            x.desired(), x.pid(), x.ready(), x.restarts(), x.unstableRestarts(), x.startedAt(),
                            x.createdAt(), x.lastExitCode(), x.lastSignal(), x.reason(), x.outLogPath(), x.errLogPath(),
                            x.cpu(), x.memory(), x.spec(), x.health(),
                            List.of(new jmon.api.Member(x.pid() + 1, 1000, "node worker.js", "group"),
                                    new jmon.api.Member(x.pid() + 2, 1001, "sleep 1000", "marked")),
                            x.logWrite()));
                }
                case "freezes" -> result(out, id, List.of(new FreezeInfo("batch", "incident 42: disk full", "operator",
                        now - 60_000, null)));
                case "metrics" -> {
                    List<MetricSample> ms = new ArrayList<>();
                    for (int i = 0; i < 30; i++) ms.add(new MetricSample(now - 1000L * (30 - i), i * 1.7 % 13, (60L + i % 7) << 20));
                    result(out, id, ms);
                }
                case "logs" -> {
                    int n = 0;
                    for (ProcessInfo x : processes) {
                        if (n++ >= 6) break;
                        for (int i = 0; i < 3; i++) {
                            String stream = i == 0 ? "out" : i == 1 ? "err" : "jmon";
                            send(out, Map.of("id", id, "line", new LogLine(100 + i, x.pmId(), x.namespace(), x.name(),
                                    x.instanceId(), stream, now - 1000, i == 2, "GET /api/items?page=" + i + " 200 \"ok\" \u00e9\t")));
                        }
                    }
                    send(out, Map.of("id", id));
                }
                case "start", "act" -> {
                    if (targets instanceof List<?> t && t.contains("locked")) {
                        send(out, Map.of("id", id, "error", Map.of("code", "FROZEN",
                                "message", "namespace web is frozen by operator: incident 42")));
                        return;
                    }
                    List<ProcessInfo> ps = new ArrayList<>(processes.subList(0, 4));
                    if (op.equals("act")) ps.add(processes.get(6)); // errored: the command reports it, exit 1
                    result(out, id, new ActionResult(ps, List.of("worker is already online", "skipped protected api")));
                }
                default -> send(out, Map.of("id", id, "error", Map.of("code", "BAD_REQUEST",
                        "message", "unknown operation " + op)));
            }
        }

        private static void result(OutputStream out, long id, Object result) throws IOException {
            send(out, Map.of("id", id, "result", result));
        }

        private static void send(OutputStream out, Object message) throws IOException {
            out.write((LiteJson.write(message) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            closed = true;
            server.close();
        }
    }
}
