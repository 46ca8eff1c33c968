package jmon.cli.render;

import static jmon.format.Fixtures.NOW;
import static jmon.format.Fixtures.online;
import static jmon.format.Fixtures.strip;
import static org.junit.jupiter.api.Assertions.*;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import jmon.api.LogWriteState;
import jmon.api.ProcessInfo;
import jmon.http.Prometheus;
import org.junit.jupiter.api.Test;

/** Log files that cannot be written show in list, describe and /metrics; nothing shows while they can. */
public class LogTroubleRenderTest {
    public static ProcessInfo troubled(ProcessInfo p, LogWriteState w) {
        return new ProcessInfo(p.pmId(), p.namespace(), p.name(), p.instanceId(), p.status(), p.desired(), p.pid(),
                p.ready(), p.restarts(), p.unstableRestarts(), p.startedAt(), p.createdAt(), p.lastExitCode(),
                p.lastSignal(), p.reason(), p.outLogPath(), p.errLogPath(), p.cpu(), p.memory(), p.spec(), p.health(),
                p.members(), w);
    }

    static final LogWriteState FULL = new LogWriteState("/var/log/a-out.log: write: No space left on device (errno 28)",
            1_048_576, 1_700_000_000_000L); // 22:13:20 UTC

    @Test
    void listMarksTheStatusAndStillFitsEightyColumns() {
        List<ProcessInfo> ps = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ProcessInfo p = online(i, "production-eu-west-1-payments", "a-very-long-application-name-" + i);
            ps.add(i % 2 == 0 ? troubled(p, FULL) : p);
        }
        for (boolean colour : new boolean[] {false, true}) {
            String out = ListTable.render(ps, new ListTable.Options(80, false, colour, NOW));
            List<String> lines = List.of(strip(out).split("\n"));
            for (String l : lines) assertTrue(Text.width(l) <= 80, "wider than 80: " + l);
            assertEquals(6, lines.stream().filter(l -> l.contains("online !log")).count(), out);
            assertEquals(6, lines.stream().filter(l -> l.contains("online ") && !l.contains("!log")).count(), out);
        }
        assertFalse(ListTable.render(List.of(online(1, "p", "api")), ListTable.Options.plain(NOW)).contains("!log"));
    }

    @Test
    void describeSaysSinceWhenWhatAndHowMuch() {
        String out = Describe.render(troubled(online(7, "prod", "api"), FULL), false, NOW, ZoneId.of("UTC"));
        assertTrue(out.contains("  log files  ") || out.matches("(?s).*\\n  log files +NOT.*"), out);
        assertTrue(out.contains("NOT WRITTEN since 22:13:20: /var/log/a-out.log: write: No space left on device"
                + " (errno 28), 1048576 bytes lost to the files (kept in memory: the last lines)"), out);
        assertFalse(Describe.render(online(7, "prod", "api"), false, NOW, ZoneId.of("UTC")).contains("log files"));
    }

    @Test
    void metricsHaveAGaugeForTheTroubleAndTheBytesNotWritten() {
        String m = Prometheus.render(List.of(troubled(online(1, "prod", "api"), FULL), online(2, "prod", "web")), null);
        assertTrue(m.contains("# TYPE jmon_log_write_failing gauge"), m);
        assertTrue(m.contains("# TYPE jmon_log_bytes_not_written gauge"), m);
        assertTrue(m.matches("(?s).*jmon_log_write_failing\\{[^}]*name=\"api\"[^}]*} 1\\n.*"), m);
        assertTrue(m.matches("(?s).*jmon_log_write_failing\\{[^}]*name=\"web\"[^}]*} 0\\n.*"), m);
        assertTrue(m.matches("(?s).*jmon_log_bytes_not_written\\{[^}]*name=\"api\"[^}]*} 1048576\\n.*"), m);
    }
}
