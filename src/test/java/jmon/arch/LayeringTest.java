package jmon.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine has no UI in it, and the contract depends on nothing of jmon: read from the imports. */
class LayeringTest {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final List<String> UI = List.of("com.googlecode.lanterna", "org.jline", "picocli", "jmon.cli",
            "jmon.tui", "jmon.shell", "jmon.incident");

    private static List<Path> javaFiles(String root) throws IOException {
        try (Stream<Path> s = Files.walk(Path.of(root))) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static List<String> importsOf(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = IMPORT.matcher(Files.readString(p));
        while (m.find()) out.add(m.group(2));
        return out;
    }

    @Test
    void engineImportsNoUserInterfaceCode() throws IOException {
        List<String> bad = new ArrayList<>();
        List<Path> files = javaFiles("engine");
        assertFalse(files.isEmpty());
        for (Path f : files) {
            String text = Files.readString(f);
            for (String imp : importsOf(f)) {
                for (String ui : UI) if (imp.startsWith(ui + ".") || imp.equals(ui)) bad.add(f + " imports " + imp);
            }
            for (String ui : UI) {
                // fully qualified use without an import counts too
                if (text.contains(" " + ui + ".") || text.contains("(" + ui + ".")) bad.add(f + " uses " + ui);
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void contractDependsOnNothingOfJmon() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path f : javaFiles("engine/jmon/api")) {
            for (String imp : importsOf(f)) if (imp.startsWith("jmon.") && !imp.startsWith("jmon.api.")) bad.add(f + " imports " + imp);
        }
        assertEquals(List.of(), bad);
    }
}
