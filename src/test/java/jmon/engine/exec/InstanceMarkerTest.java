package jmon.engine.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceMarkerTest {
    @TempDir Path tmp;

    @Test
    void formatsAndParsesBack() {
        InstanceMarker m = new InstanceMarker("0123456789ab", 7, 42);
        assertEquals("0123456789ab:7:42", m.format());
        assertEquals(m, InstanceMarker.parse(m.format()));
        assertNull(InstanceMarker.parse("nocolons"));
        assertNull(InstanceMarker.parse("abc:x:1"));
        assertNull(InstanceMarker.parse(":1:2"));
        assertNull(InstanceMarker.parse(null));
    }

    @Test
    void homeIdIsStableForOneFolderAndDiffersForAFolderMadeAnewAtThePath() throws Exception {
        Path h = Files.createDirectory(tmp.resolve("home"));
        String id = InstanceMarker.homeId(h);
        assertTrue(id.matches("[0-9a-f]{12}"), id);
        assertEquals(id, InstanceMarker.homeId(tmp.resolve("./home")));
        assertNotEquals(id, InstanceMarker.homeId(Files.createDirectory(tmp.resolve("other"))));
        // a placeholder keeps the old inode busy, so the new folder cannot get it back
        Files.move(h, tmp.resolve("moved"));
        Files.createDirectory(h);
        assertNotEquals(id, InstanceMarker.homeId(h));
    }

    @Test
    void findsTheVariableFirstMiddleOrNowhere() {
        assertEquals(14, MarkedProcesses.find(bytes("JMON_INSTANCE=a:1:1\0X=1\0")));
        byte[] mid = bytes("A=1\0JMON_INSTANCE=a:1:1\0");
        assertEquals("a:1:1", new String(mid, MarkedProcesses.find(mid), 5, StandardCharsets.US_ASCII));
        assertEquals(-1, MarkedProcesses.find(bytes("A=1\0XJMON_INSTANCE=a:1:1\0")));
        assertEquals(-1, MarkedProcesses.find(bytes("")));
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
