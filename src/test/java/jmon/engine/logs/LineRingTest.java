package jmon.engine.logs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring starts small, grows while a process writes, then keeps exactly the newest lines its limits allow. */
class LineRingTest {
    private static void add(LineRing r, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        r.append(b, 0, b.length, 7, false, false);
    }

    private static List<String> texts(List<LineRing.Entry> es) {
        List<String> out = new ArrayList<>();
        for (LineRing.Entry e : es) out.add(e.text());
        return out;
    }

    @Test
    void growingKeepsEveryLineAndItsSequenceThenTheLineLimitEvictsTheOldest() {
        LineRing r = new LineRing(1000, 1 << 20);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            String s = "line-" + i;
            all.add(s);
            add(r, s);
            if (i == 20 || i == 500) assertEquals(all, texts(r.since(0, 10_000)), "after " + (i + 1) + " lines");
        }
        assertEquals(all.subList(1500, 2500), texts(r.since(0, 10_000)));
        assertEquals(1500, r.firstSeq());
        assertEquals(2500, r.nextSeq());
        assertEquals(List.of("line-2498", "line-2499"), texts(r.last(2)));
        assertEquals(1500, r.read(0, 1).skipped());
    }

    @Test
    void theByteBudgetEvictsOldLinesAndBatchesAppendLikeSingleLines() {
        LineRing r = new LineRing(1000, 1024);
        byte[] chunk = "aaaa\nbbbb\ncccc\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 100; i++) r.appendLines(chunk, new int[] {0, 5, 10}, new int[] {4, 4, 4}, 3, i, true);
        List<LineRing.Entry> kept = r.since(0, 10_000);
        assertEquals(256, kept.size(), "1024 bytes hold 256 lines of 4 bytes");
        assertEquals(List.of("bbbb", "cccc"), texts(kept.subList(kept.size() - 2, kept.size())));
        assertTrue(kept.get(0).err());
        assertEquals(300, r.nextSeq());
    }
}
