package jmon.engine.history;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jmon.api.Caller;
import jmon.api.EngineEvent;
import jmon.api.HistoryEvent;
import jmon.api.HistoryQuery;
import jmon.api.ProcessStatus;
import jmon.api.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history file on its own (a fake clock): bounded by rotation, filtered by the query, resumed after a restart. */
class HistoryTest {
    @TempDir Path dir;

    private long rotated() throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("history-")).count();
        }
    }

    @Test
    void rotatesKeepsABoundedNumberOfFilesAndResumesItsNumbering() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        History h = new History(dir, now::get);
        String longReason = "r".repeat(1000);
        int n = 0;
        while (rotated() < History.KEEP_ROTATED && n < 100_000) {
            h.onEvent(new EngineEvent.StatusChanged(n % 7, "prod", "app" + (n % 7), ProcessStatus.ONLINE,
                    ProcessStatus.WAITING_RESTART, longReason, 1, null, now.incrementAndGet()));
            n++;
        }
        // at most KEEP_ROTATED rotated files and the live one, whatever was written
        for (int i = 0; i < 3000; i++) {
            h.onEvent(new EngineEvent.ProcessAdded(1, "prod", "app1", now.incrementAndGet()));
        }
        for (int i = 0; i < 20_000; i++) {
            h.onEvent(new EngineEvent.StatusChanged(n % 7, "prod", "app" + (n % 7), ProcessStatus.ONLINE,
                    ProcessStatus.WAITING_RESTART, longReason, 1, null, now.incrementAndGet()));
            n++;
        }
        assertEquals(History.KEEP_ROTATED, rotated(), "rotated past the cap: the oldest are deleted");
        long bytes = 0;
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) bytes += Files.size(p);
        }
        assertTrue(bytes <= (History.KEEP_ROTATED + 1) * History.SEGMENT_BYTES, bytes + " bytes");

        List<HistoryEvent> app3 = h.read(new HistoryQuery("prod", "app3", 0, 10));
        assertEquals(10, app3.size());
        for (HistoryEvent e : app3) {
            assertEquals("app3", e.name());
            assertEquals(RunResult.EXIT_CODE, e.result());
            assertEquals("exited with code 1", e.prose());
        }
        assertTrue(app3.get(0).seq() < app3.get(9).seq(), "oldest first");
        long last = h.read(new HistoryQuery(null, null, 0, 1)).get(0).seq();
        assertEquals(0, h.read(new HistoryQuery(null, null, now.get() + 1, 0)).size());
        h.close();

        History again = new History(dir, now::get);
        again.request(new Caller("alice", null, false), "stop", "prod", List.of("all"), "ok");
        HistoryEvent req = again.read(new HistoryQuery("prod", "app5", 0, 1)).get(0); // "all" names every app
        assertEquals(last + 1, req.seq());
        assertEquals(HistoryEvent.Kind.REQUEST, req.kind());
        assertEquals("alice", req.user());
        again.close();
    }

    @Test
    void aTornLastLineIsSkipped() throws Exception {
        History h = new History(dir, () -> 5);
        h.readiness(1, "prod", "api", true, "ready (READY=1)");
        h.close();
        Files.writeString(dir.resolve("history.jsonl"), "{\"seq\":2,\"at\":6,\"ki", java.nio.file.StandardOpenOption.APPEND);
        History again = new History(dir, () -> 7);
        List<HistoryEvent> all = again.read(new HistoryQuery(null, null, 0, 0));
        assertEquals(1, all.size());
        assertEquals("ready", all.get(0).to());
        again.close();
    }
}
