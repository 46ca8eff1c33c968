package jmon.tui.theme;

import java.util.Locale;
import java.util.Map;

/**
 * How many colours the terminal shows, from what it says about itself: 24-bit only when {@code COLORTERM} is
 * {@code truecolor} or {@code 24bit}, 256 when {@code TERM} names a 256-colour terminal, else the 16 ANSI colours;
 * {@code NO_COLOR} (any value) means none. A theme's colours are reduced to this depth when they are drawn.
 */
public enum ColorDepth {
    NONE, ANSI16, INDEXED256, TRUECOLOR;

    public static ColorDepth of(Map<String, String> env) {
        if (env.containsKey("NO_COLOR")) return NONE;
        String ct = env.getOrDefault("COLORTERM", "").toLowerCase(Locale.ROOT);
        if (ct.equals("truecolor") || ct.equals("24bit")) return TRUECOLOR;
        String term = env.getOrDefault("TERM", "").toLowerCase(Locale.ROOT);
        if (term.contains("256color") || term.contains("direct")) return INDEXED256;
        return ANSI16;
    }
}
