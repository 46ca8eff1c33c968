package jmon.engine.supervise;

import java.util.function.Consumer;
import jmon.engine.exec.LaunchPlan;
import jmon.engine.exec.Launcher;
import jmon.engine.exec.Spawned;
import jmon.engine.time.Scheduler;

/**
 * Runs an app's lifecycle commands ({@code pre_start}, {@code stop_command}, {@code post_stop}): one shell
 * command, spawned like the app (its folder, environment, user and limits, its output into the app's logs) but
 * never waited for on the engine thread. The outcome arrives on the engine thread: null for success, else why
 * it failed; a command that outlives its timeout is killed with its process group.
 */
public final class CommandRunner {
    private final Launcher launcher;
    private final Scheduler scheduler;
    private final Supervisor.Signaller signals;
    /** The plan of one command of a process. */
    @FunctionalInterface
    public interface Plans {
        LaunchPlan plan(ManagedProcess p, String which, String command) throws java.io.IOException;
    }

    private final Plans plans;

    public CommandRunner(Launcher launcher, Scheduler scheduler, Supervisor.Signaller signals, Plans plans) {
        this.launcher = launcher;
        this.scheduler = scheduler;
        this.signals = signals;
        this.plans = plans;
    }

    /** One running command; {@link #cancel} kills it and its outcome is never reported. */
    public static final class Running implements Scheduler.Cancellable {
        private final Spawned spawned;
        private final Supervisor.Signaller signals;
        private Scheduler.Cancellable timeout;
        private boolean over;

        Running(Spawned spawned, Supervisor.Signaller signals) {
            this.spawned = spawned;
            this.signals = signals;
        }

        @Override
        public void cancel() {
            if (over) return;
            over = true;
            if (timeout != null) timeout.cancel();
            signals.signalGroup(spawned.pid(), "SIGKILL");
        }
    }

    /**
     * Starts {@code command} (engine thread). {@code done} gets null or the reason of the failure ("exited with
     * code 3", "timed out after 30000 ms", "could not run: …"), on the engine thread; returns null when it could
     * not even start (then {@code done} has already been called).
     */
    public Running run(ManagedProcess p, String which, String command, long timeoutMs, Consumer<String> done) {
        Spawned s;
        try {
            s = launcher.spawn(plans.plan(p, which, command));
        } catch (Exception e) {
            done.accept(which + " could not run: " + e.getMessage());
            return null;
        }
        Running r = new Running(s, signals);
        r.timeout = scheduler.schedule(() -> {
            if (r.over) return;
            r.over = true;
            signals.signalGroup(s.pid(), "SIGKILL");
            done.accept(which + " timed out after " + timeoutMs + " ms (command_timeout)");
        }, timeoutMs);
        s.exit().whenComplete((code, err) -> scheduler.execute(() -> {
            if (r.over) return;
            r.over = true;
            r.timeout.cancel();
            // what the command left in its group goes with it
            signals.signalGroup(s.pid(), "SIGKILL");
            done.accept(code != null && code == 0 ? null : which + " " + RestartDecider.describeExit(code,
                    code != null && code > 128 ? jmon.engine.exec.Posix.signalName(code - 128) : null));
        }));
        return r;
    }
}
