package jmon.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jmon.engine.exec.ProcFs;

/** What a real-process test asks of /proc: processes by their exact command line, zombie children. */
final class Procs {
    private Procs() {}

    /** Live (not zombie) processes whose command line, NULs as spaces, equals {@code command}. */
    static List<Long> live(String command) {
        List<Long> out = new ArrayList<>();
        for (long pid : all()) {
            if (command.equals(cmdline(pid)) && ProcFs.isAlive(pid)) out.add(pid);
        }
        return out;
    }

    /** Zombie children of {@code parent}. */
    static List<Long> zombieChildren(long parent) {
        List<Long> out = new ArrayList<>();
        for (long pid : all()) {
            ProcFs.stat(pid).filter(st -> st.ppid() == parent && st.isZombie()).ifPresent(st -> out.add(pid));
        }
        return out;
    }

    static String cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(b, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    static String environ(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills every live process with this command line (a failed test's leftovers). */
    static void killAll(String command) {
        for (long pid : live(command)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    private static List<Long> all() {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && Character.isDigit(n.charAt(0))) out.add(Long.parseLong(n));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
