package jmon.it.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jmon.engine.exec.ProcFs;

/**
 * The kernel's count of one home's app processes, independent of jmon: every live (not zombie) session leader
 * whose environment says it was started for that JMON_HOME (each app runs in a session of its own), grouped by "namespace/name#instance". A duplicate is an
 * app with two of them; an orphan is one jmon does not report.
 */
public final class Census {
    private Census() {}

    public static Map<String, List<Long>> of(Path home) {
        Map<String, List<Long>> out = new TreeMap<>();
        String homeVar = "JMON_HOME=" + home;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.isEmpty() || !Character.isDigit(n.charAt(0))) continue;
                long pid = Long.parseLong(n);
                String env;
                try {
                    env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    continue;
                }
                String name = null, ns = null, inst = "0";
                boolean ours = false;
                for (String kv : env.split("\0")) {
                    if (kv.equals(homeVar)) ours = true;
                    else if (kv.startsWith("JMON_NAME=")) name = kv.substring(10);
                    else if (kv.startsWith("JMON_NAMESPACE=")) ns = kv.substring(15);
                    else if (kv.startsWith("JMON_INSTANCE_ID=")) inst = kv.substring(17);
                }
                // an app's main process leads its own session; its children (a shell's sleep) are not copies
                if (!ours || name == null || !ProcFs.stat(pid).filter(st -> !st.isZombie() && st.session() == pid).isPresent()) {
                    continue;
                }
                out.computeIfAbsent(ns + "/" + name + "#" + inst, k -> new ArrayList<>()).add(pid);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Processes beyond the first of each app. */
    public static int duplicates(Map<String, List<Long>> census) {
        return census.values().stream().mapToInt(l -> Math.max(0, l.size() - 1)).sum();
    }

    public static int total(Map<String, List<Long>> census) {
        return census.values().stream().mapToInt(List::size).sum();
    }
}
