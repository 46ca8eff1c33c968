package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import jmon.rpc.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The socket file removed or replaced under a running daemon: within a second it is bound again, 0600. */
@Timeout(120)
class SocketWatchTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    Path sock() { return j.home.resolve("jmon.sock"); }

    boolean isSocket() {
        try {
            return Files.readAttributes(sock(), java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Waits until the daemon answers on its socket again; the time since t0. */
    long backWithin(long ms, long t0) {
        Jmon.await("the socket is bound again", ms, () -> isSocket() && RpcClient.reachable(sock()));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Test
    void aRemovedOrReplacedSocketIsBoundAgain() throws Exception {
        j.script("app.sh", "exec sleep 300");
        j.ok("start", tmp.resolve("app.sh").toString(), "--name", "app");
        long pid = j.daemonPid();

        long t0 = System.nanoTime();
        Files.delete(sock());
        assertEquals(3, j.run("list").code(), "nobody answers at the path for a moment");
        long removed = backWithin(2_000, t0);
        assertTrue(j.ok("list").out().contains("app"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock(), LinkOption.NOFOLLOW_LINKS)));

        t0 = System.nanoTime();
        Files.delete(sock());
        Files.writeString(sock(), "not a socket");
        long notASocket = backWithin(2_000, t0);
        j.ok("list");

        // a socket nobody serves put in its place (another inode): also noticed
        Files.delete(sock());
        try (ServerSocketChannel squatter = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            squatter.bind(UnixDomainSocketAddress.of(sock()));
            Object squat = Files.readAttributes(sock(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            Jmon.await("the daemon's own socket again", 2_000, () -> {
                try {
                    return !squat.equals(Files.readAttributes(sock(), java.nio.file.attribute.BasicFileAttributes.class).fileKey());
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        }
        backWithin(2_000, System.nanoTime());
        assertEquals(pid, j.daemonPid(), "the same daemon all along");
        assertEquals("online", j.status("default", "app"));
        String log = Files.readString(j.home.resolve("jmon.log"));
        assertTrue(log.contains("socket " + sock() + " was removed: bound a fresh one (0600)"), log);
        assertTrue(log.contains("was replaced by something that is not a socket: bound a fresh one"), log);
        assertTrue(log.contains("was replaced by another socket: bound a fresh one"), log);
        System.out.println("[socket] back after removal in " + removed + " ms, after replacement by a file in " + notASocket + " ms");
    }
}
