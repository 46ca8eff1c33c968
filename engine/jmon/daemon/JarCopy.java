package jmon.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Consumer;
import jmon.engine.Home;

/**
 * The daemon's own copy of jmon's jar in {@code $JMON_HOME/lib/}, named by the SHA-256 of the jar's content and
 * checked against it before every start: a file planted or altered under that name (by another user of a shared
 * home, by a crash half-way through a copy) is never executed; it is replaced by a fresh copy, with a line saying
 * so. Trusting the name alone would let whoever can write to lib/ choose the code the daemon (and root) runs.
 */
final class JarCopy {
    private JarCopy() {}

    /** The copy of {@code jar} in {@code lib} whose content is verified to be the jar's; made when missing or wrong. */
    static Path verified(Path jar, Path lib, Consumer<String> say) throws IOException {
        String sha = sha256(jar);
        String name = jar.getFileName().toString();
        Path copy = lib.resolve(name.substring(0, name.length() - 4) + "-" + sha + ".jar");
        Home.privateDir(lib);
        if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS) && sha.equals(sha256(copy))) return copy;
            say.accept("jmon: " + copy + " is not the jar it is named after (its SHA-256 differs: planted or altered);"
                    + " not running it, replacing it with a fresh copy of " + jar);
            Files.delete(copy);
        }
        Path tmp = lib.resolve("." + copy.getFileName() + ".tmp" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        Files.copy(jar, tmp);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        if (!sha.equals(sha256(tmp))) {
            Files.deleteIfExists(tmp);
            throw new IOException(jar + " changed while it was copied to " + lib + " (a build running?); try again");
        }
        Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // no daemon runs while we start one: older copies are nobody's any more
        try (DirectoryStream<Path> old = Files.newDirectoryStream(lib)) { // no glob: it would compile a regex
            for (Path o : old) {
                if (!o.equals(copy) && o.getFileName().toString().startsWith("jmon-")) Files.deleteIfExists(o);
            }
        }
        return copy;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("SHA-256 is not available in this JDK", e);
        }
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        byte[] d = md.digest();
        char[] hex = new char[d.length * 2];
        for (int i = 0; i < d.length; i++) {
            hex[2 * i] = Character.forDigit((d[i] >> 4) & 0xF, 16);
            hex[2 * i + 1] = Character.forDigit(d[i] & 0xF, 16);
        }
        return new String(hex);
    }
}
