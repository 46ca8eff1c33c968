package jmon.tui.theme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code themes/*.json} (aesthetics.md §8b): a palette of named colours, then styles by role that use
 * colours directly or as {@code $name}. {@code extends} merges onto another theme. A user theme in
 * {@code $XDG_CONFIG_HOME/jmon/themes/NAME.json} replaces the bundled one of that name. Problems are collected
 * as {@code file: pointer: message}; a theme with any is not used (the default is, and the problems are shown).
 */
public final class ThemeLoader {
    public static final List<String> BUNDLED = List.of("default", "light", "high-contrast", "mono");
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Result(Theme theme, List<String> problems) {}

    private final Path userDir;

    public ThemeLoader(Path userDir) { this.userDir = userDir; }

    public static Path userDir(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "jmon", "themes");
        String home = env.get("HOME");
        return home == null ? null : Path.of(home, ".config", "jmon", "themes");
    }

    public Result load(String nameOrPath) {
        List<String> problems = new ArrayList<>();
        Theme t = resolve(nameOrPath == null ? "default" : nameOrPath, problems, new ArrayList<>());
        if (t != null && problems.isEmpty()) return new Result(t, List.of());
        List<String> ignore = new ArrayList<>();
        Theme fallback = new ThemeLoader(null).resolve("default", ignore, new ArrayList<>());
        if (fallback == null) throw new IllegalStateException("bundled default theme is broken: " + ignore);
        return new Result(fallback, problems);
    }

    public static Result bundled(String name) {
        List<String> problems = new ArrayList<>();
        Theme t = new ThemeLoader(null).resolve(name, problems, new ArrayList<>());
        return new Result(t, problems);
    }

    private Theme resolve(String ref, List<String> problems, List<String> chain) {
        jmon.tui.DataFile f = jmon.tui.DataFile.resolve("theme", ref, userDir, BUNDLED, true, problems, chain);
        return f == null ? null : parse(f.root(), f.where(), problems, chain);
    }

    Theme parse(JsonNode root, String where, List<String> problems, List<String> chain) {
        int before = problems.size();
        if (root == null || !root.isObject()) {
            problems.add(where + ": /: a theme is a JSON object");
            return null;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("version", "name", "extends", "palette", "styles", "description").contains(f)) {
                problems.add(where + ": /" + f + ": unknown key (version, name, extends, palette, styles)");
            }
        }
        if (root.path("version").asInt(-1) != 1) problems.add(where + ": /version: must be 1");
        Map<String, Theme.Style> styles = new LinkedHashMap<>();
        if (root.hasNonNull("extends")) {
            Theme base = resolve(root.get("extends").asText(), problems, chain);
            if (base == null) return null;
            for (String r : base.roles()) styles.put(r, base.raw(r));
        }
        Map<String, String> palette = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("palette").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String v = e.getValue().asText();
            String err = colourError(v);
            if (err != null) problems.add(where + ": /palette/" + e.getKey() + ": " + err);
            else palette.put(e.getKey(), v);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("styles").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String ptr = "/styles/" + e.getKey();
            JsonNode s = e.getValue();
            if (!s.isObject()) {
                problems.add(where + ": " + ptr + ": must be an object with fg, bg, sgr");
                continue;
            }
            String fg = colour(s, "fg", palette, where, ptr, problems);
            String bg = colour(s, "bg", palette, where, ptr, problems);
            List<String> sgr = new ArrayList<>();
            for (Iterator<String> f = s.fieldNames(); f.hasNext(); ) {
                String k = f.next();
                if (!List.of("fg", "bg", "sgr").contains(k)) problems.add(where + ": " + ptr + "/" + k + ": unknown key (fg, bg, sgr)");
            }
            for (int i = 0; i < s.path("sgr").size(); i++) {
                String n = s.path("sgr").get(i).asText().toUpperCase(Locale.ROOT);
                try {
                    SGR.valueOf(n);
                    sgr.add(n.toLowerCase(Locale.ROOT));
                } catch (IllegalArgumentException x) {
                    problems.add(where + ": " + ptr + "/sgr/" + i + ": unknown SGR '" + s.path("sgr").get(i).asText()
                            + "' (bold, reverse, underline, blink, italic, bordered, fraktur, crossed_out, circled)");
                }
            }
            styles.put(e.getKey(), new Theme.Style(fg, bg, sgr));
        }
        if (!styles.containsKey("base")) problems.add(where + ": /styles/base: missing (every theme needs a base style)");
        for (jmon.api.ProcessStatus st : jmon.api.ProcessStatus.values()) {
            if (!styles.containsKey(Theme.statusRole(st))) {
                problems.add(where + ": /styles/" + Theme.statusRole(st) + ": missing (every status needs a style)");
            }
        }
        if (problems.size() > before) return null;
        return new Theme(root.path("name").asText(where), styles);
    }

    private static String colour(JsonNode s, String key, Map<String, String> palette, String where, String ptr,
                                 List<String> problems) {
        if (!s.hasNonNull(key)) return null;
        String v = s.get(key).asText();
        if (v.startsWith("$")) {
            String p = palette.get(v.substring(1));
            if (p == null) {
                problems.add(where + ": " + ptr + "/" + key + ": no palette colour '" + v.substring(1) + "'");
                return null;
            }
            return p;
        }
        String err = colourError(v);
        if (err != null) {
            problems.add(where + ": " + ptr + "/" + key + ": " + err);
            return null;
        }
        return v;
    }

    /** Null when lanterna reads {@code v} as a colour, else why not. */
    static String colourError(String v) {
        try {
            TextColor c = TextColor.Factory.fromString(v);
            return c == null ? "not a colour: '" + v + "'" : null;
        } catch (RuntimeException e) {
            return "not a colour: '" + v + "' (use an ANSI name like red or default, #n for 256 colours, or #rrggbb)";
        }
    }
}
