package jmon.engine.incident;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The last lines of a log file, read from its end (the daemon's jmon.log may be large). */
public final class LogTail {
    private LogTail() {}

    public static List<String> of(Path f, int lines) {
        if (lines <= 0) return List.of();
        if (!Files.exists(f)) return List.of("(no " + f.getFileName() + ")");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
            long len = r.length();
            long from = Math.max(0, len - 256L * 1024); // 256 KiB holds far more than 1000 daemon lines
            byte[] b = new byte[(int) (len - from)];
            r.seek(from);
            r.readFully(b);
            String[] all = new String(b, StandardCharsets.UTF_8).split("\n", -1);
            int end = all.length > 0 && all[all.length - 1].isEmpty() ? all.length - 1 : all.length;
            int start = Math.max(from > 0 ? 1 : 0, end - lines); // the first line of a cut read is partial
            List<String> out = new ArrayList<>();
            for (int i = start; i < end; i++) out.add(all[i]);
            return out;
        } catch (IOException e) {
            return List.of("(" + f.getFileName() + ": " + e.getMessage() + ")");
        }
    }
}
