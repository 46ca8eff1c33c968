package jmon.tui.theme;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The one place a {@link Theme} becomes lanterna colours and SGR; results are cached per role. */
public final class LanternaThemeAdapter {
    /** A role resolved for drawing. */
    public record Look(TextColor fg, TextColor bg, EnumSet<SGR> sgr) {}

    private final Theme theme;
    private final Map<String, Look> cache = new HashMap<>();

    public LanternaThemeAdapter(Theme theme) { this.theme = theme; }

    public Theme theme() { return theme; }

    public synchronized Look look(String role) {
        return cache.computeIfAbsent(role, r -> {
            Theme.Style s = theme.style(r);
            EnumSet<SGR> sgr = EnumSet.noneOf(SGR.class);
            for (String n : s.sgr()) sgr.add(SGR.valueOf(n.toUpperCase(Locale.ROOT)));
            return new Look(color(s.fg()), color(s.bg()), sgr);
        });
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
