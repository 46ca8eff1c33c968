package jmon.engine.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import jmon.engine.exec.ProcFs;

/** Real child processes, each leading its own process group, all killed (with descendants) by killAll. */
final class Kids {
    private final List<Process> started = new ArrayList<>();

    /** setsid COMMAND...: the child calls setsid() itself (it is not a group leader), so pid == pgid. */
    Process start(String... command) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(p);
        long pid = p.pid();
        poll("pid " + pid + " leads its own group", Duration.ofSeconds(10),
                () -> ProcFs.stat(pid).map(st -> st.pgrp() == pid).orElse(false));
        return p;
    }

    /** Takes over a process started by the test, to kill it with the rest. */
    Process adopt(Process p) {
        started.add(p);
        return p;
    }

    Process sh(String script) throws IOException {
        return start("sh", "-c", script);
    }

    /** Live descendants of pid, by parent links (so including those that left the group). */
    static List<ProcFs.Stat> descendants(long pid) {
        return ProcFs.descendants(ProcFs.table(), pid);
    }

    void killAll() throws InterruptedException, IOException {
        for (Process p : started) {
            // descendants first: once the leader is gone they are reparented and harder to find
            List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
            for (ProcFs.Stat st : descendants(p.pid())) ProcessHandle.of(st.pid()).ifPresent(tree::add);
            tree.forEach(ProcessHandle::destroyForcibly);
            new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        for (Process p : started) p.waitFor(5, TimeUnit.SECONDS);
        started.clear();
    }

    /** Polls cond every 20 ms until it holds; fails the test with what was awaited at the deadline. */
    static void poll(String what, Duration limit, BooleanSupplier cond) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for: " + what);
            pause(20);
        }
    }

    /** Lets wall time pass (a measuring window, not a synchronisation). */
    static void pause(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) java.util.concurrent.locks.LockSupport.parkNanos(left);
    }

    /** Sum of VmRSS (bytes) over pids, as /proc/PID/status reports it. */
    static long vmRss(List<Long> pids) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) sum += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return sum;
    }
}
