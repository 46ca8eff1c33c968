package jmon.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jmon.api.Desired;
import jmon.api.ProcessStatus;
import jmon.engine.exec.Launcher;
import jmon.engine.exec.MarkedProcess;
import jmon.engine.exec.MarkedProcesses;
import jmon.engine.exec.ProcFs;
import jmon.engine.exec.Spawned;
import jmon.engine.journal.Recovery;
import jmon.engine.persist.ProcessRecord;
import jmon.engine.supervise.Intent;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Reconciler;
import jmon.engine.supervise.Supervisor;
import jmon.engine.time.Clock;

/**
 * A new daemon takes over from an earlier one: what the checkpoint and the journal say, against what the kernel
 * shows (every process carrying this home's marker). Live ones are re-adopted, even those the journal missed; gone
 * ones are brought back; marked processes nobody owns are terminated.
 */
final class Takeover {
    private Takeover() {}

    static void run(Recovery.Recovered s, String homeId, Launcher launcher, EngineLoop loop, Clock clock,
                    ProcessTable table, Supervisor supervisor, Durability durability, Lifecycle.Registrar registrar,
                    Consumer<String> warn) {
        for (String w : s.warnings()) warn.accept("recovery: " + w);
        loop.call(() -> {
            table.atLeast(s.nextPmId());
            List<Reconciler.Known> known = new ArrayList<>();
            for (ProcessRecord r : s.processes()) known.add(Reconciler.Known.of(r, false));
            // the kernel is the ground truth: what carries this home's marker, against what the journal says
            Reconciler.Plan plan = Reconciler.reconcile(known, MarkedProcesses.scan(homeId), ProcFs::isSameLiveProcess);
            for (ProcessRecord r : s.processes()) {
                durability.known(r);
                Reconciler.Leader leader = plan.leaders().get(r.pmId());
                Spawned live = leader == null ? null : launcher.adopt(leader.pid(), leader.startTicks());
                if (leader != null && leader.byMarker() && live != null) {
                    System.err.println("jmon: recovery: " + r.spec().namespace() + "/" + r.spec().name() + " [" + r.pmId()
                            + "] runs as pid " + leader.pid() + " (generation " + leader.generation()
                            + "), which the journal had not recorded yet: adopted");
                }
                List<MarkedProcess> members = plan.members().getOrDefault(r.pmId(), List.of());
                if (live == null && !members.isEmpty()) supervisor.terminateOrphans(members); // a dead app's leftovers
                ProcessStatus initial = live != null ? ProcessStatus.ONLINE
                        : r.status().isHalted() ? r.status()
                        : r.desired() == Desired.RUN ? ProcessStatus.EXITED : ProcessStatus.STOPPED;
                ManagedProcess p = supervisor.create(r.pmId(), r.instanceId(), r.spec(), initial, r.desired());
                supervisor.restore(p, r.createdAt(), r.restarts(), r.unstableRestarts(), r.lastExitCode(),
                        r.lastSignal(), r.reason());
                supervisor.restoreGeneration(p, leader == null ? r.generation() : leader.generation());
                registrar.register(p);
                table.atLeast(r.pmId() + 1);
                if (live != null) {
                    supervisor.adopt(p, live, leader.byMarker() ? clock.nowMs() : r.startedAt());
                    if (r.desired() == Desired.HALT) supervisor.stopAll(List.of(p), Intent.STOP, "stop resumed after daemon restart");
                } else if (r.desired() == Desired.RUN && !r.status().isHalted()) {
                    supervisor.recoverGone(p);
                } else if (r.spec().restart().kind() == jmon.api.RestartKind.ALWAYS) {
                    // Docker's and systemd's "always": a daemon that starts again brings back what was stopped too
                    supervisor.start(p, "daemon started again; autorestart is always");
                }
            }
            for (MarkedProcess o : plan.orphans()) {
                System.err.println("jmon: recovery: pid " + o.pid() + " (" + o.command() + ") carries this home's marker"
                        + " for pm_id " + o.pmId() + ", which the journal does not know (deleted, or its start was never"
                        + " acknowledged): terminated");
            }
            supervisor.terminateOrphans(plan.orphans());
            table.markDirty();
            return null;
        });
        loop.call(() -> {
            durability.checkpoint(); // the replayed tail folded into a checkpoint: the next recovery starts from here
            return null;
        });
    }
}
