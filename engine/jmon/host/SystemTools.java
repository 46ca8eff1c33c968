package jmon.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The system's own programs jmon runs for an app (setpriv, prlimit, nice): found in the system folders only. */
public final class SystemTools {
    private static final List<String> DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

    private SystemTools() {}

    /** The path of {@code name}, never taken from an app's PATH; throws saying where it was looked for. */
    public static String find(String name) throws IOException {
        for (String dir : DIRS) {
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p.toString();
        }
        throw new IOException(name + " is needed to apply this app's user or limits but is not installed in "
                + String.join(", ", DIRS) + " (util-linux / coreutils)");
    }
}
