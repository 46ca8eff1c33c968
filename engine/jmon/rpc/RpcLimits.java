package jmon.rpc;

/**
 * What one client may cost the daemon ({@code rpc.*} of config.json). The socket is the daemon's only door:
 * without bounds, a few thousand idle connections (a buggy script, a hostile test) exhausted its heap.
 *
 * @param maxConnections clients connected at once past their hello (a thread each only while a request of it
 *                       runs); one more gets a BUSY answer and is closed
 * @param helloTimeoutMs a connection that has not sent its hello line by then is closed (it holds no thread
 *                       meanwhile, but it holds a file descriptor)
 * @param idleTimeoutMs  a served connection with no request for this long is closed; streams (logs, events) are
 *                       exempt while they stream. {@link RpcClient} reconnects by itself when it finds its
 *                       connection closed
 * @param maxLineBytes   the longest request line; a longer one gets a TOO_LARGE answer and the connection is closed
 */
public record RpcLimits(int maxConnections, long helloTimeoutMs, long idleTimeoutMs, int maxLineBytes) {
    public static final int MAX_HELLO_BYTES = 4096;

    public RpcLimits {
        if (maxConnections < 1) throw new IllegalArgumentException("rpc.max_connections must be ≥ 1");
        if (helloTimeoutMs < 100) throw new IllegalArgumentException("rpc.hello_timeout_ms must be ≥ 100");
        if (idleTimeoutMs < 1000) throw new IllegalArgumentException("rpc.idle_timeout_ms must be ≥ 1000");
        if (maxLineBytes < 64 * 1024) throw new IllegalArgumentException("rpc.max_line_bytes must be ≥ 64K");
    }

    public static RpcLimits defaults() { return new RpcLimits(256, 10_000, 600_000, 1 << 20); }

    /** Connections waiting for their hello (no thread yet): past this, the oldest waiting one is dropped. */
    public int maxWaitingForHello() { return 4 * maxConnections; }
}
