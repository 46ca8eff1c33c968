package jmon.engine.health;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import jmon.engine.logs.ChunkSink;

/**
 * Cuts the notify pipe's bytes into lines and parses each; a line longer than 64 KiB is garbage, not a hang.
 * Runs on the pipe's pump thread; the consumer hands messages over to the engine thread.
 */
public final class NotifySink implements ChunkSink {
    private static final int MAX = 64 * 1024;
    private final Consumer<NotifyMessage> out;
    private byte[] carry = new byte[256];
    private int n;
    private boolean overlong;

    public NotifySink(Consumer<NotifyMessage> out) { this.out = out; }

    @Override
    public void accept(ByteBuffer chunk) {
        while (chunk.hasRemaining()) {
            byte b = chunk.get();
            if (b == '\n') {
                if (overlong) out.accept(new NotifyMessage.Garbage("(a line over 64 KiB)"));
                else out.accept(NotifyMessage.parse(new String(carry, 0, n, StandardCharsets.UTF_8)));
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
