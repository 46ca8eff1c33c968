package jmon.rpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.ParameterizedType;
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
 * The API over the daemon's socket. One connection, opened on first use; one round trip per call (the hello
 * and the first request go out together). Uses {@link LiteJson}, not databind, so a CLI command starts fast.
 */
public final class RpcClient implements JmonApi, AutoCloseable {
    private final Path socket;
    private final String clientVersion;
    private SocketChannel ch;
    private BufferedReader in;
    private OutputStream out;
    private long nextId = 1;
    private boolean helloSeen;

    public RpcClient(Path socket, String clientVersion) {
        this.socket = socket;
        this.clientVersion = clientVersion;
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
        if (ch != null) return;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch = null;
            throw unreachable(socket);
        }
        in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
        out = Channels.newOutputStream(ch);
        hello = LiteJson.write(new Wire.Hello(Wire.MAGIC, PROTOCOL_VERSION, clientVersion)) + "\n";
    }

    /** The hello, sent with the first request so a command costs one round trip. */
    private String hello;

    private void send(long id, String op, Object args) throws IOException {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("id", id);
        req.put("op", op);
        req.put("args", args);
        String line = LiteJson.write(req) + "\n";
        if (hello != null) {
            line = hello + line;
            hello = null;
        }
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private Object call(String op, Object args) {
        connect();
        long id = nextId++;
        try {
            send(id, op, args);
            readHello();
            Map<?, ?> r = readLine();
            if (r.get("error") != null) throw toException((Map<?, ?>) r.get("error"));
            return r.get("result");
        } catch (IOException e) {
            close();
            throw new JmonException(ErrorCode.UNREACHABLE, "lost the connection to the jmon daemon on " + socket
                    + " during '" + op + "': " + e.getMessage());
        }
    }

    private void readHello() throws IOException {
        if (helloSeen) return;
        Map<?, ?> h = readLine();
        if (h.get("error") != null) throw toException((Map<?, ?>) h.get("error"));
        helloSeen = true;
    }

    private Map<?, ?> readLine() throws IOException {
        String line = in.readLine();
        if (line == null) throw new IOException("the daemon closed the connection");
        return (Map<?, ?>) LiteJson.parse(line);
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

    private static Type listOf(Class<?> c) {
        return new ParameterizedType() {
            @Override public Type[] getActualTypeArguments() { return new Type[] {c}; }
            @Override public Type getRawType() { return List.class; }
            @Override public Type getOwnerType() { return null; }
        };
    }

    @Override
    public DaemonInfo ping() { return as(call("ping", null), DaemonInfo.class); }

    @Override
    public ActionResult start(List<AppSpec> apps, boolean restartExisting) {
        return as(call("start", new Wire.StartArgs(apps, restartExisting)), ActionResult.class);
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
        try {
            send(id, op, args);
            readHello();
            while (true) {
                Map<?, ?> m = readLine();
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
            close();
            throw new JmonException(ErrorCode.UNREACHABLE, "lost the connection to the jmon daemon on " + socket
                    + " while reading " + op + ": " + e.getMessage());
        }
    }

    @Override
    public ActionResult flush(Selector selector) {
        return as(call("flush", new Wire.SelectorArgs(selector)), ActionResult.class);
    }

    @Override
    public int reloadLogs() { return ((Number) call("reloadLogs", null)).intValue(); }

    @Override
    public List<MetricSample> metrics(int pmId) {
        return as(call("metrics", new Wire.PmIdArgs(pmId)), listOf(MetricSample.class));
    }

    @Override
    public void close() {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // closing
        }
        ch = null;
        helloSeen = false;
    }
}
