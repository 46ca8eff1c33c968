package jmon.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import jmon.api.ErrorCode;
import jmon.api.FreezeInfo;
import jmon.api.JmonApi;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's one-connection start and its pipelined list-and-freezes, against a scripted daemon. */
class RpcClientTest {
    /** Answers each request line with {@code answer(op, id)} (a JSON line); records what it received. */
    static final class Scripted implements AutoCloseable {
        final ServerSocketChannel server;
        final List<String> ops = Collections.synchronizedList(new ArrayList<>());
        int connections;

        Scripted(Path socket, BiFunction<String, Long, String> answer) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread t = new Thread(() -> {
                while (true) {
                    try (SocketChannel ch = server.accept()) {
                        synchronized (this) {
                            connections++;
                        }
                        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                                StandardCharsets.UTF_8));
                        OutputStream out = Channels.newOutputStream(ch);
                        if (in.readLine() == null) continue;
                        out.write(("{\"hello\":\"jmon\",\"protocol\":" + JmonApi.PROTOCOL_VERSION + ",\"version\":\"t\"}\n")
                                .getBytes(StandardCharsets.UTF_8));
                        String line;
                        while ((line = in.readLine()) != null) {
                            Map<?, ?> req = (Map<?, ?>) LiteJson.parse(line);
                            String op = (String) req.get("op");
                            ops.add(op);
                            out.write((answer.apply(op, ((Number) req.get("id")).longValue()) + "\n")
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        if (!server.isOpen()) return;
                    } catch (RuntimeException e) {
                        // the script hangs up on this request: the connection closes
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        synchronized int connections() { return connections; }

        @Override
        public void close() throws IOException { server.close(); }
    }

    static String result(long id, Object result) { return LiteJson.write(Map.of("id", id, "result", result)); }

    static String error(long id, ErrorCode code, String message) {
        return LiteJson.write(Map.of("id", id, "error", Map.of("code", code.name(), "message", message)));
    }

    @Test
    void connectNowSaysUnreachableAsTheProbeDid(@TempDir Path dir) {
        Path socket = dir.resolve("jmon.sock");
        JmonException e = assertThrows(JmonException.class, () -> RpcClient.connectNow(socket, "t"));
        assertEquals(ErrorCode.UNREACHABLE, e.code());
        assertEquals(RpcClient.unreachable(socket).getMessage(), e.getMessage());
    }

    @Test
    void listAndFreezesInOneRoundTripOnOneConnection(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("jmon.sock");
        // as the daemon's codec sends it: null map values left out, as databind did
        ProcessInfo p = Json.convert(Json.parse(Json.write(LiteJsonTest.info())), ProcessInfo.class);
        FreezeInfo f = new FreezeInfo("prod", "INC-42", "ops", 5, null);
        try (Scripted d = new Scripted(socket, (op, id) -> switch (op) {
            case "list" -> result(id, List.of(p));
            case "freezes" -> result(id, List.of(f));
            default -> result(id, 0);
        }); RpcClient c = RpcClient.connectNow(socket, "t")) {
            RpcClient.ListAndFreezes both = c.listAndFreezes(null);
            assertEquals(List.of(p), both.processes());
            assertEquals(List.of(f), both.freezes());
            assertEquals(List.of(p), c.list("prod"), "the connection is still in step");
            assertEquals(List.of("list", "freezes", "list"), d.ops);
            assertEquals(1, d.connections(), "no probe connection before the real one");
        }
    }

    @Test
    void aFailedListLeavesNoAnswerBehindAndAFailedFreezesComesAfterTheList(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("jmon.sock");
        boolean[] failList = {true};
        try (Scripted d = new Scripted(socket, (op, id) -> switch (op) {
            case "list" -> failList[0] ? error(id, ErrorCode.BAD_REQUEST, "no such namespace") : result(id, List.of());
            case "freezes" -> error(id, ErrorCode.FAILED, "freezes are broken");
            default -> result(id, 0);
        }); RpcClient c = RpcClient.connectNow(socket, "t")) {
            JmonException e = assertThrows(JmonException.class, () -> c.listAndFreezes("nope"));
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
            assertEquals("no such namespace", e.getMessage());
            failList[0] = false;
            RpcClient.ListAndFreezes both = c.listAndFreezes(null);
            assertEquals(List.of(), both.processes());
            JmonException fe = assertThrows(JmonException.class, both::freezes);
            assertEquals(ErrorCode.FAILED, fe.code());
            assertEquals("freezes are broken", fe.getMessage());
            assertEquals(0, c.reloadLogs(), "answers still match their requests");
        }
    }

    @Test
    void aDaemonGoneBetweenTheTwoAnswersFailsTheFreezesOnly(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("jmon.sock");
        try (Scripted d = new Scripted(socket, (op, id) -> switch (op) {
            case "list" -> result(id, List.of());
            default -> throw new IllegalStateException("hang up"); // the scripted daemon closes the connection
        }); RpcClient c = RpcClient.connectNow(socket, "t")) {
            RpcClient.ListAndFreezes both = c.listAndFreezes(null);
            assertEquals(List.of(), both.processes());
            JmonException e = assertThrows(JmonException.class, both::freezes);
            assertEquals(ErrorCode.UNREACHABLE, e.code());
            assertTrue(e.getMessage().contains("during 'freezes'"), e.getMessage());
        }
    }
}
