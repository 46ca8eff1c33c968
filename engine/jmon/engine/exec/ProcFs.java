package jmon.engine.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads /proc directly: cheaper than a metrics library and exact about process identity. */
public final class ProcFs {
    private static final Path PROC = Path.of("/proc");

    private ProcFs() {}

    /** The fields of /proc/PID/stat jmon uses. startTicks is the start time in clock ticks since boot. */
    public record Stat(long pid, char state, long ppid, long pgrp, long session, long utime, long stime,
                       long startTicks, long rssPages) {
        public boolean isZombie() { return state == 'Z' || state == 'X'; }
    }

    public static Optional<Stat> stat(long pid) {
        try {
            return Optional.of(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Stat parse(long pid, String s) {
        // comm may contain spaces and parentheses: fields start after the last ')'
        int close = s.lastIndexOf(')');
        String[] f = s.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state); field n is f[n-3]
        return new Stat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[19]), Long.parseLong(f[21]));
    }

    /** True when pid is alive (not a zombie) and is the same process that started at startTicks. */
    public static boolean isSameLiveProcess(long pid, long startTicks) {
        return pid > 0 && stat(pid).filter(st -> !st.isZombie() && st.startTicks() == startTicks).isPresent();
    }

    public static boolean isAlive(long pid) {
        return pid > 0 && stat(pid).filter(st -> !st.isZombie()).isPresent();
    }

    /** One pass over /proc: every live process. Shared by a batch of stops so /proc is read once. */
    public static java.util.Map<Long, Stat> table() {
        java.util.Map<Long, Stat> out = new java.util.HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.isEmpty() || !Character.isDigit(n.charAt(0))) continue;
                stat(Long.parseLong(n)).filter(st -> !st.isZombie()).ifPresent(st -> out.put(st.pid(), st));
            }
        } catch (IOException e) {
            // /proc unreadable: an empty table
        }
        return out;
    }

    /** Every descendant of pid in a table (children, grandchildren, even those that left the group). */
    public static List<Stat> descendants(java.util.Map<Long, Stat> table, long pid) {
        java.util.Map<Long, List<Stat>> children = new java.util.HashMap<>();
        for (Stat st : table.values()) children.computeIfAbsent(st.ppid(), k -> new ArrayList<>()).add(st);
        List<Stat> out = new ArrayList<>();
        java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>(List.of(pid));
        while (!todo.isEmpty()) {
            for (Stat c : children.getOrDefault(todo.pop(), List.of())) {
                out.add(c);
                todo.push(c.pid());
            }
        }
        return out;
    }

}
