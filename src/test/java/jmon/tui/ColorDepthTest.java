package jmon.tui;

import static org.junit.jupiter.api.Assertions.*;

import com.googlecode.lanterna.TextColor;
import java.util.List;
import java.util.Map;
import jmon.tui.theme.ColorDepth;
import jmon.tui.theme.LanternaThemeAdapter;
import jmon.tui.theme.ThemeLoader;
import org.junit.jupiter.api.Test;

/**
 * Colours by what the terminal says: 24-bit only with COLORTERM=truecolor/24bit, the 256-colour palette for a
 * 256color TERM, the 16 ANSI colours otherwise, none with NO_COLOR. Checked on every bundled theme's roles, and
 * on the drawn screen (the virtual terminal's cells).
 */
class ColorDepthTest {
    @Test
    void depthComesFromTheEnvironment() {
        assertEquals(ColorDepth.TRUECOLOR, ColorDepth.of(Map.of("COLORTERM", "truecolor", "TERM", "xterm")));
        assertEquals(ColorDepth.TRUECOLOR, ColorDepth.of(Map.of("COLORTERM", "24bit")));
        assertEquals(ColorDepth.INDEXED256, ColorDepth.of(Map.of("TERM", "xterm-256color")));
        assertEquals(ColorDepth.INDEXED256, ColorDepth.of(Map.of("TERM", "tmux-256color", "COLORTERM", "yes")));
        assertEquals(ColorDepth.ANSI16, ColorDepth.of(Map.of("TERM", "xterm")));
        assertEquals(ColorDepth.ANSI16, ColorDepth.of(Map.of()));
        assertEquals(ColorDepth.NONE, ColorDepth.of(Map.of("NO_COLOR", "", "COLORTERM", "truecolor")));
    }

    @Test
    void everyThemeIsReducedToTheDepth() {
        for (String name : ThemeLoader.BUNDLED) {
            var theme = ThemeLoader.bundled(name).theme();
            for (ColorDepth d : ColorDepth.values()) {
                LanternaThemeAdapter a = new LanternaThemeAdapter(theme, d);
                for (String role : jmon.tui.theme.Theme.ROLES) {
                    for (TextColor c : List.of(a.look(role).fg(), a.look(role).bg())) {
                        switch (d) {
                            case NONE -> assertEquals(TextColor.ANSI.DEFAULT, c, name + " " + role);
                            case ANSI16 -> assertInstanceOf(TextColor.ANSI.class, c, name + " " + role);
                            case INDEXED256 -> assertFalse(c instanceof TextColor.RGB, name + " " + role + " " + c);
                            case TRUECOLOR -> { }
                        }
                    }
                }
            }
        }
        // the default theme's alarm red, at each depth
        var def = ThemeLoader.bundled("default").theme();
        assertEquals(new TextColor.RGB(0xff, 0x5f, 0x5f), new LanternaThemeAdapter(def, ColorDepth.TRUECOLOR).look("alarm").fg());
        assertEquals(new TextColor.Indexed(203), new LanternaThemeAdapter(def, ColorDepth.INDEXED256).look("alarm").fg());
        assertEquals(TextColor.ANSI.RED_BRIGHT, new LanternaThemeAdapter(def, ColorDepth.ANSI16).look("alarm").fg());
    }

    @Test
    void theDrawnScreenUsesOnlyWhatTheTerminalShows() throws Exception {
        for (Map<String, String> env : List.of(Map.of("HOME", "/nonexistent", "TERM", "xterm"),
                Map.of("HOME", "/nonexistent", "TERM", "xterm-256color"),
                Map.of("HOME", "/nonexistent", "TERM", "xterm", "COLORTERM", "truecolor"))) {
            FakeApi api = FakeApi.example();
            ConsoleMain.Parts p = Grid.parts(api, null, false, env);
            p.model().setProcesses(api.list(null));
            p.model().setDaemon(api.ping());
            boolean rgb = false, indexed = false;
            try (Grid g = new Grid(80, 24)) {
                g.draw(p.view());
                for (int y = 0; y < 24; y++) {
                    for (int x = 0; x < 80; x++) {
                        var ch = g.term.getCharacter(x, y);
                        for (TextColor c : List.of(ch.getForegroundColor(), ch.getBackgroundColor())) {
                            rgb |= c instanceof TextColor.RGB;
                            indexed |= c instanceof TextColor.Indexed;
                        }
                    }
                }
            }
            ColorDepth d = ColorDepth.of(env);
            assertEquals(d == ColorDepth.TRUECOLOR, rgb, env.toString());
            assertEquals(d == ColorDepth.INDEXED256, indexed, env.toString());
        }
    }
}
