package jmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Damaged files never keep the daemon from supervising: each falls back, is kept aside, and is said once. */
@Timeout(120)
class CorruptFilesTest {
    @TempDir Path tmp;

    private static boolean anyAside(Path dir, String prefix) throws Exception {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(prefix + ".corrupt-"));
        }
    }

    @Test
    void aDamagedDumpResurrectsFromItsPreviousVersion() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.write("a.json", """
                    {"namespace":"alpha","apps":[{"name":"one","script":"sleep","args":["1000"],"kill_timeout":300}]}""");
            j.write("b.json", """
                    {"namespace":"alpha","apps":[{"name":"two","script":"sleep","args":["1000"],"kill_timeout":300}]}""");
            j.ok("start", "a.json");
            j.ok("save", "-n", "alpha");
            j.ok("start", "b.json");
            j.ok("save", "-n", "alpha"); // the first save is kept in dumps/alpha/
            Path dump = j.home.resolve("dump-alpha.json");
            byte[] b = Files.readAllBytes(dump);
            Files.write(dump, java.util.Arrays.copyOf(b, b.length / 2));
            j.ok("delete", "all", "-n", "alpha");
            Jmon.Result r = j.ok("resurrect", "-n", "alpha");
            assertTrue(r.all().contains("dump-alpha.json was damaged"), r.all());
            assertEquals("online", j.status("alpha", "one"), "the earlier version's app came back");
            assertTrue(anyAside(j.home, "dump-alpha.json"), "the damaged dump is kept aside");
            assertTrue(Files.size(dump) > 0 && j.run("resurrect", "-n", "alpha", "--dry-run").code() == 0,
                    "the restored version replaced the damaged one");
        }
    }

    @Test
    void damagedStateFilesAndFreezesNeverStopTheDaemon() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.write("a.json", """
                    {"namespace":"alpha","apps":[{"name":"one","script":"sleep","args":["1000"],"kill_timeout":300}]}""");
            j.ok("start", "a.json");
            long pid = j.proc("alpha", "one").get("pid").asLong();
            j.ok("freeze", "-n", "alpha", "--reason", "test");
            long d = j.daemonPid();
            ProcessHandle.of(d).ifPresent(ProcessHandle::destroyForcibly);
            j.awaitDaemonGone(d);
            Files.writeString(j.home.resolve("state.json"), "{\"version\":2,\"nextPmId\":1,\"proc");
            Files.writeString(j.home.resolve("freezes.json"), "[{\"namespace\":");
            j.ok("ping");
            assertEquals(pid, j.proc("alpha", "one").get("pid").asLong(), "re-adopted from the journal");
            assertTrue(anyAside(j.home, "state.json"), "the damaged checkpoint is kept aside");
            assertTrue(anyAside(j.home, "freezes.json"), "the damaged freezes file is kept aside");
            String log = Files.readString(j.home.resolve("jmon.log"));
            assertTrue(log.contains("state.json is damaged"), log);
            assertTrue(log.contains("NO namespace is frozen now"), log);
        }
    }
}
