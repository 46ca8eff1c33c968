package jmon.engine.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import jmon.api.Caller;
import jmon.api.EngineEvent;
import jmon.api.HistoryEvent;
import jmon.api.HistoryQuery;
import jmon.api.ProbeResult;
import jmon.api.ProcessStatus;
import jmon.api.RunResult;
import jmon.engine.time.Clock;
import jmon.rpc.Json;

/**
 * The daemon's bounded history: {@code $JMON_HOME/history/history.jsonl}, one JSON line per {@link HistoryEvent},
 * rotated at {@link #SEGMENT_BYTES} into {@code history-<first seq>.jsonl}, the oldest deleted past
 * {@link #KEEP_ROTATED}. A file of its own rather than journal records: the journal is the daemon's crash-consistent
 * memory and is fsynced and retired by checkpoint; the history is what a person reads after the fact, written
 * without fsync (a crash loses at most the page cache's last lines), and kept by volume, not by checkpoint.
 * Appends are one write each, under this object's lock, from whatever thread reports.
 */
public final class History {
    public static final long SEGMENT_BYTES = 2L << 20;
    public static final int KEEP_ROTATED = 4;
    private static final String LIVE = "history.jsonl";

    private final Path dir;
    private final Clock clock;
    private FileChannel out;
    private long size;
    private long seq;
    private boolean failing;

    public History(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        this.seq = lastSeq(dir);
    }

    public Path dir() { return dir; }

    // ---- what the engine reports -------------------------------------------------------------------------

    /** A status change, a process added or removed. */
    public void onEvent(EngineEvent e) {
        if (e instanceof EngineEvent.StatusChanged s) {
            RunResult r = endsOrRestarts(s.to()) ? RunResult.of(s.reason(), s.exitCode(), s.signal()) : null;
            append(HistoryEvent.Kind.STATUS, s.at(), s.namespace(), s.name(), s.pmId(), wire(s.from()), wire(s.to()),
                    s.reason(), r, r == null ? null : r.prose(s.reason(), s.exitCode(), s.signal()), s.exitCode(),
                    s.signal(), null, null, null, null);
        } else if (e instanceof EngineEvent.ProcessAdded a) {
            append(HistoryEvent.Kind.ADDED, a.at(), a.namespace(), a.name(), a.pmId(), null, null, null, null, null,
                    null, null, null, null, null, null);
        } else if (e instanceof EngineEvent.ProcessRemoved r) {
            append(HistoryEvent.Kind.REMOVED, r.at(), r.namespace(), r.name(), r.pmId(), null, null, null, null, null,
                    null, null, null, null, null, null);
        }
    }

    private static boolean endsOrRestarts(ProcessStatus to) {
        return to == ProcessStatus.STOPPING || to == ProcessStatus.WAITING_RESTART || to.isHalted();
    }

    private static String wire(ProcessStatus s) { return s == null ? null : s.wire(); }

    /** The ready flag moved (notify or readiness probe). */
    public void readiness(int pmId, String namespace, String name, boolean ready, String why) {
        append(HistoryEvent.Kind.READINESS, clock.nowMs(), namespace, name, pmId, null, ready ? "ready" : "not ready",
                why, null, null, null, null, null, null, null, null);
    }

    /** A probe's answer changed from ok to failing or back (not every answer: a steady probe writes nothing). */
    public void probe(int pmId, String namespace, String name, boolean readiness, ProbeResult r) {
        append(HistoryEvent.Kind.PROBE, r.at() > 0 ? r.at() : clock.nowMs(), namespace, name, pmId,
                readiness ? "readiness" : "liveness", r.ok() ? "ok" : "failing", r.probe() + ": " + r.detail(), null,
                null, null, null, null, null, null, null);
    }

    /** A request that changes something, with its outcome and where it came from. */
    public void request(Caller c, String verb, String namespace, List<String> targets, String outcome) {
        append(HistoryEvent.Kind.REQUEST, clock.nowMs(), namespace, null, -1, null, null, outcome, null, null, null,
                null, c.user(), verb, targets == null ? List.of() : targets, c.context());
    }

    private synchronized void append(HistoryEvent.Kind kind, long at, String ns, String name, int pmId, String from,
                                     String to, String text, RunResult result, String prose, Integer exit,
                                     String signal, String user, String verb, List<String> targets,
                                     jmon.api.CallerContext ctx) {
        HistoryEvent e = new HistoryEvent(++seq, at, kind, ns, name, pmId, from, to, text, result, prose, exit, signal,
                user, verb, targets, ctx);
        // encoded and written off the caller's thread (the engine's, during a batch of spawns), in order, in batches:
        // one hand-off wakes the writer for every line queued meanwhile
        java.util.function.Consumer<Runnable> w = writer;
        if (w == null) {
            write(e);
            return;
        }
        queued.add(e);
        if (!flushScheduled) {
            flushScheduled = true;
            w.accept(this::flush);
        }
    }

    private final java.util.ArrayList<HistoryEvent> queued = new java.util.ArrayList<>();
    private boolean flushScheduled;

    private void flush() {
        java.util.List<HistoryEvent> batch;
        synchronized (this) {
            batch = new java.util.ArrayList<>(queued);
            queued.clear();
            flushScheduled = false;
        }
        for (HistoryEvent e : batch) write(e);
    }

    /** Where lines are encoded and written (the daemon's durability thread); null: on the caller's thread. */
    private volatile java.util.function.Consumer<Runnable> writer;

    public void writeOn(java.util.function.Consumer<Runnable> w) { this.writer = w; }

    private synchronized void write(HistoryEvent e) {
        byte[] line = (Json.write(e) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (out == null) open();
            if (size + line.length > SEGMENT_BYTES && size > 0) rotate();
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) size += out.write(b);
            failing = false;
        } catch (IOException ex) {
            if (!failing) System.err.println("jmon: history " + dir + ": " + ex.getMessage() + " (entries are lost until it can be written)");
            failing = true;
            closeQuietly();
        }
    }

    private void open() throws IOException {
        jmon.engine.Home.privateDir(dir);
        Path f = dir.resolve(LIVE);
        out = jmon.engine.Home.openPrivate(f, StandardOpenOption.APPEND); // 0600 from its creation, never a link
        size = out.size();
    }

    private void rotate() throws IOException {
        closeQuietly();
        Path live = dir.resolve(LIVE);
        Files.move(live, dir.resolve("history-" + pad(seq) + ".jsonl"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        List<Path> rotated = rotated(dir);
        for (int i = 0; i < rotated.size() - KEEP_ROTATED; i++) Files.deleteIfExists(rotated.get(i));
        open();
    }

    private static String pad(long n) {
        String s = Long.toString(n);
        return "0".repeat(Math.max(0, 20 - s.length())) + s;
    }

    private void closeQuietly() {
        try {
            if (out != null) out.close();
        } catch (IOException ignored) {
            // closing
        }
        out = null;
    }

    public synchronized void close() { closeQuietly(); }

    // ---- reading -------------------------------------------------------------------------------------------

    private static List<Path> rotated(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (var s = Files.newDirectoryStream(dir, "history-*.jsonl")) {
            for (Path p : s) out.add(p);
        }
        out.sort(null);
        return out;
    }

    private static List<Path> files(Path dir) throws IOException {
        List<Path> fs = rotated(dir);
        if (Files.exists(dir.resolve(LIVE))) fs.add(dir.resolve(LIVE));
        return fs;
    }

    private static long lastSeq(Path dir) {
        long last = 0;
        try {
            List<Path> fs = files(dir);
            for (int i = fs.size() - 1; i >= 0 && last == 0; i--) {
                List<String> lines = Files.readAllLines(fs.get(i));
                for (int j = lines.size() - 1; j >= 0; j--) {
                    HistoryEvent e = parse(lines.get(j));
                    if (e != null) {
                        last = e.seq();
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable history starts over at 1: the numbers are only for resuming a reader
        }
        return last;
    }

    private static HistoryEvent parse(String line) {
        try {
            return Json.read(line, HistoryEvent.class);
        } catch (IOException | RuntimeException e) {
            return null; // a torn last line after a crash, or a line from a newer daemon: skipped
        }
    }

    /** The entries the query selects, oldest first (the newest {@code limit} of them). */
    public List<HistoryEvent> read(HistoryQuery q) {
        int limit = q.limit() <= 0 ? 1000 : Math.min(q.limit(), HistoryQuery.MAX_LIMIT);
        ArrayDeque<HistoryEvent> keep = new ArrayDeque<>();
        List<Path> fs;
        synchronized (this) {
            try {
                fs = files(dir);
            } catch (IOException e) {
                return List.of();
            }
        }
        for (Path f : fs) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue; // rotated away meanwhile
            }
            for (String l : lines) {
                HistoryEvent e = parse(l);
                if (e == null || e.at() < q.sinceMs()) continue;
                if (q.namespace() != null && !q.namespace().equals(e.namespace())) continue;
                if (q.name() != null && !q.name().equals(e.name()) && !(e.kind() == HistoryEvent.Kind.REQUEST
                        && e.targets() != null && names(e.targets(), q.name()))) continue;
                keep.addLast(e);
                if (keep.size() > limit) keep.removeFirst();
            }
        }
        return new ArrayList<>(keep);
    }

    /** A request's targets name this app: {@code api}, {@code prod/api}, or a bulk {@code all}. */
    private static boolean names(List<String> targets, String name) {
        for (String t : targets) {
            if (t.equals(name) || t.endsWith("/" + name) || t.equals("all")) return true;
        }
        return false;
    }
}
