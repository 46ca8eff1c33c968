package jmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `jmon kill` (and SIGTERM to the daemon) stops in the reverse of the start order: the API before its database. */
@Timeout(60)
class OrderedShutdownTest {
    @TempDir Path tmp;

    @Test
    void dependentsAndLaterPrioritiesStopFirstEachLevelWholeBeforeTheNext() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Path stops = tmp.resolve("stops");
            Path app = j.script("app.sh", "trap 'echo \"$JMON_NAME start $(date +%s%N)\" >> " + stops
                    + "; sleep 0.3; echo \"$JMON_NAME end $(date +%s%N)\" >> " + stops + "; exit 0' INT\n"
                    + "while :; do sleep 0.05 & wait $!; done");
            j.write("eco.json", "{\"namespace\":\"shop\",\"apps\":["
                    + "{\"name\":\"db\",\"script\":\"" + app + "\",\"priority\":1,\"kill_timeout\":3000},"
                    + "{\"name\":\"api\",\"script\":\"" + app + "\",\"priority\":2,\"kill_timeout\":3000,"
                    + "\"depends_on\":[\"db\"]},"
                    + "{\"name\":\"worker\",\"script\":\"" + app + "\",\"priority\":3,\"kill_timeout\":3000}]}");
            j.ok("start", "eco.json");
            Jmon.await("all online", 10_000, () -> "online".equals(j.status("shop", "worker"))
                    && "online".equals(j.status("shop", "api")) && "online".equals(j.status("shop", "db")));
            j.ok("kill");
            var lines = Files.readAllLines(stops);
            assertEquals(6, lines.size(), lines.toString());
            long apiEnd = stamp(lines, "api end"), dbStart = stamp(lines, "db start");
            long workerEnd = stamp(lines, "worker end"), apiStart = stamp(lines, "api start");
            assertTrue(apiEnd <= dbStart, "the database is told to stop only after the API that depends on it ended: " + lines);
            assertTrue(workerEnd <= apiStart, "priority 3 stops before priority 2: " + lines);
        }
    }

    private static long stamp(java.util.List<String> lines, String what) {
        return lines.stream().filter(l -> l.startsWith(what + " ")).map(l -> Long.parseLong(l.substring(what.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(what + " missing: " + lines));
    }
}
