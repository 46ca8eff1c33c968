package jmon.engine.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last lines of real files, across chunk boundaries, with and without a final newline. */
class LogFileTailTest {
    @TempDir Path tmp;

    @Test
    void lastLines() throws Exception {
        Path f = tmp.resolve("a.log");
        Files.writeString(f, "one\ntwo\nthree\n");
        assertEquals(List.of("two", "three"), LogFileTail.last(f, 2));
        assertEquals(List.of("one", "two", "three"), LogFileTail.last(f, 10));
        Files.writeString(f, "one\ntwo\nno newline");
        assertEquals(List.of("two", "no newline"), LogFileTail.last(f, 2));
        Files.writeString(f, "only");
        assertEquals(List.of("only"), LogFileTail.last(f, 5));
        Files.writeString(f, "");
        assertEquals(List.of(), LogFileTail.last(f, 5));
        Files.writeString(f, "a\n\nb\r\n");
        assertEquals(List.of("a", "", "b"), LogFileTail.last(f, 5));
        assertEquals(List.of(), LogFileTail.last(tmp.resolve("missing.log"), 5));
    }

    @Test
    void linesAcrossChunks() throws Exception {
        List<String> lines = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            String l = i + ":" + "é".repeat(i % 97) + "x".repeat((i * 31) % 200);
            lines.add(l);
            sb.append(l).append('\n');
        }
        lines.add("y".repeat(200_000)); // one line longer than several chunks
        sb.append(lines.get(lines.size() - 1)).append('\n');
        Path f = tmp.resolve("b.log");
        Files.writeString(f, sb.toString());
        assertEquals(lines, LogFileTail.last(f, 5000));
        assertEquals(lines.subList(lines.size() - 1500, lines.size()), LogFileTail.last(f, 1500));
    }
}
