package jmon.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jmon.it.faults.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite, bounded for CI (a few trials of each scenario; bench/faults.sh runs many): every
 * figure of the table must be 0. The table is printed and written to target/fault-table.md.
 */
class FaultInjectionTest {
    @TempDir Path tmp;

    @Test
    @Timeout(3000)
    void everyFaultLeavesNoDuplicateNoOrphanNoLostAppNoLostByte() throws Exception {
        int trials = Integer.getInteger("jmon.faults.trials", 2);
        boolean full = Boolean.getBoolean("jmon.faults.full");
        List<Faults.Tally> tallies = Faults.all(tmp, trials, full);
        String table = Faults.table(tallies);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fault-table.md"), table);
        for (Faults.Tally t : tallies) assertTrue(t.clean(), "not clean:\n" + table);
    }
}
