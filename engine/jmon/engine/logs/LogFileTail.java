package jmon.engine.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The last lines of a log file, read backwards from its end: what {@code logs --lines N} shows when N is more than
 * the ring holds (PM2 reads its files the same way). Bounded by bytes so a huge line-less file cannot eat memory.
 */
public final class LogFileTail {
    /** At most this much of a file is read for one request (64 MiB). */
    public static final long MAX_BYTES = 64L << 20;

    private LogFileTail() {}

    /** Up to {@code n} last lines, oldest first; empty when the file is missing or unreadable. */
    public static List<String> last(Path file, int n) {
        if (n <= 0 || file == null || !Files.isRegularFile(file)) return List.of();
        List<String> out = new ArrayList<>(Math.min(n, 4096));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long end = f.length();
            long pos = end;
            long budget = MAX_BYTES;
            byte[] chunk = new byte[64 * 1024];
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            List<byte[]> pending = new ArrayList<>(); // the bytes of the line being assembled, last chunk first
            boolean skipTrailingNewline = true;
            while (pos > 0 && out.size() < n && budget > 0) {
                int len = (int) Math.min(chunk.length, Math.min(pos, budget));
                pos -= len;
                budget -= len;
                f.seek(pos);
                f.readFully(chunk, 0, len);
                int lineEnd = len;
                for (int i = len - 1; i >= 0 && out.size() < n; i--) {
                    if (chunk[i] != '\n') continue;
                    if (skipTrailingNewline && pos + i == end - 1) { // the file's final newline ends the last line
                        lineEnd = i;
                        skipTrailingNewline = false;
                        continue;
                    }
                    skipTrailingNewline = false;
                    out.add(text(chunk, i + 1, lineEnd, pending, line));
                    lineEnd = i;
                }
                skipTrailingNewline = false;
                if (out.size() < n && lineEnd > 0) pending.add(java.util.Arrays.copyOfRange(chunk, 0, lineEnd));
            }
            if (out.size() < n && pos == 0 && !pending.isEmpty()) out.add(text(new byte[0], 0, 0, pending, line));
        } catch (IOException e) {
            return List.of();
        }
        Collections.reverse(out);
        return out;
    }

    /** chunk[from, to) followed by the pending parts (which came later in the file), as one line. */
    private static String text(byte[] chunk, int from, int to, List<byte[]> pending, java.io.ByteArrayOutputStream buf) {
        buf.reset();
        buf.write(chunk, from, to - from);
        for (int i = pending.size() - 1; i >= 0; i--) buf.write(pending.get(i), 0, pending.get(i).length);
        pending.clear();
        String s = buf.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
