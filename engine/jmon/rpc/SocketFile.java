package jmon.rpc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The socket file and the identity (device, inode) it had when this daemon bound it. A socket file deleted or
 * replaced under a running daemon (a clean-up script, {@code rm -rf} of the wrong folder) leaves it
 * listening on nothing any client can reach; {@link #problem()} notices, and {@link #bind()} again fixes it.
 */
final class SocketFile {
    private final Path path;
    private Object key;

    SocketFile(Path path) { this.path = path; }

    Path path() { return path; }

    /** A fresh listening socket at the path (0600), replacing whatever is there. */
    ServerSocketChannel bind() throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            key = attributes().fileKey();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Why the path no longer reaches this daemon's socket, or null when it still does. */
    String problem() {
        BasicFileAttributes a;
        try {
            a = attributes();
        } catch (NoSuchFileException e) {
            return "was removed";
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
        if (!a.isOther()) return "was replaced by something that is not a socket";
        if (key != null && !key.equals(a.fileKey())) return "was replaced by another socket";
        return null;
    }

    private BasicFileAttributes attributes() throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** Removes the file if it is still ours (never another daemon's socket that replaced it). */
    void delete() {
        if (problem() != null) return;
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a stale socket file is replaced by the next daemon
        }
    }
}
