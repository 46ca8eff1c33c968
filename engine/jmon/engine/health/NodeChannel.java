package jmon.engine.health;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import jmon.engine.exec.Posix;
import jmon.engine.logs.ChunkSink;
import jmon.engine.logs.PipeReactor;
import jmon.rpc.LiteJson;

/**
 * A Node app's IPC channel, as Node's {@code child_process.fork} makes it: a Unix socket pair, the child's end on
 * {@code NODE_CHANNEL_FD}, one JSON value per line ({@code NODE_CHANNEL_SERIALIZATION_MODE=json}). What PM2 apps
 * send on it becomes jmon's notify messages: {@code process.send('ready')} is READY=1, {@code axm:monitor} values
 * (@pm2/io metrics) are metrics, a {@code process:msg} (PM2's bus) is the status line; jmon sends {@code 'shutdown'} on it for {@code shutdown_with_message}.
 *
 * <p>A socket cannot outlive the daemon the way a FIFO does: after a daemon restart a re-adopted app's channel is
 * closed ({@code process.connected} false), its readiness as it was, and a shutdown message falls back to the
 * stop signal.
 */
public final class NodeChannel implements AutoCloseable {
    private static final byte[] SHUTDOWN = "\"shutdown\"\n".getBytes(StandardCharsets.US_ASCII);
    private final PipeReactor.Pipe pipe;
    private final int childEnd;

    private NodeChannel(PipeReactor.Pipe pipe, int childEnd) {
        this.pipe = pipe;
        this.childEnd = childEnd;
    }

    /** A fresh channel for one spawn; {@link #childEnd} goes to the launcher, which closes the daemon's copy. */
    public static NodeChannel open(PipeReactor pipes, Path label, Consumer<NotifyMessage> messages) throws IOException {
        int[] sv = Posix.socketPair();
        try {
            return new NodeChannel(pipes.openSocket(sv[0], label, new Lines(messages)), sv[1]);
        } catch (IOException | RuntimeException e) {
            Posix.close(sv[1]); // the daemon's end is closed by the reactor's refusal
            throw e;
        }
    }

    public int childEnd() { return childEnd; }

    /** Sends {@code 'shutdown'} as {@code process.send} would; false when the channel is closed. */
    public boolean sendShutdown() { return pipe.write(SHUTDOWN); }

    public boolean isOpen() { return !pipe.isClosed(); }

    @Override
    public void close() { pipe.close(false); }

    /** One JSON value per line: what it means to jmon, if anything. */
    static void interpret(String line, Consumer<NotifyMessage> out) {
        Object v;
        try {
            v = LiteJson.parse(line);
        } catch (IOException | RuntimeException e) {
            out.accept(new NotifyMessage.Garbage(line.length() > 200 ? line.substring(0, 200) : line));
            return;
        }
        if ("ready".equals(v)) {
            out.accept(new NotifyMessage.Ready());
        } else if (v instanceof Map<?, ?> m && "axm:monitor".equals(m.get("type")) && m.get("data") instanceof Map<?, ?> d) {
            for (Map.Entry<?, ?> e : d.entrySet()) {
                Object metric = e.getValue();
                Object value = metric instanceof Map<?, ?> mm ? mm.get("value") : metric;
                if (!(value instanceof Number n)) continue;
                String unit = metric instanceof Map<?, ?> mm && mm.get("unit") instanceof String u ? u : null;
                out.accept(new NotifyMessage.Metric(String.valueOf(e.getKey()), n.doubleValue(), unit));
            }
        } else if (v instanceof Map<?, ?> m && "process:msg".equals(m.get("type")) && m.get("data") != null) {
            // PM2's bus message: the app's latest word on itself, shown as its status line (describe, console)
            String text = m.get("data") instanceof String t ? t : jmon.rpc.Json.write(m.get("data"));
            out.accept(new NotifyMessage.Status(text.length() > 200 ? text.substring(0, 200) : text));
        }
        // anything else (Node's own NODE_* messages, the app's own) means nothing here
    }

    /** Splits the stream into lines of at most 64 KiB; a longer one is dropped whole. */
    private static final class Lines implements ChunkSink {
        private static final int MAX = 64 * 1024;
        private final Consumer<NotifyMessage> out;
        private byte[] carry = new byte[256];
        private int n;
        private boolean overlong;

        Lines(Consumer<NotifyMessage> out) { this.out = out; }

        @Override
        public void accept(ByteBuffer chunk) {
            while (chunk.hasRemaining()) {
                byte b = chunk.get();
                if (b == '\n') {
                    if (!overlong && n > 0) interpret(new String(carry, 0, n, StandardCharsets.UTF_8), out);
                    n = 0;
                    overlong = false;
                } else if (n >= MAX) {
                    overlong = true;
                } else {
                    if (n == carry.length) carry = java.util.Arrays.copyOf(carry, carry.length * 2);
                    carry[n++] = b;
                }
            }
        }
    }
}
