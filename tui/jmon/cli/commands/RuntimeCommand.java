package jmon.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import jmon.api.AppSpec;
import jmon.api.Caller;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.LogLine;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.api.Selector;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.cli.render.LogFormat;
import jmon.daemon.Daemon;

/**
 * runtime FILE (also {@code jmon-runtime FILE}): the container entrypoint. Runs the daemon in this process (PID 1
 * is fine: it handles TERM and INT and reaps orphans), starts the file, streams every app's output to its own
 * stdout/stderr, stops everything in order on SIGTERM/SIGINT, and exits when every app has ended. The socket is
 * there as usual, so {@code docker exec … jmon list} works; the daemon's own log goes to {@code jmon.log}.
 *
 * <p>Exit codes: 0 every app ended with exit 0 or was stopped (by a signal to the runtime, or a request);
 * 1 an app ended errored or exited non-zero, or the apps could not be started; 2 a bad file (nothing started);
 * 3 another daemon already runs in this JMON_HOME, or the daemon cannot start.
 */
final class RuntimeCommand implements Command {
    static final int EXIT_OK = 0, EXIT_APP_FAILED = 1, EXIT_BAD_FILE = 2, EXIT_NO_DAEMON = 3;
    private static final long POLL_MS = 200;

    @Override public String name() { return "runtime"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "container entrypoint: run the daemon here, start FILE, stream output, exit when the apps end"; }
    @Override public String arguments() { return "FILE"; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.NAMESPACE, Opt.value("NAME", "use the file's env_<NAME> set", "--env"),
                Opt.value("APPS", "only these apps of the file (comma-separated)", "--only"),
                Opt.flag("only the text, no prefixes", "--raw"), Opt.flag("one JSON object per line", "--json"),
                DaemonCommand.HTTP);
    }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        if (p.positional().size() != 1) throw new UsageException("runtime takes one ecosystem file");
        if (p.has("raw") && p.has("json")) throw new UsageException("--raw and --json exclude each other");
        Path file = ctx.cwd().resolve(p.positional().get(0));
        List<AppSpec> apps = StartCommand.load(ctx, p, file, ctx.namespace(p));
        if (apps == null) return EXIT_BAD_FILE;
        PrintStream out = ctx.out(), err = ctx.err();
        LogFormat fmt = p.has("json") ? LogFormat.JSON : p.has("raw") ? LogFormat.RAW : LogFormat.PREFIXED;
        // the daemon's own lines go to jmon.log: stdout and stderr are the apps'
        PrintStream daemonLog = new PrintStream(new jmon.daemon.RotatingLog(ctx.home().daemonLog(), 10L * 1024 * 1024, 5), true,
                java.nio.charset.StandardCharsets.UTF_8);
        Daemon d;
        PrintStream before = System.err;
        try {
            ctx.home().ensure();
            System.setErr(daemonLog);
            d = Daemon.start(ctx.home(), ctx.env(), p.get("http"));
        } catch (java.io.IOException e) {
            System.setErr(before);
            err.println("jmon runtime: the daemon cannot start: " + e.getMessage());
            return EXIT_NO_DAEMON;
        }
        if (d == null) {
            System.setErr(before);
            err.println("jmon runtime: a daemon already runs for " + ctx.home().dir() + "; the runtime needs a JMON_HOME of its own");
            return EXIT_NO_DAEMON;
        }
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stopAll = () -> {
            if (stopping.compareAndSet(false, true)) new Thread(d::killAll, "jmon-runtime-stop").start();
        };
        for (String sig : new String[] {"INT", "TERM"}) sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> stopAll.run());
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> { });
        JmonApi api = d.engine().as(Caller.local());
        try {
            api.start(apps, false);
        } catch (JmonException e) {
            err.println("jmon runtime: " + e.getMessage());
            stopAll.run();
            d.awaitStop();
            return EXIT_APP_FAILED;
        }
        Thread follower = new Thread(() -> follow(api, fmt, out, err, stopping), "jmon-runtime-output");
        follower.setDaemon(true);
        follower.start();
        boolean failed = false;
        while (!stopping.get()) {
            List<ProcessInfo> ps;
            try {
                ps = api.list(null);
            } catch (JmonException e) {
                break; // the daemon is going (kill through the socket)
            }
            boolean allEnded = true;
            for (ProcessInfo i : ps) {
                if (!i.status().isHalted()) allEnded = false;
                else if (endedBadly(i)) failed = true;
            }
            if (allEnded) {
                Thread.sleep(POLL_MS); // the last lines of output reach the follower
                stopAll.run();
                break;
            }
            Thread.sleep(POLL_MS);
        }
        d.awaitStop();
        out.flush();
        err.flush();
        if (ProcessHandle.current().pid() == 1) d.engine().drainOrphans(); // no zombie left behind as init
        System.setErr(before);
        return failed ? EXIT_APP_FAILED : EXIT_OK;
    }

    /** Errored, or exited on its own with a non-zero code (a stop by request is not a failure). */
    static boolean endedBadly(ProcessInfo i) {
        if (i.status() == ProcessStatus.ERRORED) return true;
        return i.status() == ProcessStatus.EXITED && i.desired() == jmon.api.Desired.RUN
                && (i.lastExitCode() != null && i.lastExitCode() != 0);
    }

    private static void follow(JmonApi api, LogFormat fmt, PrintStream out, PrintStream err, AtomicBoolean stopping) {
        LogQuery q = new LogQuery(new Selector(null, List.of("all"), true, true), 1000, true, true, true);
        try {
            api.logs(q, new LogSink() {
                @Override
                public boolean line(LogLine l) {
                    PrintStream to = "err".equals(l.stream()) ? err : out;
                    to.println(fmt.render(l, l.text(), false, false));
                    return true;
                }

                @Override
                public boolean idle() {
                    out.flush();
                    err.flush();
                    return true; // keep following through the ordered stop: its last lines matter
                }
            });
        } catch (RuntimeException e) {
            // the daemon is gone: nothing more to show
        }
    }
}
