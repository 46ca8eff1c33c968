package jmon.spec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Finds programs the way the caller's shell would (their PATH, not the daemon's), and knows which interpreter
 * a script's extension calls for.
 */
final class Executables {
    private final String[] path;

    Executables(Map<String, String> env) {
        String p = env == null ? null : env.get("PATH");
        this.path = p == null || p.isEmpty() ? new String[0] : p.split(File.pathSeparator);
    }

    /** Absolute path of an executable named {@code bare} on PATH, or null. */
    Path find(String bare) {
        for (String dir : path) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir).resolve(bare);
            if (isExecutableFile(candidate)) return candidate.toAbsolutePath().normalize();
        }
        return null;
    }

    static boolean isExecutableFile(Path p) { return Files.isRegularFile(p) && Files.isExecutable(p); }

    /** What runs a script with this file name by default: the rule PM2 users expect, widened to common tools. */
    static String inferInterpreter(String script) {
        String s = script.toLowerCase(Locale.ROOT);
        if (s.endsWith(".js") || s.endsWith(".cjs") || s.endsWith(".mjs")) return "node";
        if (s.endsWith(".ts")) return "tsx";
        if (s.endsWith(".py")) return "python3";
        if (s.endsWith(".sh")) return "bash";
        if (s.endsWith(".java") || s.endsWith(".jar")) return "java";
        return null;
    }

    static boolean isJar(String script) { return script.toLowerCase(Locale.ROOT).endsWith(".jar"); }
}
