package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jmon.api.ErrorCode;
import jmon.api.IncidentInfo;
import jmon.api.JmonException;
import jmon.rpc.RpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Incident folders kept by a real daemon: created, written, read and listed through the API only. */
@Timeout(120)
class IncidentFilesTest {
    @TempDir Path tmp;

    @Test
    void createWriteReadListAndRefuseNamesThatLeaveTheFolder() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.ok("ping");
            try (RpcClient c = new RpcClient(j.home.resolve("jmon.sock"), "test")) {
                String id = c.createIncident("2026-12-02T150012Z-P2");
                assertEquals("2026-12-02T150012Z-P2", id);
                assertEquals("2026-12-02T150012Z-P2-2", c.createIncident("2026-12-02T150012Z-P2"));
                String big = "x".repeat(3_000_000) + "\n| a | b \"quoted\" \\ | — ✓ é 🙂\n";
                c.writeIncidentFile(id, "report.md", big);
                c.writeIncidentFile(id, "incident.json", "{\"id\":\"" + id + "\",\"severity\":\"P2\"}");
                c.writeIncidentFile(id, "update.md", "restoring");
                c.writeIncidentFile(id, "update.md", "resolved"); // rewritten at each stage
                assertEquals(big, c.readIncidentFile(id, "report.md"));
                assertEquals("resolved", c.readIncidentFile(id, "update.md"));
                List<IncidentInfo> all = c.incidents();
                assertEquals(2, all.size());
                assertEquals(List.of("incident.json", "report.md", "update.md"), all.get(0).files());
                assertTrue(all.get(0).summaryJson().contains("\"P2\""));
                assertTrue(Files.isRegularFile(j.home.resolve("incidents").resolve(id).resolve("report.md")));
                for (String[] bad : new String[][] {{"..", "x"}, {id, "../../jmon.pid"}, {id, ".hidden"}, {"a/b", "x"}, {id, ""}}) {
                    JmonException e = assertThrows(JmonException.class, () -> c.writeIncidentFile(bad[0], bad[1], "x"));
                    assertEquals(ErrorCode.BAD_REQUEST, e.code(), String.join(" ", bad));
                }
                assertEquals(ErrorCode.NOT_FOUND, assertThrows(JmonException.class, () -> c.writeIncidentFile("nope", "x.md", "x")).code());
                assertEquals(ErrorCode.NOT_FOUND, assertThrows(JmonException.class, () -> c.readIncidentFile(id, "none.md")).code());
                assertFalse(c.daemonLog(5).isEmpty());
            }
            var list = j.ok("incident", "list").out();
            assertTrue(list.contains("2026-12-02T150012Z-P2  P2  open"), list);
            assertTrue(list.contains("2026-12-02T150012Z-P2-2  (no summary)"), list);
            var show = j.ok("incident", "show", "2026-12-02T150012Z-P2").out();
            assertTrue(show.contains("| a | b \"quoted\""), show.length() > 200 ? show.substring(show.length() - 200) : show);
            assertEquals(2, j.run("incident", "show", "nope").code());
        }
    }
}
