package jmon.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * {@code jmon rpc --stdio}: copies stdin to the daemon's socket and the socket to stdout, byte for byte, so a
 * client at the other end of a pipe (ssh) speaks the socket protocol unchanged. The daemon still reads the
 * peer credentials of this process, i.e. the user ssh logged in as. Ends when either side closes.
 */
public final class StdioBridge {
    private StdioBridge() {}

    /** Runs the bridge until the daemon or the client hangs up. */
    public static void run(Path socket, InputStream in, OutputStream out) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try (ch) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Thread up = new Thread(() -> {
                byte[] b = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(b)) >= 0) {
                        ByteBuffer buf = ByteBuffer.wrap(b, 0, n);
                        while (buf.hasRemaining()) ch.write(buf);
                    }
                    ch.shutdownOutput(); // the client is done: let the daemon finish and close
                } catch (IOException ignored) {
                    // the socket closed under us: the down side ends too
                }
            }, "jmon-bridge-up");
            up.setDaemon(true);
            up.start();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (true) {
                buf.clear();
                int n;
                try {
                    n = ch.read(buf);
                } catch (IOException e) {
                    break;
                }
                if (n < 0) break;
                out.write(buf.array(), 0, n);
                out.flush();
            }
        }
    }
}
