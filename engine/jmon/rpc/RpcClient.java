package jmon.rpc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import jmon.api.ActionResult;
import jmon.api.AppSpec;
import jmon.api.DaemonInfo;
import jmon.api.ErrorCode;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;
import jmon.api.SaveResult;
import jmon.api.Selector;
import jmon.api.Verb;

/** The API over the daemon's socket. One connection, opened on first use; one round trip per call. */
public final class RpcClient implements JmonApi, AutoCloseable {
    private final Path socket;
    private final String clientVersion;
    private final ObjectMapper json = Json.mapper();
    private SocketChannel ch;
    private BufferedReader in;
    private OutputStream out;
    private long nextId = 1;

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
        try {
            in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            out = Channels.newOutputStream(ch);
            write(new Wire.Hello(Wire.MAGIC, PROTOCOL_VERSION, clientVersion));
        } catch (IOException e) {
            close();
            throw unreachable(socket);
        }
    }

    private void write(Object msg) throws IOException {
        out.write(json.writeValueAsBytes(msg));
        out.write('\n');
        out.flush();
    }

    private boolean helloSeen;

    private JsonNode call(String op, Object args) {
        connect();
        long id = nextId++;
        try {
            write(new Wire.Request(id, op, args == null ? null : json.valueToTree(args)));
            readHello();
            Wire.Response r = json.treeToValue(readLine(), Wire.Response.class);
            if (r.error() != null) throw toException(r.error());
            return r.result();
        } catch (IOException e) {
            close();
            throw new JmonException(ErrorCode.UNREACHABLE, "lost the connection to the jmon daemon on " + socket
                    + " during '" + op + "': " + e.getMessage());
        }
    }

    private void readHello() throws IOException {
        if (helloSeen) return;
        JsonNode h = readLine();
        if (h.has("error")) throw toException(json.treeToValue(h.get("error"), Wire.Error.class));
        helloSeen = true;
    }

    private JsonNode readLine() throws IOException {
        String line = in.readLine();
        if (line == null) throw new IOException("the daemon closed the connection");
        return json.readTree(line);
    }

    private static JmonException toException(Wire.Error e) {
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(e.code());
        } catch (IllegalArgumentException x) {
            code = ErrorCode.FAILED;
        }
        return new JmonException(code, e.message());
    }

    private <T> T as(JsonNode n, Class<T> type) {
        try {
            return json.treeToValue(n, type);
        } catch (IOException e) {
            throw new JmonException(ErrorCode.FAILED, "unreadable answer from the daemon: " + e.getMessage());
        }
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
        JsonNode n = call("list", new Wire.NamespaceArgs(namespace));
        return json.convertValue(n, new TypeReference<List<ProcessInfo>>() {});
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
    public void logs(jmon.api.LogQuery query, jmon.api.LogSink sink) {
        stream("logs", new Wire.LogsArgs(query), n -> sink.line(json.treeToValue(n.get("line"), jmon.api.LogLine.class)),
                sink::idle);
    }

    @Override
    public void events(jmon.api.EventSink sink) {
        stream("events", null, n -> sink.event(json.treeToValue(n.get("event"), jmon.api.EngineEvent.class)), sink::idle);
    }

    private interface Item {
        boolean accept(JsonNode n) throws IOException;
    }

    /** A streaming request: items until the final response, or until the sink says stop (then we hang up). */
    private void stream(String op, Object args, Item item, java.util.function.BooleanSupplier idle) {
        connect();
        long id = nextId++;
        try {
            write(new Wire.Request(id, op, args == null ? null : json.valueToTree(args)));
            readHello();
            while (true) {
                JsonNode n = readLine();
                if (n.has("line") || n.has("event")) {
                    if (!item.accept(n)) {
                        close(); // the daemon notices on its next write
                        return;
                    }
                } else if (n.has("idle")) {
                    if (!idle.getAsBoolean()) {
                        close();
                        return;
                    }
                } else {
                    Wire.Response r = json.treeToValue(n, Wire.Response.class);
                    if (r.error() != null) throw toException(r.error());
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
    public int reloadLogs() { return call("reloadLogs", null).asInt(); }

    @Override
    public List<jmon.api.MetricSample> metrics(int pmId) {
        return json.convertValue(call("metrics", new Wire.PmIdArgs(pmId)),
                new TypeReference<List<jmon.api.MetricSample>>() {});
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
