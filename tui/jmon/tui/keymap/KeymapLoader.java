package jmon.tui.keymap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code keymaps/*.json} (format in aesthetics.md §8a). A name is a bundled keymap ({@code /keymaps/NAME.json}
 * on the class path) or a file in the user's folder ({@code $XDG_CONFIG_HOME/jmon/keymaps/NAME.json}, which wins);
 * a value with a '/' or ending in .json is a path. Every problem is collected as {@code file: pointer: message};
 * a keymap with any problem is never half-applied: the bundled default is used and the problems are reported.
 */
public final class KeymapLoader {
    public static final List<String> BUNDLED = List.of("default", "vim", "fkeys");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The keymap to use and what went wrong on the way (empty when all is well). */
    public record Result(Keymap keymap, List<String> problems) {}

    private final Path userDir;

    /** @param userDir the user's keymap folder, or null for none */
    public KeymapLoader(Path userDir) { this.userDir = userDir; }

    /** The user's folder from the environment: {@code $XDG_CONFIG_HOME/jmon/keymaps} or {@code ~/.config/jmon/keymaps}. */
    public static Path userDir(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "jmon", "keymaps");
        String home = env.get("HOME");
        return home == null ? null : Path.of(home, ".config", "jmon", "keymaps");
    }

    /** Loads {@code nameOrPath} (null = default); on any problem returns the bundled default and the problems. */
    public Result load(String nameOrPath) {
        List<String> problems = new ArrayList<>();
        Keymap k = resolve(nameOrPath == null ? "default" : nameOrPath, problems, new ArrayList<>());
        if (k != null && problems.isEmpty()) return new Result(k, List.of());
        List<String> ignore = new ArrayList<>();
        Keymap fallback = resolve("default", ignore, new ArrayList<>());
        if (fallback == null || !ignore.isEmpty()) throw new IllegalStateException("bundled default keymap is broken: " + ignore);
        return new Result(fallback, problems);
    }

    /** Only the bundled one (tests check every bundled file this way). */
    public static Result bundled(String name) {
        List<String> problems = new ArrayList<>();
        Keymap k = new KeymapLoader(null).resolve(name, problems, new ArrayList<>());
        return new Result(k, problems);
    }

    private Keymap resolve(String ref, List<String> problems, List<String> chain) {
        jmon.tui.DataFile f = jmon.tui.DataFile.resolve("keymap", ref, userDir, BUNDLED, false, problems, chain);
        return f == null ? null : parse(f.root(), f.where(), problems, chain);
    }

    /** Parses one file's tree (exposed for tests of bad content). */
    Keymap parse(JsonNode root, String where, List<String> problems, List<String> chain) {
        int before = problems.size();
        if (root == null || !root.isObject()) {
            problems.add(where + ": /: a keymap is a JSON object");
            return null;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("version", "name", "extends", "contexts", "commands", "description").contains(f)) {
                problems.add(where + ": /" + f + ": unknown key (version, name, extends, contexts, commands)");
            }
        }
        if (!root.path("version").isInt() || root.path("version").asInt() != 1) {
            problems.add(where + ": /version: must be 1");
        }
        String name = root.path("name").asText(where);
        Map<String, Map<String, Action>> ctx = new LinkedHashMap<>();
        List<Keymap.CommandBinding> cmds = new ArrayList<>();
        if (root.hasNonNull("extends")) {
            Keymap base = resolve(root.get("extends").asText(), problems, chain);
            if (base == null) {
                if (problems.size() == before) problems.add(where + ": /extends: cannot load '" + root.get("extends").asText() + "'");
                return null;
            }
            for (String c : Keymap.CONTEXTS) ctx.put(c, new LinkedHashMap<>(base.context(c)));
            cmds.addAll(base.commands());
        }
        JsonNode contexts = root.path("contexts");
        if (!contexts.isMissingNode() && !contexts.isObject()) problems.add(where + ": /contexts: must be an object");
        for (Iterator<Map.Entry<String, JsonNode>> it = contexts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> ce = it.next();
            String c = ce.getKey();
            if (!Keymap.CONTEXTS.contains(c)) {
                problems.add(where + ": /contexts/" + c + ": unknown context (" + String.join(", ", Keymap.CONTEXTS) + ")");
                continue;
            }
            Map<String, Action> m = ctx.computeIfAbsent(c, x -> new LinkedHashMap<>());
            Map<String, Action> own = new LinkedHashMap<>(); // keys this file binds in this context
            for (Iterator<Map.Entry<String, JsonNode>> ai = ce.getValue().fields(); ai.hasNext(); ) {
                Map.Entry<String, JsonNode> ae = ai.next();
                String ptr = "/contexts/" + c + "/" + ae.getKey();
                Action a = Action.byId(ae.getKey());
                if (a == null) {
                    problems.add(where + ": " + ptr + ": unknown action '" + ae.getKey() + "' (did you mean '"
                            + Action.nearest(ae.getKey()) + "'?)");
                    continue;
                }
                if (!ae.getValue().isArray()) {
                    problems.add(where + ": " + ptr + ": must be an array of keys ([] unbinds)");
                    continue;
                }
                m.values().removeIf(x -> x == a); // this file's keys replace the inherited ones
                for (int i = 0; i < ae.getValue().size(); i++) {
                    JsonNode kn = ae.getValue().get(i);
                    String key;
                    try {
                        key = Keys.parse(kn.asText());
                    } catch (Keys.BadKey e) {
                        problems.add(where + ": " + ptr + "/" + i + ": bad key \"" + kn.asText() + "\": " + e.getMessage());
                        continue;
                    }
                    Action prev = own.get(key);
                    if (prev != null && prev != a) {
                        problems.add(where + ": " + ptr + "/" + i + ": key \"" + kn.asText() + "\" is already bound to "
                                + prev.id() + " in context " + c);
                        continue;
                    }
                    own.put(key, a);
                }
            }
            for (Map.Entry<String, Action> e : own.entrySet()) {
                Action inherited = m.get(e.getKey());
                if (inherited != null && inherited != e.getValue() && !own.containsValue(inherited)) {
                    problems.add(where + ": /contexts/" + c + "/" + e.getValue().id() + ": key \"" + e.getKey()
                            + "\" is already bound to " + inherited.id() + " in context " + c
                            + " (unbind it there with \"" + inherited.id() + "\": [])");
                    continue;
                }
                m.put(e.getKey(), e.getValue());
            }
        }
        JsonNode commands = root.path("commands");
        if (!commands.isMissingNode() && !commands.isArray()) problems.add(where + ": /commands: must be an array");
        for (int i = 0; i < commands.size(); i++) {
            JsonNode cn = commands.get(i);
            String ptr = "/commands/" + i;
            String c = cn.path("context").asText("global");
            if (!Keymap.CONTEXTS.contains(c)) {
                problems.add(where + ": " + ptr + "/context: unknown context '" + c + "'");
                continue;
            }
            String run = cn.path("run").asText("");
            if (run.isBlank()) {
                problems.add(where + ": " + ptr + "/run: a command line is needed (e.g. \"restart all -n web\")");
                continue;
            }
            String key;
            try {
                key = Keys.parse(cn.path("key").asText(""));
            } catch (Keys.BadKey e) {
                problems.add(where + ": " + ptr + "/key: bad key \"" + cn.path("key").asText("") + "\": " + e.getMessage());
                continue;
            }
            if (ctx.getOrDefault(c, Map.of()).containsKey(key)) {
                problems.add(where + ": " + ptr + "/key: key \"" + cn.path("key").asText() + "\" is already bound to "
                        + ctx.get(c).get(key).id() + " in context " + c);
                continue;
            }
            cmds.removeIf(x -> x.context().equals(c) && x.key().equals(key));
            cmds.add(new Keymap.CommandBinding(c, key, run, cn.path("label").asText(run)));
        }
        if (problems.size() > before) return null;
        return new Keymap(name, where, ctx, cmds);
    }
}
