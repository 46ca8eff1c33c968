package jmon.cli.commands;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jmon.api.ActionResult;
import jmon.api.ProcessInfo;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.daemon.DaemonStarter;
import jmon.rpc.RpcClient;

/**
 * update: PM2's "replace the in-memory daemon". The running daemon hands over and exits, leaving every app
 * running; a new daemon from this jmon (a newer jar) starts and re-adopts them, as it would after kill -9. No app
 * restarts: the command checks each one kept its pid.
 */
final class UpdateCommand implements Command {
    @Override public String name() { return "update"; }
    @Override public List<String> aliases() { return List.of("updatePM2"); }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "replace the daemon by this jmon's (e.g. a newer jar); no app restarts"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(); }

    @Override
    public int run(Context ctx, Parsed p) {
        if (ctx.host() != null) throw new jmon.cli.UsageException("update replaces the local daemon; run it on that host");
        if (!RpcClient.reachable(ctx.home().socket())) {
            DaemonStarter.ensureRunning(ctx.home(), ctx.env(), Context.DAEMON_START_TIMEOUT_MS);
            ctx.out().println("[jmon] no daemon was running; started one (" + ctx.version() + ")");
            return 0;
        }
        var was = ctx.api().ping();
        String before = was.version();
        long oldPid = was.pid();
        ActionResult r = ctx.api().update();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((RpcClient.reachable(ctx.home().socket()) || ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false))
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        DaemonStarter.ensureRunning(ctx.home(), ctx.env(), Context.DAEMON_START_TIMEOUT_MS);
        try (RpcClient fresh = RpcClient.connectNow(ctx.home().socket(), ctx.version()).withDeadline(ctx.deadline())) {
            var info = fresh.ping();
            if (info.pid() == oldPid) {
                ctx.err().println("jmon update: daemon " + oldPid + " did not hand over within 20 s; it still runs every app");
                return 1;
            }
            List<ProcessInfo> now = fresh.list(null);
            int kept = 0;
            List<String> moved = new java.util.ArrayList<>();
            for (ProcessInfo old : r.processes()) {
                if (old.pid() <= 0) continue;
                boolean same = false;
                for (ProcessInfo x : now) if (x.pmId() == old.pmId() && x.pid() == old.pid()) same = true;
                if (same) kept++;
                else moved.add(old.qualifiedName());
            }
            ctx.out().println("[jmon] daemon " + before + " (pid " + oldPid + ") replaced by " + info.version()
                    + " (pid " + info.pid() + "); " + kept + " running process" + (kept == 1 ? "" : "es") + " re-adopted");
            if (!moved.isEmpty()) {
                ctx.err().println("jmon update: not re-adopted with the same pid: " + String.join(", ", moved));
                return 1;
            }
            return 0;
        }
    }
}
