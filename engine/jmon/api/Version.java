package jmon.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * This jar's version, for the daemon and the CLI alike (a CLI command must not load the daemon's classes to
 * learn it): the launcher's {@code -Djmon.version} when it gives one, else the jar's version resource.
 */
public final class Version {
    private Version() {}

    private static String cached;

    public static String get() {
        String v = cached;
        if (v == null) cached = v = read();
        return v;
    }

    private static String read() {
        // the launcher passes the version it built the jar for: reading the resource would open the jar, which a
        // command otherwise never does (its classes come from the class-data archive)
        String v = System.getProperty("jmon.version");
        if (v != null && !v.isBlank()) return v;
        try (InputStream in = Version.class.getResourceAsStream("/jmon/version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
