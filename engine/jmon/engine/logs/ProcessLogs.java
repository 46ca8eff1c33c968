package jmon.engine.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import jmon.api.AppSpec;
import jmon.api.LogWriteState;
import jmon.api.LogSpec;
import jmon.engine.exec.Posix;

/**
 * The output side of one managed process: its two FIFOs and their pumps, its line ring, its log files. Lives
 * as long as the process is managed (across restarts; the same FIFOs serve every spawn).
 */
public final class ProcessLogs implements AutoCloseable {
    /** Daemon-wide defaults (config.json), used where an app sets none. */
    /** @param access who may read the files, and where no link is followed ({@link LogAccess}) */
    public record Defaults(long maxSize, int retain, int ringLines, int ringBytes, LogAccess access) {
        public Defaults {
            access = access == null ? LogAccess.PRIVATE : access;
        }

        public Defaults(long maxSize, int retain, int ringLines, int ringBytes) {
            this(maxSize, retain, ringLines, ringBytes, LogAccess.PRIVATE);
        }

        public static Defaults standard() { return new Defaults(10L * 1024 * 1024, 10, 1000, 256 * 1024); }

        /** The same with links refused inside {@code home} (the daemon's). */
        public Defaults within(java.nio.file.Path home) {
            return new Defaults(maxSize, retain, ringLines, ringBytes, access.within(home));
        }
    }

    private final LineRing ring;
    private final LogFiles files;
    private final LogAccess access;
    private final List<Path> acquired = new ArrayList<>();
    private final List<RotatingFile> outFiles = new ArrayList<>();
    private final List<RotatingFile> errFiles = new ArrayList<>();
    private final List<PipeReactor.Pipe> pumps = new ArrayList<>();
    private final Path outPath;
    private final Path errPath;

    public ProcessLogs(AppSpec spec, int pmId, int instanceId, Path outPath, Path errPath, Path combined,
                       Path outFifo, Path errFifo, LogFiles files, LogHub hub, Defaults d, PipeReactor pipes)
            throws IOException {
        this.files = files;
        this.access = d.access();
        this.outPath = outPath;
        this.errPath = errPath;
        this.ring = new LineRing(d.ringLines(), d.ringBytes());
        LogSpec ls = spec.logs();
        long max = ls.maxSize() > 0 ? ls.maxSize() : d.maxSize();
        int retain = ls.retain() > 0 ? ls.retain() : d.retain();
        outFiles.add(acquire(outPath, max, retain));
        errFiles.add(acquire(errPath, max, retain));
        if (combined != null) {
            RotatingFile c = acquire(combined, max, retain);
            outFiles.add(c);
            errFiles.add(c);
        }
        outFiles.removeIf(RotatingFile::isDiscard);
        errFiles.removeIf(RotatingFile::isDiscard);
        LineFormat outFmt = format(spec, instanceId);
        LineFormat errFmt = format(spec, instanceId);
        Posix.mkfifo(outFifo);
        Posix.mkfifo(errFifo);
        pumps.add(pipes.open(outFifo, new StreamRouter(false, ring, outFiles, outFmt, hub::signal,
                System::currentTimeMillis)));
        pumps.add(pipes.open(errFifo, new StreamRouter(true, ring, errFiles, errFmt, hub::signal,
                System::currentTimeMillis)));
    }

    private static LineFormat format(AppSpec s, int instanceId) {
        LogSpec ls = s.logs();
        if (ls.isJson()) return LineFormat.json(s.namespace(), s.name(), instanceId);
        if (ls.time() || ls.logDateFormat() != null) return LineFormat.timed(ls.logDateFormat(), ZoneId.systemDefault());
        return LineFormat.raw();
    }

    private RotatingFile acquire(Path p, long max, int retain) throws IOException {
        acquired.add(p);
        return files.acquire(p, max, retain, access);
    }

    public LineRing ring() { return ring; }

    public Path outPath() { return outPath; }

    public Path errPath() { return errPath; }

    /**
     * Null while every file of this process is written; otherwise the first failing file's error, the earliest
     * start of trouble and the bytes its failing files did not get (the ring still has the lines).
     */
    public LogWriteState writeState() {
        String error = null;
        long since = Long.MAX_VALUE, lost = 0;
        for (RotatingFile f : distinctFiles()) {
            LogWriteState t = f.trouble();
            if (t == null) continue;
            if (error == null) error = f.path() + ": " + t.error();
            since = Math.min(since, t.since());
            lost += t.bytesNotWritten();
        }
        return error == null ? null : new LogWriteState(error, lost, since);
    }

    private List<RotatingFile> distinctFiles() {
        List<RotatingFile> all = new ArrayList<>(outFiles);
        for (RotatingFile f : errFiles) if (!all.contains(f)) all.add(f);
        return all;
    }

    /** Empties this process's files and ring (flush). */
    public void flush() {
        for (RotatingFile f : outFiles) f.truncate();
        for (RotatingFile f : errFiles) if (!outFiles.contains(f)) f.truncate();
        ring.clear();
    }

    /** Drains and stops the pumps, removes the FIFOs, releases the files. */
    @Override
    public void close() {
        for (PipeReactor.Pipe p : pumps) {
            p.close(true);
            try {
                Files.deleteIfExists(p.path());
            } catch (IOException ignored) {
                // a stale FIFO is harmless: it is recreated on the next use of this id
            }
        }
        for (Path p : acquired) files.release(p);
    }

    /** Stops the pumps but keeps the FIFOs: the daemon is going away and a new one will reopen them. */
    public void detach() {
        for (PipeReactor.Pipe p : pumps) p.close(false);
        for (Path p : acquired) files.release(p);
    }
}
