package jmon.engine.supervise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jmon.engine.exec.ProcFs;

/** Records every signal; the process table and liveness are whatever the test puts in. */
final class FakeSignaller implements Supervisor.Signaller {
    /** "group PID SIGNAL" for signalGroup, "pid PID SIGNAL" for signal. */
    final List<String> sent = new ArrayList<>();
    final Map<Long, ProcFs.Stat> table = new HashMap<>();
    final Set<Long> live = new HashSet<>();
    int tableReads;

    @Override
    public boolean signalGroup(long pgid, String signal) {
        sent.add("group " + pgid + " " + signal);
        return true;
    }

    @Override
    public boolean signal(long pid, String signal) {
        sent.add("pid " + pid + " " + signal);
        return true;
    }

    @Override
    public Map<Long, ProcFs.Stat> table() {
        tableReads++;
        return Map.copyOf(table);
    }

    @Override
    public boolean isSameLive(ProcFs.Stat st) { return live.contains(st.pid()); }

    /** A live process in the table: child of ppid, in group pgrp. */
    ProcFs.Stat addLive(long pid, long ppid, long pgrp) {
        ProcFs.Stat st = new ProcFs.Stat(pid, 'S', ppid, pgrp, pgrp, 0, 0, pid * 10, 0);
        table.put(pid, st);
        live.add(pid);
        return st;
    }
}
