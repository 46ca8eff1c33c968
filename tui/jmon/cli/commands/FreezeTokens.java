package jmon.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jmon.api.FreezeInfo;
import jmon.cli.Context;
import jmon.engine.persist.AtomicFile;

/** Where the freezing operator keeps a freeze's token (0600, under the private JMON_HOME). */
public final class FreezeTokens {
    private FreezeTokens() {}

    public static Path file(Context ctx, String ns) { return ctx.home().dir().resolve("freezes").resolve(ns + ".token"); }

    public static void store(Context ctx, FreezeInfo f) throws IOException {
        Path p = file(ctx, f.namespace());
        jmon.engine.Home.privateDir(p.getParent());
        AtomicFile.write(p, f.token().getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }

    /** The token of a freeze this operator made, or null. */
    public static String load(Context ctx, String ns) {
        try {
            Path p = file(ctx, ns);
            return Files.exists(p) ? Files.readString(p).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
