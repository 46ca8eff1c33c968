package jmon.cli.render;

/** Terminal text measuring: display width, truncation with '…', padding, and making user text printable. */
final class Text {
    private Text() {}

    static final String ELLIPSIS = "…";

    /** Columns a code point takes in a terminal: 0 for combining marks, 2 for East Asian wide, else 1. */
    static int width(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
            return 2;
        }
        return 1;
    }

    /** Display width of a string without escape sequences ('↺' and '…' count 1). */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            if (s.charAt(i) < 0x80) { // ASCII, control characters included: one column, as width(int) says
                w++;
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            w += width(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /** {@code s} cut to at most {@code max} columns, ending with '…' when something was cut. */
    static String truncate(String s, int max) {
        if (max <= 0) return "";
        if (width(s) <= max) return s;
        StringBuilder b = new StringBuilder();
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int cw = width(cp);
            if (w + cw > max - 1) break;
            b.appendCodePoint(cp);
            w += cw;
            i += Character.charCount(cp);
        }
        return b.append(ELLIPSIS).toString();
    }

    static String spaces(int n) {
        return n <= 0 ? "" : " ".repeat(n);
    }

    /**
     * User-supplied text made safe for one terminal line: control characters (newline, ESC, DEL, C1) become
     * '?', so a name can neither break the layout nor inject escape sequences. Null becomes "-".
     */
    static String printable(String s) {
        if (s == null) return "-";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                if (b == null) b = new StringBuilder(s.substring(0, i));
                b.append('?');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
