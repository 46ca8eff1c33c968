package jmon.rpc;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.DaemonInfo;
import jmon.api.EngineEvent;
import jmon.api.ErrorCode;
import jmon.api.EventSink;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.LogLine;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.MetricSample;
import jmon.api.ProcessInfo;
import jmon.api.SaveResult;
import jmon.api.Selector;
import jmon.api.Verb;

/**
 * The API over a byte stream to the daemon: its Unix socket, or any pair of streams that reach one (a child
 * process such as {@code ssh host jmon rpc --stdio}). One connection, opened on first use; one round trip per
 * call (the hello and the first request go out together). Uses {@link LiteJson}, not databind, so a CLI command starts fast;
 * its lines are written by {@link RequestWriter} and read by {@link AnswerReader}, without Jackson.
 */
public final class RpcClient implements JmonApi, AutoCloseable {
    /** An open connection: what to read, what to write, and how to hang up. */
    public record Connection(java.io.InputStream in, OutputStream out, AutoCloseable closer) {}

    /** Opens a connection; throws a {@link JmonException} (UNREACHABLE) when it cannot. */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws IOException;
    }

    private final String where;
    private final Connector connector;
    private final String clientVersion;
    private AutoCloseable ch;
    private AnswerReader in;
    private OutputStream out;
    private long nextId = 1;
    private boolean helloSeen;
    /** When the connection was last written to: the daemon closes connections idle past rpc.idle_timeout_ms. */
    private long lastUsed;
    private static final long REUSE_NS = java.util.concurrent.TimeUnit.SECONDS.toNanos(50);
    private String freezeToken;
    private boolean overrideFreeze;

    /**
     * How long a request may wait for its answer. {@code ordinaryMs} for most requests, {@code waitingMs} for those
     * that wait on processes (start, stop/restart/reload/delete, resurrect, kill); 0 = no limit. A stream
     * ({@code logs -f}, events) is never cut while lines or idle signals arrive: its limit counts from the last
     * message, and is at least {@link #STREAM_GAP_MIN_MS} (the daemon sends an idle signal every 5 s).
     *
     * @param pid the daemon's pid for the message, 0 when unknown (read only when the deadline passes)
     */
    public record Deadline(long ordinaryMs, long waitingMs, java.util.function.LongSupplier pid) {}

    public static final long STREAM_GAP_MIN_MS = 15_000;

    /** Operations whose answer waits on processes starting or stopping. */
    static final java.util.Set<String> WAITING_OPS = java.util.Set.of("start", "act", "resurrect", "kill", "scale", "hooksTest"); // hooksTest waits on the hooks it fires

    private Deadline deadline;

    /** Limits every request from now on (see {@link Deadline}). */
    public RpcClient withDeadline(Deadline d) {
        this.deadline = d;
        return this;
    }

    /** One armed deadline: closes the connection when it passes, so the blocked read returns. */
    private final class Watchdog {
        final long ms;
        final long due;
        final AutoCloseable target;
        volatile boolean fired;

        Watchdog(long ms) {
            this.ms = ms;
            this.target = ch;
            this.due = System.nanoTime() + ms * 1_000_000L;
            if (ms > 0 && target != null) DeadlineTimer.arm(this);
        }

        void fire() {
            fired = true;
            try {
                target.close();
            } catch (Exception ignored) {
                // already closed
            }
        }

        void disarm() { if (ms > 0 && target != null) DeadlineTimer.disarm(this); }
    }

    /**
     * One daemon thread for every client's deadlines, started with the first one, so it never keeps a CLI alive.
     * Plain monitor code on purpose: a ScheduledThreadPoolExecutor's futures and queues load a hundred classes and
     * spin VarHandle method handles, which cost every CLI command about 10 ms at start-up.
     */
    private static final class DeadlineTimer {
        private static final java.util.ArrayList<Watchdog> ARMED = new java.util.ArrayList<>();
        private static boolean started;

        private DeadlineTimer() {}

        static void arm(Watchdog w) {
            synchronized (ARMED) {
                ARMED.add(w);
                if (!started) {
                    started = true;
                    Thread t = new Thread(null, DeadlineTimer::run, "jmon-rpc-deadline", 128 * 1024);
                    t.setDaemon(true);
                    t.start();
                }
                ARMED.notifyAll();
            }
        }

        static void disarm(Watchdog w) {
            synchronized (ARMED) {
                ARMED.remove(w);
            }
        }

        private static void run() {
            java.util.ArrayList<Watchdog> due = new java.util.ArrayList<>();
            while (true) {
                synchronized (ARMED) {
                    long now = System.nanoTime(), next = Long.MAX_VALUE;
                    for (java.util.Iterator<Watchdog> it = ARMED.iterator(); it.hasNext(); ) {
                        Watchdog w = it.next();
                        if (w.due - now <= 0) {
                            it.remove();
                            due.add(w);
                        } else {
                            next = Math.min(next, w.due - now);
                        }
                    }
                    if (due.isEmpty()) {
                        try {
                            if (next == Long.MAX_VALUE) ARMED.wait();
                            else ARMED.wait(Math.max(1, next / 1_000_000L), 0);
                        } catch (InterruptedException e) {
                            return;
                        }
                        continue;
                    }
                }
                for (Watchdog w : due) w.fire(); // outside the lock: closing may take a moment
                due.clear();
            }
        }
    }

    private Watchdog arm(String op, boolean stream) {
        if (deadline == null) return new Watchdog(0);
        long ms = WAITING_OPS.contains(op) ? deadline.waitingMs() : deadline.ordinaryMs();
        if (stream && ms > 0) ms = Math.max(ms, STREAM_GAP_MIN_MS);
        return new Watchdog(ms);
    }

    private JmonException timedOut(Watchdog w) {
        close();
        long pid = 0;
        try {
            pid = deadline.pid() == null ? 0 : deadline.pid().getAsLong();
        } catch (RuntimeException ignored) {
            // no pid to name
        }
        String secs = w.ms % 1000 == 0 ? Long.toString(w.ms / 1000) : String.format(java.util.Locale.ROOT, "%.1f", w.ms / 1000.0);
        return new JmonException(ErrorCode.UNREACHABLE, "the daemon did not answer in " + secs + " s ("
                + (pid > 0 ? "pid " + pid + " is stopped?" : "is it stopped?") + ")");
    }

    private java.util.function.Supplier<jmon.api.CallerContext> contextSource;
    private jmon.api.CallerContext context;

    /**
     * Where this client's requests come from: asked once, on the first request that changes something, and sent
     * with every such request (read-only requests go without it, so they cost nothing).
     */
    public RpcClient withCallerContext(java.util.function.Supplier<jmon.api.CallerContext> source) {
        this.contextSource = source;
        return this;
    }

    /** Characters of a file sent per request: far below rpc.max_line_bytes, whatever the escaping. */
    static final int FILE_CHUNK_CHARS = 64 * 1024;

    /** Operations that change something ({@link jmon.api.ApiOp#changes}) carry the caller's context. */
    private jmon.api.CallerContext contextFor(String op) {
        jmon.api.ApiOp o = jmon.api.ApiOp.ofWire(op);
        if (contextSource == null || o == null || !o.changes()) return null; // the one table of what changes
        if (context == null) {
            try {
                context = contextSource.get();
            } catch (RuntimeException e) {
                contextSource = null; // a context is a courtesy: never fail a request for it
            }
        }
        return context;
    }

    /** Sends this freeze token with every request: the freezing operator's restore may change the namespace. */
    public RpcClient withFreezeToken(String token) {
        this.freezeToken = token;
        return this;
    }

    /** Asks the daemon to override any freeze (it audits the override). */
    public RpcClient withFreezeOverride(boolean override) {
        this.overrideFreeze = override;
        return this;
    }

    public RpcClient(Path socket, String clientVersion) {
        this(socket.toString(), retrying(socket), clientVersion);
    }

    /** Connects to the socket; a daemon that just started may be re-binding it: a few quick retries ride that out. */
    private static Connector retrying(Path socket) {
        return () -> {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1000);
            while (true) {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    c.connect(UnixDomainSocketAddress.of(socket));
                    return connection(c);
                } catch (IOException e) {
                    c.close();
                    if (System.nanoTime() > deadline) throw unreachable(socket);
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                }
            }
        };
    }

    private static Connection connection(SocketChannel c) {
        return new Connection(Channels.newInputStream(c), Channels.newOutputStream(c), c);
    }

    /**
     * A client connected now, in one attempt: what {@code if (!reachable(socket)) throw unreachable(socket);}
     * followed by {@link #RpcClient(Path, String)} does, with one connection instead of a probe and then the
     * real one. A later reconnection (after {@link #close()}) retries as the constructor's does.
     *
     * @throws JmonException UNREACHABLE when no daemon answers on the socket
     */
    public static RpcClient connectNow(Path socket, String clientVersion) {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        SocketChannel first;
        try {
            first = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw unreachable(socket);
        }
        try {
            first.connect(address);
        } catch (IOException e) {
            try {
                first.close();
            } catch (IOException ignored) {
                // not connected
            }
            throw unreachable(socket);
        }
        Connector later = retrying(socket);
        SocketChannel[] pending = {first};
        RpcClient c = new RpcClient(socket.toString(), () -> {
            SocketChannel ch = pending[0];
            pending[0] = null;
            return ch != null ? connection(ch) : later.open();
        }, clientVersion);
        c.connect();
        return c;
    }

    /**
     * A client over any connector: {@code where} names the daemon in error messages (a socket path,
     * "ssh web1").
     */
    public RpcClient(String where, Connector connector, String clientVersion) {
        this.where = where;
        this.connector = connector;
        this.clientVersion = clientVersion;
    }

    /**
     * A client speaking through a child process's stdin/stdout (e.g. {@code ssh host jmon rpc --stdio}); a new
     * child per connection, ended when the connection closes. The child's stderr is kept (last 4 KiB) for the
     * error message when it ends early.
     */
    public static RpcClient overProcess(List<String> command, java.util.Map<String, String> env, String where,
                                        String clientVersion) {
        return new RpcClient(where, () -> {
            ProcessBuilder pb = new ProcessBuilder(command);
            if (env != null) {
                pb.environment().clear();
                pb.environment().putAll(env);
            }
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new JmonException(ErrorCode.UNREACHABLE, "could not run " + command.get(0) + " to reach "
                        + where + ": " + e.getMessage());
            }
            StderrTail tail = new StderrTail(p.getErrorStream());
            tail.start();
            AutoCloseable closer = () -> {
                try {
                    p.getOutputStream().close();
                } catch (IOException ignored) {
                    // already gone
                }
                if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroy);
                    p.destroy();
                }
            };
            java.io.InputStream stdout = new java.io.FilterInputStream(p.getInputStream()) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n < 0) {
                        tail.awaitEnd();
                        String why = tail.text();
                        if (!why.isBlank()) throw new IOException(why.strip());
                    }
                    return n;
                }
            };
            return new Connection(stdout, p.getOutputStream(), closer);
        }, clientVersion);
    }

    /** Keeps the end of a child's stderr, for error messages. */
    private static final class StderrTail extends Thread {
        private final java.io.InputStream in;
        private final StringBuilder buf = new StringBuilder();

        StderrTail(java.io.InputStream in) {
            super("jmon-rpc-stderr");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] b = new byte[1024];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    synchronized (buf) {
                        buf.append(new String(b, 0, n, StandardCharsets.UTF_8));
                        if (buf.length() > 4096) buf.delete(0, buf.length() - 4096);
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }

        void awaitEnd() {
            try {
                join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String text() {
            synchronized (buf) {
                return buf.toString();
            }
        }
    }


    /** True when a daemon answers on the socket (connect only, no request). */
    public static boolean reachable(Path socket) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static JmonException unreachable(Path socket) {
        return new JmonException(ErrorCode.UNREACHABLE, "jmon daemon is not running (no answer on " + socket
                + "); start it with 'jmon ping' or any start command");
    }

    private void connect() {
        // idle a while: the daemon may have closed it (rpc.idle_timeout_ms); over ssh a write would not tell, so start afresh
        if (ch != null && System.nanoTime() - lastUsed > REUSE_NS) close();
        if (ch != null) return;
        Connection c;
        try {
            c = connector.open();
        } catch (IOException e) {
            throw new JmonException(ErrorCode.UNREACHABLE, "could not reach the jmon daemon on " + where + ": "
                    + e.getMessage());
        }
        ch = c.closer();
        lastUsed = System.nanoTime();
        in = new AnswerReader(c.in());
        out = c.out();
        hello = RequestWriter.write(new Wire.Hello(Wire.MAGIC, PROTOCOL_VERSION, clientVersion)) + "\n";
    }

    /** The hello, sent with the first request so a command costs one round trip. */
    private String hello;

    private void send(long id, String op, Object args) throws IOException {
        send(requestLine(id, op, args));
    }

    /**
     * Sends on the open connection; when that connection was already used and the write fails, the daemon
     * closed it (idle timeout) and has read nothing of the request, so it goes once more on a fresh one.
     */
    private void sendOrReconnect(long id, String op, Object args) throws IOException {
        boolean reused = helloSeen;
        try {
            send(id, op, args);
        } catch (IOException e) {
            if (!reused) throw e;
            close();
            connect();
            send(id, op, args);
        }
    }

    private String requestLine(long id, String op, Object args) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("id", id);
        req.put("op", op);
        req.put("args", args);
        if (freezeToken != null) req.put("token", freezeToken);
        if (overrideFreeze) req.put("override", true);
        jmon.api.CallerContext ctx = contextFor(op);
        if (ctx != null) req.put("context", ctx);
        return RequestWriter.write(req) + "\n";
    }

    /** Writes request lines (the hello first when not sent yet) in one write. */
    private void send(String line) throws IOException {
        if (hello != null) {
            line = hello + line;
            hello = null;
        }
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
        lastUsed = System.nanoTime();
    }

    private Object call(String op, Object args) {
        connect();
        long id = nextId++;
        Watchdog w = arm(op, false);
        try {
            sendOrReconnect(id, op, args);
            readHello();
            Map<?, ?> r = readLine();
            if (r.get("error") != null) throw toException((Map<?, ?>) r.get("error"));
            return r.get("result");
        } catch (IOException e) {
            if (w.fired) throw timedOut(w);
            throw lost(op, e);
        } finally {
            w.disarm();
        }
    }

    private JmonException lost(String op, IOException e) {
        String why = reason(e);
        close();
        return new JmonException(ErrorCode.UNREACHABLE, "lost the connection to the jmon daemon on " + where
                + " during '" + op + "': " + why);
    }

    /**
     * {@link #list} and then {@link #freezes} in one round trip: both requests go out together (the daemon answers
     * a connection's requests in order), then both answers are read. What {@code list} would throw is thrown
     * here; what {@code freezes} would throw comes from {@link ListAndFreezes#freezes()}, so a caller that shows
     * the list before the freezes fails at the same point as with two calls.
     */
    public ListAndFreezes listAndFreezes(String namespace) {
        connect();
        long listId = nextId++;
        long freezesId = nextId++;
        Map<?, ?> listReply;
        Watchdog w = arm("list", false);
        try {
            try {
                send(requestLine(listId, "list", new Wire.NamespaceArgs(namespace)) + requestLine(freezesId, "freezes", null));
                readHello();
                listReply = readLine();
            } catch (IOException e) {
                if (w.fired) throw timedOut(w);
                throw lost("list", e);
            }
        } finally {
            w.disarm();
        }
        Map<?, ?> freezesReply = null;
        JmonException freezesFailure = null;
        Watchdog w2 = arm("freezes", false);
        try {
            freezesReply = readLine(); // read before anything is thrown: no answer is left behind on the connection
        } catch (IOException e) {
            freezesFailure = w2.fired ? timedOut(w2) : lost("freezes", e);
        } finally {
            w2.disarm();
        }
        if (listReply.get("error") != null) throw toException((Map<?, ?>) listReply.get("error"));
        List<ProcessInfo> processes = as(listReply.get("result"), listOf(ProcessInfo.class));
        if (freezesFailure == null && freezesReply.get("error") != null) {
            freezesFailure = toException((Map<?, ?>) freezesReply.get("error"));
        }
        return new ListAndFreezes(processes, freezesFailure == null ? freezesReply.get("result") : null, freezesFailure);
    }

    /** The answers of {@link #listAndFreezes}. */
    public static final class ListAndFreezes {
        private final List<ProcessInfo> processes;
        private final Object freezes;
        private final JmonException freezesFailure;

        private ListAndFreezes(List<ProcessInfo> processes, Object freezes, JmonException freezesFailure) {
            this.processes = processes;
            this.freezes = freezes;
            this.freezesFailure = freezesFailure;
        }

        public List<ProcessInfo> processes() { return processes; }

        /** The frozen namespaces; throws what {@link RpcClient#freezes()} would have thrown. */
        public List<jmon.api.FreezeInfo> freezes() {
            if (freezesFailure != null) throw freezesFailure;
            return as(freezes, listOf(jmon.api.FreezeInfo.class));
        }
    }

    /**
     * Why the connection broke: when the other end hung up already (a child such as ssh that failed), its own
     * reason comes with the end of its output, which a write error does not carry.
     */
    private String reason(IOException e) {
        try {
            if (in != null) in.readOnce();
        } catch (IOException x) {
            return x.getMessage();
        }
        return e.getMessage();
    }

    private void readHello() throws IOException {
        if (helloSeen) return;
        Map<?, ?> h = readLine();
        if (h.get("error") != null) throw toException((Map<?, ?>) h.get("error"));
        helloSeen = true;
    }

    private Map<?, ?> readLine() throws IOException {
        Object line = in.next();
        if (line == AnswerReader.END) throw new IOException("the daemon closed the connection");
        return (Map<?, ?>) line;
    }

    private static JmonException toException(Map<?, ?> e) {
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(String.valueOf(e.get("code")));
        } catch (IllegalArgumentException x) {
            code = ErrorCode.FAILED;
        }
        return new JmonException(code, String.valueOf(e.get("message")));
    }

    private static <T> T as(Object v, Type type) {
        try {
            return LiteJson.read(v, type);
        } catch (RuntimeException e) {
            throw new JmonException(ErrorCode.FAILED, "unreadable answer from the daemon: " + e.getMessage());
        }
    }

    private static Type listOf(Class<?> c) { return LiteJson.listOf(c); }

    @Override
    public DaemonInfo ping() { return as(call("ping", null), DaemonInfo.class); }

    @Override
    public ActionResult start(List<AppSpec> apps, jmon.api.StartMode mode) {
        return as(call("start", new Wire.StartArgs(apps, mode.touchesExisting(), mode)), ActionResult.class);
    }

    @Override
    public ActionResult act(Verb verb, Selector selector) {
        return as(call("act", new Wire.ActArgs(verb, selector)), ActionResult.class);
    }

    @Override
    public List<ProcessInfo> list(String namespace) {
        return as(call("list", new Wire.NamespaceArgs(namespace)), listOf(ProcessInfo.class));
    }

    @Override
    public ProcessInfo describe(int pmId) {
        return as(call("describe", new Wire.PmIdArgs(pmId)), ProcessInfo.class);
    }

    @Override
    public SaveResult save(String namespace, boolean force) {
        return as(call("save", new Wire.SaveArgs(namespace, force)), SaveResult.class);
    }

    @Override
    public ActionResult resurrect(String namespace, boolean dryRun) {
        return as(call("resurrect", new Wire.ResurrectArgs(namespace, dryRun)), ActionResult.class);
    }

    @Override
    public ActionResult kill() { return as(call("kill", null), ActionResult.class); }

    @Override
    public void logs(LogQuery query, LogSink sink) {
        stream("logs", new Wire.LogsArgs(query), m -> sink.line(as(m.get("line"), LogLine.class)), sink::idle);
    }

    @Override
    public void events(EventSink sink) {
        stream("events", null, m -> sink.event(as(m.get("event"), EngineEvent.class)), sink::idle);
    }

    private interface Item {
        boolean accept(Map<?, ?> m);
    }

    /** A streaming request: items until the final response, or until the sink says stop (then we hang up). */
    private void stream(String op, Object args, Item item, java.util.function.BooleanSupplier idle) {
        connect();
        long id = nextId++;
        Watchdog[] w = {arm(op, true)};
        try {
            send(id, op, args);
            readHello();
            while (true) {
                Map<?, ?> m = readLine();
                w[0].disarm(); // a message came: the limit counts again from now
                w[0] = arm(op, true);
                if (m.get("line") != null || m.get("event") != null) {
                    if (!item.accept(m)) {
                        close(); // the daemon notices on its next write
                        return;
                    }
                } else if (m.get("idle") != null) {
                    if (!idle.getAsBoolean()) {
                        close();
                        return;
                    }
                } else {
                    if (m.get("error") != null) throw toException((Map<?, ?>) m.get("error"));
                    return;
                }
            }
        } catch (IOException e) {
            if (w[0].fired) throw timedOut(w[0]);
            String why = reason(e);
            close();
            throw new JmonException(ErrorCode.UNREACHABLE, "lost the connection to the jmon daemon on " + where
                    + " while reading " + op + ": " + why);
        } finally {
            w[0].disarm();
        }
    }

    @Override
    public ActionResult flush(Selector selector) {
        return as(call("flush", new Wire.SelectorArgs(selector)), ActionResult.class);
    }

    @Override
    public ActionResult signal(String signal, Selector selector) {
        return as(call("signal", new Wire.SignalArgs(signal, selector)), ActionResult.class);
    }

    @Override
    public ActionResult update() { return as(call("update", null), ActionResult.class); }

    @Override
    public ActionResult reset(Selector selector) {
        return as(call("reset", new Wire.SelectorArgs(selector)), ActionResult.class);
    }

    @Override
    public ActionResult scale(String namespace, String name, int instances) {
        return as(call("scale", new Wire.ScaleArgs(namespace, name, instances)), ActionResult.class);
    }

    @Override
    public jmon.api.HookReport hooksTest(String event, String namespace, String name) {
        return as(call("hooksTest", new Wire.HooksTestArgs(event, namespace, name)), jmon.api.HookReport.class);
    }

    @Override
    public int reloadLogs() { return ((Number) call("reloadLogs", null)).intValue(); }

    @Override
    public List<MetricSample> metrics(int pmId) {
        return as(call("metrics", new Wire.PmIdArgs(pmId)), listOf(MetricSample.class));
    }

    @Override
    public jmon.api.FreezeInfo freeze(String namespace, String reason) {
        return as(call("freeze", new Wire.FreezeArgs(namespace, reason)), jmon.api.FreezeInfo.class);
    }

    @Override
    public ActionResult unfreeze(String namespace) {
        return as(call("unfreeze", new Wire.NamespaceArgs(namespace)), ActionResult.class);
    }

    @Override
    public List<jmon.api.FreezeInfo> freezes() { return as(call("freezes", null), listOf(jmon.api.FreezeInfo.class)); }

    @Override
    public jmon.api.RestoreJob restoreSubmit(jmon.api.RestorePlan plan) {
        return as(call("restoreSubmit", new Wire.RestoreSubmitArgs(plan)), jmon.api.RestoreJob.class);
    }

    @Override
    public jmon.api.RestoreJob restoreStatus(String id) {
        Object r = call("restoreStatus", new Wire.RestoreIdArgs(id));
        return r == null ? null : as(r, jmon.api.RestoreJob.class);
    }

    @Override
    public jmon.api.RestoreJob restoreCancel(String id) {
        return as(call("restoreCancel", new Wire.RestoreIdArgs(id)), jmon.api.RestoreJob.class);
    }

    @Override
    public jmon.api.RestoreJob restoreAnswer(String id, long question, String answer) {
        return as(call("restoreAnswer", new Wire.RestoreAnswerArgs(id, question, answer)), jmon.api.RestoreJob.class);
    }

    @Override
    public List<jmon.api.HistoryEvent> history(jmon.api.HistoryQuery query) {
        return as(call("history", new Wire.HistoryArgs(query)), listOf(jmon.api.HistoryEvent.class));
    }

    @Override
    public List<jmon.api.ExpectedApp> expected(String namespace) {
        return as(call("expected", new Wire.NamespaceArgs(namespace)), listOf(jmon.api.ExpectedApp.class));
    }

    @Override
    public ActionResult registerFile(String path) {
        return as(call("registerFile", new Wire.PathArgs(path)), ActionResult.class);
    }

    @Override
    public ActionResult unregisterFile(String path) {
        return as(call("unregisterFile", new Wire.PathArgs(path)), ActionResult.class);
    }

    @Override
    public List<jmon.api.RegisteredFile> registeredFiles() {
        return as(call("registeredFiles", null), listOf(jmon.api.RegisteredFile.class));
    }

    @Override
    public String createIncident(String base) {
        return (String) call("createIncident", new Wire.IncidentArgs(base, null, null));
    }

    /** A large file goes as a write of its first part and appends of the rest (a request line is bounded). */
    @Override
    public ActionResult writeIncidentFile(String id, String name, String content) {
        int end = chunkEnd(content, 0);
        ActionResult r = as(call("writeIncidentFile", new Wire.IncidentArgs(id, name, content.substring(0, end))), ActionResult.class);
        for (int from = end; from < content.length(); from = end) {
            end = chunkEnd(content, from);
            appendIncidentFile(id, name, content.substring(from, end));
        }
        return r;
    }

    /** The end of the chunk starting at from, never between the two halves of a surrogate pair. */
    private static int chunkEnd(String s, int from) {
        int end = Math.min(s.length(), from + FILE_CHUNK_CHARS);
        if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return end;
    }

    @Override
    public ActionResult appendIncidentFile(String id, String name, String content) {
        return as(call("appendIncidentFile", new Wire.IncidentArgs(id, name, content)), ActionResult.class);
    }

    @Override
    public String readIncidentFile(String id, String name) {
        return (String) call("readIncidentFile", new Wire.IncidentArgs(id, name, null));
    }

    @Override
    public List<jmon.api.IncidentInfo> incidents() {
        return as(call("incidents", null), listOf(jmon.api.IncidentInfo.class));
    }

    @Override
    public List<String> daemonLog(int lines) {
        return as(call("daemonLog", new Wire.LinesArgs(lines)), listOf(String.class));
    }

    @Override
    public void close() {
        try {
            if (ch != null) ch.close();
        } catch (Exception ignored) {
            // closing
        }
        ch = null;
        helloSeen = false;
    }
}
