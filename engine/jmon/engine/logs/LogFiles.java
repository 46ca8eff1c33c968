package jmon.engine.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Open log files shared by the streams that write to them (stdout and stderr into one {@code log_file}, or
 * several instances with {@code merge_logs}), counted so the last user closes the file.
 */
public final class LogFiles {
    private record Open(LogFileSink sink, int users) {}

    private final Map<Path, Open> open = new HashMap<>();

    public synchronized LogFileSink acquire(Path p) throws IOException {
        Open o = open.get(p);
        if (o == null) o = new Open(new LogFileSink(p), 0);
        open.put(p, new Open(o.sink(), o.users() + 1));
        return o.sink();
    }

    public synchronized void release(Path p) {
        Open o = open.get(p);
        if (o == null) return;
        if (o.users() <= 1) {
            open.remove(p);
            o.sink().close();
        } else {
            open.put(p, new Open(o.sink(), o.users() - 1));
        }
    }

    /** A sink writing each chunk to several files. Shared files are not closed by a stream's end. */
    public static ChunkSink tee(java.util.List<LogFileSink> sinks) {
        return chunk -> {
            for (LogFileSink s : sinks) s.accept(chunk.duplicate());
        };
    }
}
