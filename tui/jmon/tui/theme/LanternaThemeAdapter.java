package jmon.tui.theme;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one place a {@link Theme} becomes lanterna colours and SGR, reduced to the terminal's {@link ColorDepth}
 * (a 24-bit colour becomes the nearest of the 256-colour palette or of the 16 ANSI colours); results are cached
 * per role.
 */
public final class LanternaThemeAdapter {
    /** A role resolved for drawing. */
    public record Look(TextColor fg, TextColor bg, EnumSet<SGR> sgr) {}

    private final Theme theme;
    private final ColorDepth depth;
    private final Map<String, Look> cache = new HashMap<>();

    public LanternaThemeAdapter(Theme theme) { this(theme, ColorDepth.TRUECOLOR); }

    public LanternaThemeAdapter(Theme theme, ColorDepth depth) {
        this.theme = theme;
        this.depth = depth;
    }

    public Theme theme() { return theme; }
    public ColorDepth depth() { return depth; }

    /** True when app output's own colours should be dropped: a colourless terminal or a monochrome theme. */
    public boolean monochrome() { return depth == ColorDepth.NONE || theme.name().equals("mono"); }

    public synchronized Look look(String role) {
        return cache.computeIfAbsent(role, r -> {
            Theme.Style s = theme.style(r);
            EnumSet<SGR> sgr = EnumSet.noneOf(SGR.class);
            for (String n : s.sgr()) sgr.add(SGR.valueOf(n.toUpperCase(Locale.ROOT)));
            return new Look(reduce(color(s.fg())), reduce(color(s.bg())), sgr);
        });
    }

    /** {@code c} as this terminal can show it. */
    public TextColor reduce(TextColor c) { return reduce(c, depth); }

    static TextColor reduce(TextColor c, ColorDepth depth) {
        if (c == null || c instanceof TextColor.ANSI) return c == null ? TextColor.ANSI.DEFAULT : c;
        return switch (depth) {
            case TRUECOLOR -> c;
            case INDEXED256 -> c instanceof TextColor.RGB ? TextColor.Indexed.fromRGB(c.getRed(), c.getGreen(), c.getBlue()) : c;
            case ANSI16 -> nearestAnsi(c.getRed(), c.getGreen(), c.getBlue());
            case NONE -> TextColor.ANSI.DEFAULT;
        };
    }

    /** The nearest of the 16 ANSI colours (xterm's values), by squared distance. */
    static TextColor.ANSI nearestAnsi(int r, int g, int b) {
        TextColor.ANSI best = TextColor.ANSI.WHITE;
        long bestD = Long.MAX_VALUE;
        for (TextColor.ANSI a : TextColor.ANSI.values()) {
            if (a == TextColor.ANSI.DEFAULT) continue;
            long dr = a.getRed() - r, dg = a.getGreen() - g, db = a.getBlue() - b;
            long d = dr * dr + dg * dg + db * db;
            if (d < bestD) {
                bestD = d;
                best = a;
            }
        }
        return best;
    }

    private static TextColor color(String v) {
        try {
            TextColor c = TextColor.Factory.fromString(v);
            return c == null ? TextColor.ANSI.DEFAULT : c;
        } catch (RuntimeException e) {
            return TextColor.ANSI.DEFAULT;
        }
    }
}
