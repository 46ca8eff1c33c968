package jmon.tui.view;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * An app's output line with its ANSI escape sequences read: SGR colours and attributes become spans (16, 256 and
 * 24-bit colours, bold, underline, reverse, italic; 0 resets), every other escape sequence and control character
 * is dropped (a tab is a space). A span's null colour means "the log pane's own".
 */
public final class AnsiText {
    public record Span(String text, TextColor fg, TextColor bg, EnumSet<SGR> sgr) {}

    private AnsiText() {}

    private static final TextColor.ANSI[] BASE = {TextColor.ANSI.BLACK, TextColor.ANSI.RED, TextColor.ANSI.GREEN,
            TextColor.ANSI.YELLOW, TextColor.ANSI.BLUE, TextColor.ANSI.MAGENTA, TextColor.ANSI.CYAN, TextColor.ANSI.WHITE};
    private static final TextColor.ANSI[] BRIGHT = {TextColor.ANSI.BLACK_BRIGHT, TextColor.ANSI.RED_BRIGHT,
            TextColor.ANSI.GREEN_BRIGHT, TextColor.ANSI.YELLOW_BRIGHT, TextColor.ANSI.BLUE_BRIGHT,
            TextColor.ANSI.MAGENTA_BRIGHT, TextColor.ANSI.CYAN_BRIGHT, TextColor.ANSI.WHITE_BRIGHT};

    /** The text alone, every escape sequence and control character removed. */
    public static String plain(String s) {
        if (s.indexOf('\u001b') < 0 && !hasControl(s)) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (Span p : parse(s)) b.append(p.text());
        return b.toString();
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) return true;
        }
        return false;
    }

    public static List<Span> parse(String s) {
        List<Span> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        TextColor fg = null, bg = null;
        EnumSet<SGR> sgr = EnumSet.noneOf(SGR.class);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\u001b') {
                int end;
                if (i + 1 < s.length() && s.charAt(i + 1) == '[') {
                    end = i + 2;
                    while (end < s.length() && (s.charAt(end) < 0x40 || s.charAt(end) > 0x7e)) end++;
                    if (end < s.length() && s.charAt(end) == 'm') {
                        if (b.length() > 0) {
                            out.add(new Span(b.toString(), fg, bg, EnumSet.copyOf(sgr.isEmpty() ? EnumSet.noneOf(SGR.class) : sgr)));
                            b.setLength(0);
                        }
                        Object[] st = apply(s.substring(i + 2, end), fg, bg, sgr);
                        fg = (TextColor) st[0];
                        bg = (TextColor) st[1];
                    }
                    i = Math.min(s.length(), end + 1);
                } else if (i + 1 < s.length() && s.charAt(i + 1) == ']') { // OSC: up to BEL or ESC \
                    end = i + 2;
                    while (end < s.length() && s.charAt(end) != '\u0007' && !(s.charAt(end) == '\u001b')) end++;
                    i = end < s.length() && s.charAt(end) == '\u001b' ? Math.min(s.length(), end + 2) : end + 1;
                } else {
                    i = Math.min(s.length(), i + 2);
                }
                continue;
            }
            if (c == '\t') b.append(' ');
            else if (!(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))) b.append(c);
            i++;
        }
        if (b.length() > 0 || out.isEmpty()) out.add(new Span(b.toString(), fg, bg, EnumSet.copyOf(sgr.isEmpty() ? EnumSet.noneOf(SGR.class) : sgr)));
        return out;
    }

    /** Applies one SGR parameter list; returns the new {fg, bg} ({@code sgr} is changed in place). */
    private static Object[] apply(String params, TextColor fg, TextColor bg, EnumSet<SGR> sgr) {
        String[] ps = params.isEmpty() ? new String[] {"0"} : params.split("[;:]", -1);
        for (int k = 0; k < ps.length; k++) {
            int p = num(ps[k]);
            if (p == 0) {
                fg = null;
                bg = null;
                sgr.clear();
            } else if (p == 1) sgr.add(SGR.BOLD);
            else if (p == 3) sgr.add(SGR.ITALIC);
            else if (p == 4) sgr.add(SGR.UNDERLINE);
            else if (p == 7) sgr.add(SGR.REVERSE);
            else if (p == 22) sgr.remove(SGR.BOLD);
            else if (p == 23) sgr.remove(SGR.ITALIC);
            else if (p == 24) sgr.remove(SGR.UNDERLINE);
            else if (p == 27) sgr.remove(SGR.REVERSE);
            else if (p >= 30 && p <= 37) fg = BASE[p - 30];
            else if (p == 39) fg = null;
            else if (p >= 40 && p <= 47) bg = BASE[p - 40];
            else if (p == 49) bg = null;
            else if (p >= 90 && p <= 97) fg = BRIGHT[p - 90];
            else if (p >= 100 && p <= 107) bg = BRIGHT[p - 100];
            else if ((p == 38 || p == 48) && k + 1 < ps.length) {
                TextColor col = null;
                int mode = num(ps[k + 1]);
                if (mode == 5 && k + 2 < ps.length) {
                    int n = num(ps[k + 2]);
                    if (n >= 0 && n <= 255) col = new TextColor.Indexed(n);
                    k += 2;
                } else if (mode == 2 && k + 4 < ps.length) {
                    col = new TextColor.RGB(clamp(num(ps[k + 2])), clamp(num(ps[k + 3])), clamp(num(ps[k + 4])));
                    k += 4;
                } else k = ps.length;
                if (p == 38) fg = col;
                else bg = col;
            }
        }
        return new Object[] {fg, bg};
    }

    private static int clamp(int v) { return Math.max(0, Math.min(255, v)); }

    private static int num(String s) {
        if (s.isEmpty()) return 0;
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
            if (n > 100_000) return -1;
        }
        return n;
    }
}
