package jmon.rpc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import jmon.api.ErrorCode;
import jmon.api.JmonApi;
import jmon.api.JmonException;

/**
 * Serves the API on a Unix-domain socket (0600); each request's OS user comes from the socket's peer
 * credentials, never from what the client claims.
 *
 * <p>One thread ({@code jmon-rpc-accept}) owns a selector. It accepts every connection and holds it until its
 * hello line has arrived, with no thread and no buffer per waiting connection; then the connection is served
 * (up to {@link RpcLimits#maxConnections()} at once). A served connection has a thread only while it has work:
 * a request or a stream; between requests it is parked back on the selector, because a JVM thread costs about
 * 130 KiB of touched stack whatever it does. So idle connections cost file descriptors, not memory, and a flood
 * cannot crowd out a real client (which sends its hello with its first request). The same thread closes
 * connections past their hello or idle timeout, and watches the socket file ({@link SocketFile}).
 */
public final class RpcServer implements AutoCloseable {
    /** Wire error codes of the connection limits (clients that do not know them treat them as FAILED). */
    public static final String BUSY = "BUSY", TOO_LARGE = "TOO_LARGE", TIMEOUT = "TIMEOUT";
    private static final long TICK_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final int ACCEPTS_PER_ROUND = 64;

    private final SocketFile socket;
    private final Function<jmon.api.Caller, JmonApi> apiForCaller;
    private final String version;
    private final Runnable onKill;
    private final RpcLimits limits;
    private final Consumer<String> log;
    private final Selector selector;
    private final Thread acceptor;
    private volatile boolean closed;
    // the accept thread's own: the listening channel, and the connections waiting for their hello, oldest first
    private ServerSocketChannel server;
    private final LinkedHashSet<Waiting> waiting = new LinkedHashSet<>();
    private final ByteBuffer readBuf = ByteBuffer.allocateDirect(RpcLimits.MAX_HELLO_BYTES);
    private String lastBindFailure;
    /** Connections past their hello, with a thread or parked. */
    private final Set<Served> served = ConcurrentHashMap.newKeySet();
    /** Served connections whose thread finished a request, for the accept thread to watch again. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Served> parking = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** A connection waiting for its hello line: the bytes read so far (none until the first arrive). */
    private static final class Waiting {
        final SocketChannel ch;
        final long since = System.nanoTime();
        byte[] buf;
        int len;
        SelectionKey key;

        Waiting(SocketChannel ch) { this.ch = ch; }
    }

    /**
     * A served connection: idle since when, and whether a request of it is running (a stream, or a stop that
     * waits for kill_timeout): such a connection is not idle, whatever the time since its last line.
     */
    private static final class Served {
        final SocketChannel ch;
        volatile long lastActive = System.nanoTime();
        volatile boolean busy;
        // set by its first thread, handed on through the parking queue
        String user;
        JmonApi plain;
        SelectionKey key; // the accept thread's, while parked

        Served(SocketChannel ch) { this.ch = ch; }
    }

    public RpcServer(Path path, Function<jmon.api.Caller, JmonApi> apiForCaller, String version, Runnable onKill)
            throws IOException {
        this(path, apiForCaller, version, onKill, RpcLimits.defaults(), System.err::println);
    }

    /**
     * @param apiForCaller the API as seen by one request's caller (OS user, freeze token; for auditing)
     * @param onKill       run after the answer to {@code kill} has been sent
     * @param log          where the server says what it did on its own (a socket re-bound)
     */
    public RpcServer(Path path, Function<jmon.api.Caller, JmonApi> apiForCaller, String version, Runnable onKill,
                     RpcLimits limits, Consumer<String> log) throws IOException {
        this.socket = new SocketFile(path);
        this.apiForCaller = apiForCaller;
        this.version = version;
        this.onKill = onKill;
        this.limits = limits;
        this.log = log;
        selector = Selector.open();
        try {
            listen(socket.bind());
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        acceptor = new Thread(null, this::acceptLoop, "jmon-rpc-accept", 256 * 1024);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void listen(ServerSocketChannel fresh) throws IOException {
        fresh.configureBlocking(false);
        fresh.register(selector, SelectionKey.OP_ACCEPT);
        server = fresh;
    }

    /** Errors here are not caught: they reach the uncaught handler (in the daemon, fail fast). */
    private void acceptLoop() {
        long lastTick = System.nanoTime();
        try {
            while (!closed) {
                try {
                    // keys made ready by the selectNow below are still pending: do not block on them
                    if (selector.selectedKeys().isEmpty()) selector.select(250);
                    else selector.selectNow();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("the socket's selector failed", e);
                }
                if (closed) break;
                List<Waiting> ready = new ArrayList<>();
                List<Served> woken = new ArrayList<>();
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) continue;
                    if (k.attachment() instanceof Waiting w) {
                        if (readHello(w)) ready.add(w);
                    } else if (k.attachment() instanceof Served s) {
                        woken.add(s);
                    } else {
                        acceptSome();
                    }
                }
                if (!ready.isEmpty() || !woken.isEmpty()) {
                    for (Waiting w : ready) w.key.cancel();
                    for (Served s : woken) s.key.cancel();
                    try {
                        selector.selectNow(); // deregisters the cancelled keys, so those channels may block again
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException("the socket's selector failed", e);
                    }
                    for (Waiting w : ready) hand(w);
                    for (Served s : woken) resume(s);
                }
                for (Served s; (s = parking.poll()) != null; ) park(s);
                long now = System.nanoTime();
                if (now - lastTick >= TICK_NS) {
                    lastTick = now;
                    sweep(now);
                    watchSocket();
                }
            }
        } finally {
            for (Waiting w : waiting) closeQuietly(w.ch);
            waiting.clear();
            for (Served s; (s = parking.poll()) != null; ) closeQuietly(s.ch);
            for (SelectionKey k : new ArrayList<>(selector.keys())) closeQuietly(k.channel()); // parked ones, the listener
            closeQuietly(server);
            closeQuietly(selector);
        }
    }

    private void acceptSome() {
        for (int i = 0; i < ACCEPTS_PER_ROUND; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                // out of file descriptors: make room by dropping the connection that has waited longest
                if (!closed) log.accept("jmon: accept failed: " + e.getMessage() + " (" + waiting.size() + " waiting for a hello)");
                dropOldest("too many connections");
                return;
            }
            if (ch == null) return;
            if (waiting.size() >= limits.maxWaitingForHello()) dropOldest("too many connections waiting for their hello");
            Waiting w = new Waiting(ch);
            try {
                ch.configureBlocking(false);
                w.key = ch.register(selector, SelectionKey.OP_READ, w);
            } catch (IOException e) {
                closeQuietly(ch);
                continue;
            }
            waiting.add(w);
        }
    }

    private void dropOldest(String why) {
        Iterator<Waiting> it = waiting.iterator();
        if (!it.hasNext()) return;
        Waiting w = it.next();
        it.remove();
        refuse(w.ch, BUSY, "the jmon daemon closed this connection: " + why + " (rpc.max_connections "
                + limits.maxConnections() + ")");
    }

    /** Reads what arrived; true when the hello line is complete. Closes the connection when it never can be. */
    private boolean readHello(Waiting w) {
        readBuf.clear().limit(RpcLimits.MAX_HELLO_BYTES - w.len); // never more than the hello buffer can keep
        int n;
        try {
            n = w.ch.read(readBuf);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            waiting.remove(w);
            closeQuietly(w.ch);
            return false;
        }
        readBuf.flip();
        if (w.buf == null) w.buf = new byte[Math.max(256, n)];
        if (w.len + n > w.buf.length) w.buf = java.util.Arrays.copyOf(w.buf, Math.min(RpcLimits.MAX_HELLO_BYTES, Math.max(w.len + n, w.buf.length * 2)));
        readBuf.get(w.buf, w.len, n);
        int from = w.len;
        w.len += n;
        for (int i = from; i < w.len; i++) if (w.buf[i] == '\n') return true;
        if (w.len >= RpcLimits.MAX_HELLO_BYTES) {
            waiting.remove(w);
            refuse(w.ch, ErrorCode.VERSION_MISMATCH.name(), "not a jmon client (no hello line in the first "
                    + RpcLimits.MAX_HELLO_BYTES + " bytes)");
        }
        return false;
    }

    /** Gives a connection whose hello arrived a thread of its own, or a BUSY answer when every slot is taken. */
    private void hand(Waiting w) {
        waiting.remove(w);
        if (served.size() >= limits.maxConnections()) {
            refuse(w.ch, BUSY, "the jmon daemon is serving too many connections (" + served.size()
                    + ", rpc.max_connections); try again, or see what holds them: ss -xp | grep jmon.sock");
            return;
        }
        int nl = 0;
        while (w.buf[nl] != '\n') nl++;
        String hello = new String(w.buf, 0, nl, StandardCharsets.UTF_8);
        byte[] rest = java.util.Arrays.copyOfRange(w.buf, nl + 1, w.len);
        try {
            w.ch.configureBlocking(true);
        } catch (IOException e) {
            closeQuietly(w.ch);
            return;
        }
        Served s = new Served(w.ch);
        served.add(s);
        work(() -> serve(s, hello, rest));
    }

    private static void work(Runnable r) {
        Thread t = new Thread(null, r, "jmon-rpc", 512 * 1024);
        t.setDaemon(true);
        t.start();
    }

    /** Watches a served connection between requests: no thread until it has something to say. */
    private void park(Served s) {
        try {
            s.key = s.ch.register(selector, SelectionKey.OP_READ, s);
        } catch (IOException | RuntimeException e) {
            served.remove(s); // closed meanwhile (idle sweep, shutdown)
            closeQuietly(s.ch);
        }
    }

    /** A parked connection became readable: its end is handled here, a request gets a thread again. */
    private void resume(Served s) {
        readBuf.clear();
        int n;
        try {
            n = s.ch.read(readBuf);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            served.remove(s);
            closeQuietly(s.ch);
            return;
        }
        if (n == 0) {
            park(s);
            return;
        }
        byte[] first = new byte[n];
        readBuf.flip().get(first);
        try {
            s.ch.configureBlocking(true);
        } catch (IOException e) {
            served.remove(s);
            closeQuietly(s.ch);
            return;
        }
        s.lastActive = System.nanoTime();
        work(() -> requests(s, new LineReader(s.ch, limits.maxLineBytes(), first)));
    }

    /** Closes connections past their hello timeout, and served ones idle past the idle timeout. */
    private void sweep(long now) {
        long helloNs = TimeUnit.MILLISECONDS.toNanos(limits.helloTimeoutMs());
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (now - w.since < helloNs) break; // oldest first: the rest are younger
            it.remove();
            refuse(w.ch, TIMEOUT, "no hello line within " + limits.helloTimeoutMs() + " ms");
        }
        long idleNs = TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMs());
        for (Served s : served) {
            if (!s.busy && now - s.lastActive > idleNs) {
                served.remove(s);
                closeQuietly(s.ch); // parked: its key goes with it; reading a partial line: its thread sees the end
            }
        }
    }

    /** Re-binds the socket when its file was removed or replaced: a client must always find this daemon. */
    private void watchSocket() {
        String why = socket.problem();
        if (why == null) return;
        try {
            ServerSocketChannel fresh = socket.bind();
            closeQuietly(server);
            listen(fresh);
            lastBindFailure = null;
            log.accept("socket " + socket.path() + " " + why + ": bound a fresh one (0600)");
        } catch (IOException | RuntimeException e) {
            String msg = "socket " + socket.path() + " " + why + " and cannot be bound again: " + e.getMessage()
                    + " (retrying every 250 ms)";
            if (!msg.equals(lastBindFailure)) log.accept(msg);
            lastBindFailure = msg;
        }
    }

    /** One error answer (non-blocking, best effort), then the connection is closed. */
    private static void refuse(SocketChannel ch, String code, String message) {
        try {
            byte[] b = Json.bytes(new Wire.Response(0, null, new Wire.Error(code, message)));
            ByteBuffer out = ByteBuffer.allocate(b.length + 1).put(b).put((byte) '\n').flip();
            ch.write(out);
        } catch (IOException | RuntimeException ignored) {
            // the client is gone or not reading: it will see the connection end
        }
        closeQuietly(ch);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) c.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** The user the daemon runs as: with root, the only peer it serves. */
    private static final String OWNER = System.getProperty("user.name");

    /** A connection's first thread: checks the peer and the hello, answers it, then serves what follows. */
    private void serve(Served s, String first, byte[] rest) {
        SocketChannel ch = s.ch;
        boolean ok = false;
        try {
            s.user = ch.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
            OutputStream out = Channels.newOutputStream(ch);
            if (!s.user.equals(OWNER) && !s.user.equals("root")) {
                // the socket's mode is the first wall, not the only one: a loosened mode never lets another user in
                send(out, new Wire.Response(0, null, new Wire.Error(ErrorCode.REFUSED.name(), "this jmon daemon serves "
                        + OWNER + " and root only; the kernel says you are " + s.user)));
                log.accept("refused a connection from user " + s.user + " (only " + OWNER + " and root are served)");
                return;
            }
            s.plain = apiForCaller.apply(new jmon.api.Caller(s.user, null, false));
            Wire.Hello hello;
            try {
                hello = Json.read(first, Wire.Hello.class);
            } catch (IOException | RuntimeException | StackOverflowError e) {
                hello = null;
            }
            if (hello == null || !Wire.MAGIC.equals(hello.hello())) {
                send(out, new Wire.Response(0, null, new Wire.Error(ErrorCode.VERSION_MISMATCH.name(),
                        "not a jmon client (expected a hello line)")));
                return;
            }
            if (hello.protocol() != JmonApi.PROTOCOL_VERSION) {
                send(out, new Wire.Response(0, null, new Wire.Error(ErrorCode.VERSION_MISMATCH.name(),
                        "protocol mismatch: client " + hello.version() + " speaks protocol " + hello.protocol()
                                + ", daemon " + version + " speaks " + JmonApi.PROTOCOL_VERSION
                                + "; run the same jmon version as the daemon, or restart it with 'jmon kill'")));
                return;
            }
            send(out, new Wire.Hello(Wire.MAGIC, JmonApi.PROTOCOL_VERSION, version));
            ok = true;
        } catch (IOException e) {
            // client went away: nothing to answer
        } finally {
            if (!ok) {
                served.remove(s);
                closeQuietly(ch);
            }
        }
        if (ok) requests(s, new LineReader(ch, limits.maxLineBytes(), rest));
    }

    /**
     * Answers request lines until none is waiting, then parks the connection (no thread while it idles); a
     * stream keeps its thread while it streams. Closes the connection at its end, on a bad line, or after kill.
     */
    private void requests(Served s, LineReader in) {
        SocketChannel ch = s.ch;
        OutputStream out = Channels.newOutputStream(ch);
        boolean kill = false, parked = false;
        try {
            while (true) {
                if (!in.buffered() && !closed) {
                    // nothing more to read now: no thread until the client says something
                    ch.configureBlocking(false);
                    parked = true;
                    parking.add(s);
                    selector.wakeup();
                    return;
                }
                String line;
                try {
                    line = in.next();
                } catch (LineReader.TooLongException e) {
                    send(out, new Wire.Response(0, null, new Wire.Error(TOO_LARGE, "request line over "
                            + limits.maxLineBytes() + " bytes (rpc.max_line_bytes); the connection is closed")));
                    return;
                }
                if (line == null) return;
                s.busy = true;
                Wire.Request req;
                try {
                    req = Json.read(line, Wire.Request.class);
                } catch (IOException | RuntimeException | StackOverflowError e) {
                    // a line this daemon cannot read (too deep a nesting included) is the client's mistake
                    send(out, new Wire.Response(0, null, new Wire.Error(ErrorCode.BAD_REQUEST.name(),
                            "unreadable request line: " + (e instanceof StackOverflowError ? "nested too deeply" : e.getMessage()))));
                    return;
                }
                if (req.op() == null) req = new Wire.Request(req.id(), "", req.args(), req.token(), req.override(), req.context());
                JmonApi api = req.token() == null && !Boolean.TRUE.equals(req.override()) && req.context() == null ? s.plain
                        : apiForCaller.apply(new jmon.api.Caller(s.user, req.token(), Boolean.TRUE.equals(req.override()),
                                jmon.api.CallerContext.bounded(req.context())));
                try {
                    if (req.op().equals("logs") || req.op().equals("events")) {
                        if (!stream(api, req, out)) return;
                    } else {
                        Answer a = answer(api, req);
                        sendBytes(out, a.line());
                        // kill and update end this daemon once answered (update leaves the apps running)
                        kill = a.ok() && (req.op().equals("kill") || req.op().equals("update"));
                    }
                } finally {
                    s.lastActive = System.nanoTime();
                    s.busy = false;
                }
                if (kill) return;
            }
        } catch (IOException e) {
            // client went away (or was closed as idle): nothing to answer
        } finally {
            if (!parked) {
                served.remove(s);
                closeQuietly(ch);
            }
            if (kill) onKill.run();
        }
    }

    private record Answer(byte[] line, boolean ok) {}

    /** The answer line to one request: its result, or its error (a result that cannot be written is one). */
    private Answer answer(JmonApi api, Wire.Request req) throws IOException {
        try {
            Object result = dispatch(api, req);
            return new Answer(Json.bytes(new Wire.Response(req.id(), result == null ? Json.NULL : result, null)), true);
        } catch (JmonException e) {
            return new Answer(Json.bytes(new Wire.Response(req.id(), null, new Wire.Error(e.code().name(), e.getMessage()))), false);
        } catch (RuntimeException | IOException e) {
            return new Answer(Json.bytes(new Wire.Response(req.id(), null, new Wire.Error(ErrorCode.FAILED.name(), e.toString()))), false);
        }
    }

    /** Streams log lines or events as they come; false when the client went away. */
    private boolean stream(JmonApi api, Wire.Request req, OutputStream out) throws IOException {
        boolean[] open = {true};
        java.util.function.Predicate<Object> write = m -> {
            try {
                send(out, m);
                return true;
            } catch (IOException e) {
                open[0] = false;
                return false;
            }
        };
        try {
            if (req.op().equals("logs")) {
                api.logs(args(req.args(), Wire.LogsArgs.class).query(), new jmon.api.LogSink() {
                    @Override
                    public boolean line(jmon.api.LogLine l) { return write.test(new Wire.Stream(req.id(), l, null)); }

                    @Override
                    public boolean idle() { return write.test(new Wire.Stream(req.id(), null, true)); }
                });
            } else {
                api.events(new jmon.api.EventSink() {
                    @Override
                    public boolean event(jmon.api.EngineEvent e) {
                        return write.test(new Wire.Stream(req.id(), null, null, e));
                    }

                    @Override
                    public boolean idle() { return write.test(new Wire.Stream(req.id(), null, true)); }
                });
            }
            if (!open[0]) return false;
            send(out, new Wire.Response(req.id(), Json.NULL, null));
        } catch (JmonException e) {
            send(out, new Wire.Response(req.id(), null, new Wire.Error(e.code().name(), e.getMessage())));
        }
        return true;
    }

    private Object dispatch(JmonApi api, Wire.Request req) throws IOException {
        Object a = req.args();
        return switch (req.op()) {
            case "ping" -> api.ping();
            case "list" -> api.list(args(a, Wire.NamespaceArgs.class).namespace());
            case "start" -> {
                Wire.StartArgs s = args(a, Wire.StartArgs.class);
                yield api.start(s.apps(), s.effectiveMode());
            }
            case "act" -> {
                Wire.ActArgs s = args(a, Wire.ActArgs.class);
                yield api.act(s.verb(), s.selector());
            }
            case "save" -> {
                Wire.SaveArgs s = args(a, Wire.SaveArgs.class);
                yield api.save(s.namespace(), s.force());
            }
            case "resurrect" -> {
                Wire.ResurrectArgs s = args(a, Wire.ResurrectArgs.class);
                yield api.resurrect(s.namespace(), s.dryRun());
            }
            case "kill" -> api.kill();
            case "flush" -> api.flush(args(a, Wire.SelectorArgs.class).selector());
            case "signal" -> {
                Wire.SignalArgs g = args(a, Wire.SignalArgs.class);
                yield api.signal(g.signal(), g.selector());
            }
            case "update" -> api.update();
            case "reset" -> api.reset(args(a, Wire.SelectorArgs.class).selector());
            case "scale" -> {
                Wire.ScaleArgs g = args(a, Wire.ScaleArgs.class);
                yield api.scale(g.namespace(), g.name(), g.instances());
            }
            case "reloadLogs" -> api.reloadLogs();
            case "metrics" -> api.metrics(args(a, Wire.PmIdArgs.class).pmId());
            case "describe" -> api.describe(args(a, Wire.PmIdArgs.class).pmId());
            case "freeze" -> {
                Wire.FreezeArgs f = args(a, Wire.FreezeArgs.class);
                yield api.freeze(f.namespace(), f.reason());
            }
            case "unfreeze" -> api.unfreeze(args(a, Wire.NamespaceArgs.class).namespace());
            case "freezes" -> api.freezes();
            case "restoreSubmit" -> api.restoreSubmit(args(a, Wire.RestoreSubmitArgs.class).plan());
            case "restoreStatus" -> api.restoreStatus(args(a, Wire.RestoreIdArgs.class).id());
            case "restoreCancel" -> api.restoreCancel(args(a, Wire.RestoreIdArgs.class).id());
            case "restoreAnswer" -> {
                Wire.RestoreAnswerArgs r = args(a, Wire.RestoreAnswerArgs.class);
                yield api.restoreAnswer(r.id(), r.question(), r.answer());
            }
            case "history" -> api.history(args(a, Wire.HistoryArgs.class).query());
            case "expected" -> api.expected(args(a, Wire.NamespaceArgs.class).namespace());
            case "registerFile" -> api.registerFile(args(a, Wire.PathArgs.class).path());
            case "unregisterFile" -> api.unregisterFile(args(a, Wire.PathArgs.class).path());
            case "registeredFiles" -> api.registeredFiles();
            case "createIncident" -> api.createIncident(args(a, Wire.IncidentArgs.class).id());
            case "writeIncidentFile" -> {
                Wire.IncidentArgs i = args(a, Wire.IncidentArgs.class);
                yield api.writeIncidentFile(i.id(), i.name(), i.content());
            }
            case "appendIncidentFile" -> {
                Wire.IncidentArgs i = args(a, Wire.IncidentArgs.class);
                yield api.appendIncidentFile(i.id(), i.name(), i.content());
            }
            case "readIncidentFile" -> {
                Wire.IncidentArgs i = args(a, Wire.IncidentArgs.class);
                yield api.readIncidentFile(i.id(), i.name());
            }
            case "incidents" -> api.incidents();
            case "daemonLog" -> api.daemonLog(args(a, Wire.LinesArgs.class).lines());
            case "hooksTest" -> {
                Wire.HooksTestArgs h = args(a, Wire.HooksTestArgs.class);
                yield api.hooksTest(h.event(), h.namespace(), h.name());
            }
            default -> throw new JmonException(ErrorCode.BAD_REQUEST, "unknown operation " + req.op());
        };
    }

    /** An operation's arguments as their record; arguments of the wrong shape are the client's mistake. */
    private static <T> T args(Object a, Class<T> type) {
        try {
            return Json.convert(a == null ? java.util.Map.of() : a, type);
        } catch (IOException | RuntimeException e) {
            throw new JmonException(ErrorCode.BAD_REQUEST, "args: " + e.getMessage());
        }
    }

    /** One connection's writes are serialised on its own stream: a stuck client never blocks another. */
    private static void send(OutputStream out, Object msg) throws IOException {
        sendBytes(out, Json.bytes(msg));
    }

    private static void sendBytes(OutputStream out, byte[] b) throws IOException {
        synchronized (out) {
            out.write(b);
            out.write('\n');
            out.flush();
        }
    }

    /** How many connections have a thread now (for tests and ping-like reports). */
    public int servedConnections() { return served.size(); }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        if (Thread.currentThread() != acceptor) {
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.delete();
    }
}
