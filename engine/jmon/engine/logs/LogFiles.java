package jmon.engine.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Every open log file of the daemon, shared by the streams that write to it (stdout and stderr into one
 * {@code log_file}, instances with {@code merge_logs}) and counted so the last user closes it. Owns the one
 * background thread that compresses rotated files.
 */
public final class LogFiles implements AutoCloseable {
    private record Open(RotatingFile file, int users) {}

    private final Map<Path, Open> open = new HashMap<>();
    private final ExecutorService compressor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "jmon-log-compress", 256 * 1024);
        t.setDaemon(true);
        return t;
    });

    public synchronized RotatingFile acquire(Path p, long maxSize, int retain) throws IOException {
        return acquire(p, maxSize, retain, LogAccess.PRIVATE);
    }

    /** @param access mode, group and link rule of a file opened now (a file already open keeps its own) */
    public synchronized RotatingFile acquire(Path p, long maxSize, int retain, LogAccess access) throws IOException {
        Open o = open.get(p);
        if (o == null) o = new Open(new RotatingFile(p, maxSize, retain, compressor, access), 0);
        open.put(p, new Open(o.file(), o.users() + 1));
        o.file().users = o.users() + 1;
        return o.file();
    }

    public synchronized void release(Path p) {
        Open o = open.get(p);
        if (o == null) return;
        if (o.users() <= 1) {
            open.remove(p);
            o.file().close();
        } else {
            open.put(p, new Open(o.file(), o.users() - 1));
            o.file().users = o.users() - 1;
        }
    }

    /** Reopens every file (after an outside tool moved them: {@code jmon reloadLogs}). */
    public synchronized int reopenAll() throws IOException {
        for (Open o : open.values()) o.file().reopen();
        return open.size();
    }

    /** Waits (bounded) for pending compressions, e.g. before the daemon exits. */
    @Override
    public void close() {
        compressor.shutdown();
        try {
            compressor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
