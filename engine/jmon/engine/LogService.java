package jmon.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import jmon.api.AppSpec;
import jmon.api.JmonException;
import jmon.api.LogLine;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.ProcessInfo;
import jmon.api.Verb;
import jmon.engine.logs.LineRing;
import jmon.engine.logs.LogFiles;
import jmon.engine.logs.LogHub;
import jmon.engine.logs.PipeReactor;
import jmon.engine.logs.ProcessLogs;
import jmon.engine.supervise.ManagedProcess;
import jmon.engine.supervise.Supervisor;
import jmon.engine.time.Clock;

/**
 * Every process's output: its log files (with rotation), its in-memory ring, and the readers of both (history
 * merged by time, then live lines with no gap and no duplicate).
 */
final class LogService {
    private static final long LOG_IDLE_MS = 5_000;
    private static final long LOG_RESCAN_MS = 1_000;

    private final Path logsDir;
    private final EngineLoop loop;
    private final Clock clock;
    private final Supervisor supervisor;
    private final ProcessTable table;
    private final MetricsFeed metrics;
    private final ProcessLogs.Defaults defaults;
    private final PipeReactor pipes;
    private final BiFunction<Integer, String, Path> fifo;
    private final LogFiles files = new LogFiles();
    private final LogHub hub = new LogHub();

    LogService(Path logsDir, EngineLoop loop, Clock clock, Supervisor supervisor, ProcessTable table,
               MetricsFeed metrics, ProcessLogs.Defaults defaults, PipeReactor pipes,
               BiFunction<Integer, String, Path> fifo) {
        this.logsDir = logsDir;
        this.loop = loop;
        this.clock = clock;
        this.supervisor = supervisor;
        this.table = table;
        this.metrics = metrics;
        this.defaults = defaults;
        this.pipes = pipes;
        this.fifo = fifo;
    }

    /** Connects a new process's output FIFOs to its ring and log files. */
    void attach(ManagedProcess p) throws IOException {
        AppSpec s = p.spec();
        Path out = logPath(s, p.instanceId(), s.logs().outFile(), "out");
        Path err = logPath(s, p.instanceId(), s.logs().errorFile(), "error");
        Path combined = s.logs().logFile() == null ? null : logPath(s, p.instanceId(), s.logs().logFile(), "combined");
        supervisor.setLogPaths(p, out.toString(), err.toString());
        supervisor.setLogs(p, new ProcessLogs(s, p.pmId(), p.instanceId(), out, err, combined,
                fifo.apply(p.pmId(), "out"), fifo.apply(p.pmId(), "err"), files, hub, defaults, pipes));
    }

    private Path logPath(AppSpec s, int instanceId, String configured, String suffix) {
        boolean numbered = s.instances() > 1 && !s.logs().mergeLogs();
        if (configured != null) {
            if (configured.equals("/dev/null")) return Path.of(configured);
            Path p = Path.of(s.cwd()).resolve(configured);
            if (!numbered) return p;
            String f = p.getFileName().toString();
            int dot = f.lastIndexOf('.');
            String n = dot > 0 ? f.substring(0, dot) + "-" + instanceId + f.substring(dot) : f + "-" + instanceId;
            return p.resolveSibling(n);
        }
        return logsDir.resolve(s.namespace()).resolve(s.name() + (numbered ? "-" + instanceId : "") + "-" + suffix + ".log");
    }

    /** A deleted process: drain and close its output. */
    void release(ManagedProcess p) {
        ProcessLogs logs = supervisor.logs(p);
        if (logs != null) logs.close();
    }

    /** The daemon lets go: what the process writes stays in its FIFO for the next daemon. */
    void detach(ManagedProcess p) {
        ProcessLogs logs = supervisor.logs(p);
        if (logs != null) logs.detach();
    }

    /** Empties the log files and ring of each process. Engine thread. */
    void flush(List<ManagedProcess> ps) {
        for (ManagedProcess p : ps) supervisor.logs(p).flush();
    }

    /** Reopens every log file (after an outside tool moved them); how many. */
    int reopenAll() throws IOException { return files.reopenAll(); }

    void close() { files.close(); }

    /** A process being read by a log reader, with the reader's cursor in its ring. */
    private static final class Cursor {
        final ProcessInfo info;
        final LineRing ring;
        long next;

        Cursor(ProcessInfo info, LineRing ring, long next) {
            this.info = info;
            this.ring = ring;
            this.next = next;
        }
    }

    /** On the reader's thread, until the sink says stop. */
    void read(LogQuery q, LogSink sink) {
        Map<Integer, Cursor> cursors = new LinkedHashMap<>();
        // history: the last N lines of each process (of the streams asked for: filtered, then counted), merged by
        // time; a process whose ring has fewer than its files (N past the ring, or a daemon restart) is read from
        // its files, out then err as PM2 prints them
        int n = Math.max(0, q.lines());
        List<LogLine> history = new ArrayList<>();
        List<LogLine> fromFiles = new ArrayList<>();
        for (Cursor c : scan(q, cursors, true)) {
            LineRing.Slice slice = c.ring.read(c.ring.firstSeq(), Integer.MAX_VALUE);
            List<LineRing.Entry> wanted = new ArrayList<>();
            for (LineRing.Entry e : slice.entries()) if (wanted(q, e)) wanted.add(e);
            c.next = slice.next();
            if (n > 0 && wanted.size() < n) {
                List<LogLine> files = fileHistory(q, c.info, n);
                if (files.size() > wanted.size()) {
                    fromFiles.addAll(files);
                    continue;
                }
            }
            for (int i = Math.max(0, wanted.size() - n); i < wanted.size(); i++) history.add(line(c.info, wanted.get(i)));
        }
        history.sort(Comparator.comparingLong(LogLine::time).thenComparingLong(LogLine::seq));
        for (LogLine l : fromFiles) if (!sink.line(l)) return;
        for (LogLine l : history) if (!sink.line(l)) return;
        if (!q.follow()) return;
        long lastScan = System.currentTimeMillis();
        long lastSent = lastScan;
        try {
            while (true) {
                long gen = hub.generation();
                boolean any = false;
                for (Cursor c : cursors.values()) {
                    LineRing.Slice slice = c.ring.read(c.next, 1000);
                    if (slice.skipped() > 0) {
                        any = true;
                        if (!sink.line(new LogLine(-1, c.info.pmId(), c.info.namespace(), c.info.name(),
                                c.info.instanceId(), "jmon", clock.nowMs(), false, "[jmon] " + slice.skipped()
                                + " lines not shown (this reader was too slow); all are in " + c.info.outLogPath()
                                + " and " + c.info.errLogPath()))) return;
                    }
                    for (LineRing.Entry e : slice.entries()) {
                        any = true;
                        if (wanted(q, e) && !sink.line(line(c.info, e))) return;
                    }
                    c.next = slice.next();
                }
                long now = System.currentTimeMillis();
                if (any) lastSent = now;
                if (now - lastScan >= LOG_RESCAN_MS) {
                    scan(q, cursors, false); // processes started meanwhile join from their first line
                    lastScan = now;
                }
                if (!any) {
                    if (now - lastSent >= LOG_IDLE_MS) {
                        if (!sink.idle()) return;
                        lastSent = now;
                    }
                    hub.await(gen, LOG_RESCAN_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Adds processes in the query's scope that have no cursor yet; returns the new ones. */
    private List<Cursor> scan(LogQuery q, Map<Integer, Cursor> cursors, boolean strict) {
        return loop.call(() -> {
            List<ManagedProcess> ps;
            try {
                ps = TargetResolver.resolve(table.all(), q.selector(), Verb.START, true).processes();
            } catch (JmonException e) {
                if (strict) throw e;
                return List.<Cursor>of();
            }
            List<Cursor> added = new ArrayList<>();
            for (ManagedProcess p : ps) {
                if (cursors.containsKey(p.pmId()) || supervisor.logs(p) == null) continue;
                LineRing ring = supervisor.logs(p).ring();
                // a process that appears while following is read from its very first line (or told what it missed)
                Cursor c = new Cursor(metrics.info(p), ring, strict ? ring.nextSeq() : 0);
                cursors.put(p.pmId(), c);
                added.add(c);
            }
            return added;
        });
    }

    /** The last n lines of the process's out file, then of its err file (one file when they are the same). */
    private static List<LogLine> fileHistory(LogQuery q, ProcessInfo p, int n) {
        List<LogLine> out = new ArrayList<>();
        String outPath = p.outLogPath(), errPath = p.errLogPath();
        boolean merged = outPath != null && outPath.equals(errPath);
        if (q.out() || merged) addFile(out, p, outPath, merged ? "out" : "out", n);
        if (q.err() && !merged) addFile(out, p, errPath, "err", n);
        return out;
    }

    private static void addFile(List<LogLine> into, ProcessInfo p, String path, String stream, int n) {
        if (path == null || path.equals("/dev/null")) return;
        java.nio.file.Path file = java.nio.file.Path.of(path);
        long when;
        try {
            when = java.nio.file.Files.getLastModifiedTime(file).toMillis();
        } catch (java.io.IOException e) {
            return;
        }
        for (String text : jmon.engine.logs.LogFileTail.last(file, n)) {
            into.add(new LogLine(0, p.pmId(), p.namespace(), p.name(), p.instanceId(), stream, when, false, text));
        }
    }

    private static boolean wanted(LogQuery q, LineRing.Entry e) { return e.err() ? q.err() : q.out(); }

    private static LogLine line(ProcessInfo p, LineRing.Entry e) {
        return new LogLine(e.seq(), p.pmId(), p.namespace(), p.name(), p.instanceId(), e.err() ? "err" : "out",
                e.time(), e.split(), e.text());
    }
}
