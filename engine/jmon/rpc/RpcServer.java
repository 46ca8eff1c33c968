package jmon.rpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import jmon.api.ErrorCode;
import jmon.api.JmonApi;
import jmon.api.JmonException;

/**
 * Serves the API on a Unix-domain socket (0600). Each connection is one thread; each request's OS user comes
 * from the socket's peer credentials, never from what the client claims.
 */
public final class RpcServer implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel server;
    private final Function<jmon.api.Caller, JmonApi> apiForCaller;
    private final String version;
    private final Runnable onKill;
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * @param apiForCaller the API as seen by one request's caller (OS user, freeze token; for auditing)
     * @param onKill     run after the answer to {@code kill} has been sent
     */
    public RpcServer(Path path, Function<jmon.api.Caller, JmonApi> apiForCaller, String version, Runnable onKill)
            throws IOException {
        this.path = path;
        this.apiForCaller = apiForCaller;
        this.version = version;
        this.onKill = onKill;
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        acceptor = new Thread(null, this::acceptLoop, "jmon-rpc-accept", 256 * 1024);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                Thread t = new Thread(null, () -> serve(ch), "jmon-rpc", 512 * 1024);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) System.err.println("jmon: accept failed: " + e);
            }
        }
    }

    private void serve(SocketChannel ch) {
        boolean kill = false;
        try (ch) {
            String user = ch.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
            JmonApi plain = apiForCaller.apply(new jmon.api.Caller(user, null, false));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            OutputStream out = Channels.newOutputStream(ch);
            String first = in.readLine();
            if (first == null) return;
            Wire.Hello hello;
            try {
                hello = Json.read(first, Wire.Hello.class);
            } catch (IOException e) {
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
            String line;
            while ((line = in.readLine()) != null) {
                Wire.Request req = Json.read(line, Wire.Request.class);
                if (req.op() == null) req = new Wire.Request(req.id(), "", req.args(), req.token(), req.override());
                JmonApi api = req.token() == null && !Boolean.TRUE.equals(req.override()) ? plain
                        : apiForCaller.apply(new jmon.api.Caller(user, req.token(), Boolean.TRUE.equals(req.override())));
                if (req.op().equals("logs") || req.op().equals("events")) {
                    if (!stream(api, req, out)) break;
                    continue;
                }
                byte[] resp;
                try {
                    Object result = dispatch(api, req);
                    // written here, not in send(): a result that cannot be written is a failed request
                    resp = Json.bytes(new Wire.Response(req.id(), result == null ? Json.NULL : result, null));
                    if (req.op().equals("kill")) kill = true;
                } catch (JmonException e) {
                    resp = Json.bytes(new Wire.Response(req.id(), null, new Wire.Error(e.code().name(), e.getMessage())));
                } catch (RuntimeException | IOException e) {
                    resp = Json.bytes(new Wire.Response(req.id(), null, new Wire.Error(ErrorCode.FAILED.name(), e.toString())));
                }
                sendBytes(out, resp);
                if (kill) break;
            }
        } catch (IOException e) {
            // client went away: nothing to answer
        } finally {
            if (kill) onKill.run();
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
                yield api.start(s.apps(), s.restartExisting());
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
            case "reloadLogs" -> api.reloadLogs();
            case "metrics" -> api.metrics(args(a, Wire.PmIdArgs.class).pmId());
            case "describe" -> api.describe(args(a, Wire.PmIdArgs.class).pmId());
            case "freeze" -> {
                Wire.FreezeArgs f = args(a, Wire.FreezeArgs.class);
                yield api.freeze(f.namespace(), f.reason());
            }
            case "unfreeze" -> api.unfreeze(args(a, Wire.NamespaceArgs.class).namespace());
            case "freezes" -> api.freezes();
            default -> throw new JmonException(ErrorCode.BAD_REQUEST, "unknown operation " + req.op());
        };
    }

    private static <T> T args(Object a, Class<T> type) throws IOException {
        return Json.convert(a == null ? java.util.Map.of() : a, type);
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

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a stale socket file is replaced by the next daemon
        }
    }
}
