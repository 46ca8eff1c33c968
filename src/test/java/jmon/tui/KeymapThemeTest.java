package jmon.tui;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jmon.api.ProcessStatus;
import jmon.tui.keymap.Action;
import jmon.tui.keymap.Keymap;
import jmon.tui.keymap.KeymapLoader;
import jmon.tui.keymap.Keys;
import jmon.tui.theme.Theme;
import jmon.tui.theme.ThemeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keymap and theme loaders: every bundled file valid and complete, bad files rejected with the reason. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeymapThemeTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"default", "vim", "fkeys"})
    void bundledKeymapIsValidAndBindsEveryAction(String name) {
        KeymapLoader.Result r = KeymapLoader.bundled(name);
        assertEquals(List.of(), r.problems());
        assertEquals(name, r.keymap().name());
        EnumSet<Action> missing = EnumSet.allOf(Action.class);
        missing.removeAll(r.keymap().boundActions());
        assertEquals(EnumSet.noneOf(Action.class), missing, name + " leaves actions unbound");
        // a quit path from the process list, and a way back from every other view
        assertNotNull(r.keymap().action("processes", "<F10>") == null ? r.keymap().action("processes", "q") : Action.APP_QUIT);
        for (String c : List.of("logs", "details")) assertFalse(r.keymap().keysFor(c, Action.VIEW_BACK).isEmpty(), c);
    }

    @Test
    void defaultKeymapFollowsTheIssue() {
        Keymap k = KeymapLoader.bundled("default").keymap();
        assertEquals(Action.APP_QUIT, k.action("processes", "q"));
        assertEquals(Action.VIEW_BACK, k.action("logs", "q"));
        assertEquals(Action.APP_HELP, k.action("processes", "?"));
        assertEquals(Action.LIST_FILTER, k.action("processes", "/"));
        assertEquals(Action.APP_COMMAND, k.action("processes", ":"));
        assertEquals(Action.PROCESS_RESTART, k.action("processes", "r"));
        assertEquals(Action.PROCESS_START, k.action("processes", "s"));
        assertEquals(Action.PROCESS_STOP, k.action("processes", "x"));
        assertEquals(Action.PROCESS_DELETE, k.action("processes", "D"));
        assertEquals(Action.PROCESS_LOGS, k.action("processes", "l"));
        assertEquals(Action.PROCESS_LOGS, k.action("processes", "<Enter>"));
        assertEquals(Action.CURSOR_DOWN, k.action("processes", "j"));
        assertEquals(Action.CURSOR_UP, k.action("processes", "<Up>"));
        assertEquals(Action.PROCESS_RESTART, k.action("processes", Keys.parse("<C-R>")));
        Keymap ro = k.readOnly();
        assertNull(ro.action("processes", "r"));
        assertEquals(Action.LIST_FILTER, ro.action("processes", "/"));
    }

    @Test
    void keyNotation() {
        assertEquals("<C-r>", Keys.parse("<C-r>"));
        assertEquals("<S-Tab>", Keys.parse("<S-Tab>"));
        assertEquals("<Space>", Keys.parse(" "));
        assertEquals("X", Keys.parse("<S-X>"));
        assertEquals("<PageDown>", Keys.parse("<pagedown>"));
        for (String bad : List.of("<C-h>", "<C-i>", "<C-j>", "<C-m>", "<C-[>", "<Nope>", "ab", "<Q-x>")) {
            assertThrows(Keys.BadKey.class, () -> Keys.parse(bad), bad);
        }
    }

    private KeymapLoader.Result loadUser(String name, String json) throws Exception {
        Files.writeString(dir.resolve(name + ".json"), json);
        return new KeymapLoader(dir).load(name);
    }

    @Test
    void userKeymapExtendsABundledOne() throws Exception {
        KeymapLoader.Result r = loadUser("mine", """
                { "version": 1, "name": "mine", "extends": "default",
                  "contexts": { "processes": { "process.delete": [], "process.stop": ["K"] } },
                  "commands": [ { "context": "processes", "key": "<C-w>", "run": "restart all", "label": "Restart all" } ] }""");
        assertEquals(List.of(), r.problems());
        Keymap k = r.keymap();
        assertEquals("mine", k.name());
        assertNull(k.action("processes", "D"));
        assertNull(k.action("processes", "x"));
        assertEquals(Action.PROCESS_STOP, k.action("processes", "K"));
        assertEquals("restart all", k.lookup("processes", "<C-w>").command().run());
        assertEquals(Action.PROCESS_RESTART, k.action("processes", "r"));
    }

    @Test
    void unknownActionIsRejectedWithTheFileTheKeyAndASuggestion() throws Exception {
        KeymapLoader.Result r = loadUser("bad", """
                { "version": 1, "name": "bad", "extends": "default", "contexts": { "processes": { "process.restrat": ["Z"] } } }""");
        assertEquals("default", r.keymap().name(), "falls back to the bundled default");
        assertEquals(1, r.problems().size(), r.problems().toString());
        String p = r.problems().get(0);
        assertTrue(p.contains(dir.resolve("bad.json").toString()), p);
        assertTrue(p.contains("/contexts/processes/process.restrat") && p.contains("did you mean 'process.restart'"), p);
    }

    @Test
    void conflictingKeyIsRejectedNamingTheKey() throws Exception {
        KeymapLoader.Result r = loadUser("clash", """
                { "version": 1, "name": "clash", "extends": "default", "contexts": { "processes": { "process.stop": ["r"] } } }""");
        assertEquals("default", r.keymap().name());
        String p = String.join("\n", r.problems());
        assertTrue(p.contains("clash.json") && p.contains("key \"r\" is already bound to process.restart"), p);
        r = loadUser("twice", """
                { "version": 1, "name": "twice", "contexts": { "logs": { "logs.wrap": ["w"], "logs.follow": ["w"] } } }""");
        assertTrue(String.join("\n", r.problems()).contains("key \"w\" is already bound to logs.wrap in context logs"), r.problems().toString());
        r = loadUser("ctl", """
                { "version": 1, "name": "ctl", "contexts": { "logs": { "logs.wrap": ["<C-m>"] } } }""");
        assertTrue(String.join("\n", r.problems()).contains("/contexts/logs/logs.wrap/0: bad key \"<C-m>\""), r.problems().toString());
        r = new KeymapLoader(dir).load("nosuch");
        assertTrue(r.problems().get(0).contains("no such keymap"), r.problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "light", "high-contrast", "mono"})
    void bundledThemeIsValidAndCoversEveryStatus(String name) {
        ThemeLoader.Result r = ThemeLoader.bundled(name);
        assertEquals(List.of(), r.problems());
        Theme t = r.theme();
        assertTrue(t.defines("base"));
        for (ProcessStatus s : ProcessStatus.values()) assertTrue(t.defines(Theme.statusRole(s)), Theme.statusRole(s));
        for (String role : Theme.ROLES) assertNotNull(t.style(role).fg(), role);
    }

    @Test
    void defaultThemeDefinesEveryRoleAndMonoHasNoColour() {
        Theme d = ThemeLoader.bundled("default").theme();
        List<String> missing = new ArrayList<>();
        for (String role : Theme.ROLES) if (!d.defines(role)) missing.add(role);
        assertEquals(List.of(), missing);
        Theme mono = ThemeLoader.bundled("mono").theme();
        for (String role : mono.roles()) {
            assertEquals("default", mono.style(role).fg(), role);
            assertEquals("default", mono.style(role).bg(), role);
        }
        assertEquals(List.of("bold", "underline"), mono.style("status.errored").sgr());
        // fallback by prefix: an unknown role ends at base
        assertEquals(d.style("base").fg(), d.style("nothing.here").fg());
    }

    @Test
    void badThemesAreRejectedWithTheReason() throws Exception {
        Files.writeString(dir.resolve("ugly.json"), new ObjectMapper().writeValueAsString(java.util.Map.of(
                "version", 1, "name", "ugly", "extends", "default",
                "palette", java.util.Map.of("x", "notacolour"),
                "styles", java.util.Map.of("alarm", java.util.Map.of("fg", "$missing", "sgr", List.of("sparkle"))))));
        ThemeLoader.Result r = new ThemeLoader(dir).load("ugly");
        assertEquals("default", r.theme().name());
        String p = String.join("\n", r.problems());
        assertTrue(p.contains("/palette/x: not a colour"), p);
        assertTrue(p.contains("/styles/alarm/fg: no palette colour 'missing'"), p);
        assertTrue(p.contains("/styles/alarm/sgr/0: unknown SGR 'sparkle'"), p);
        Files.writeString(dir.resolve("thin.json"), "{\"version\":1,\"name\":\"thin\",\"styles\":{\"base\":{}}}");
        r = new ThemeLoader(dir).load("thin");
        assertTrue(String.join("\n", r.problems()).contains("/styles/status.errored: missing"), r.problems().toString());
    }

    @Test
    void userThemeExtendsAndReplaces() throws Exception {
        Files.writeString(dir.resolve("dracula.json"), """
                { "version": 1, "name": "dracula", "extends": "default",
                  "palette": { "bad": "#ff5555" }, "styles": { "status.errored": { "fg": "$bad", "sgr": ["bold"] } } }""");
        ThemeLoader.Result r = new ThemeLoader(dir).load("dracula");
        assertEquals(List.of(), r.problems());
        assertEquals("#ff5555", r.theme().style("status.errored").fg());
        assertEquals(ThemeLoader.bundled("default").theme().style("status.online").fg(), r.theme().style("status.online").fg());
    }
}
