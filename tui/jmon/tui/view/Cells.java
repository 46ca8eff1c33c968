package jmon.tui.view;

import com.googlecode.lanterna.TextCharacter;

/**
 * Terminal columns of text: a wide character (CJK, most emoji) takes two, a combining mark none. The console
 * measures, cuts and wraps by these, never by Java chars (which would print an emoji as two '?' and cut a wrap
 * short).
 */
public final class Cells {
    private Cells() {}

    /** Columns the code point takes. */
    public static int width(int cp) {
        if (cp < 0x300) return cp < 0x20 || cp == 0x7f ? 0 : 1;
        int t = Character.getType(cp);
        if (t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.FORMAT || cp == 0x200d) return 0;
        if (cp >= 0xfe00 && cp <= 0xfe0f) return 0; // variation selectors
        if (cp >= 0x1f000 && cp <= 0x1faff) return 2; // emoji and pictographs
        return TextCharacter.fromString(new String(Character.toChars(cp)))[0].isDoubleWidth() ? 2 : 1;
    }

    /** Columns {@code s} takes. */
    public static int width(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            n += width(cp);
            i += Character.charCount(cp);
        }
        return n;
    }

    /** The longest prefix of {@code s} that fits in {@code cols} columns (never splits a wide character). */
    public static String prefix(String s, int cols) {
        int n = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int w = width(cp);
            if (n + w > cols) break;
            n += w;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /** {@code s} cut to {@code max} columns, with '…' as the last column when it was cut. */
    public static String fit(String s, int max) {
        if (width(s) <= max) return s;
        if (max <= 1) return prefix(s, Math.max(0, max));
        return prefix(s, max - 1) + "…";
    }
}
