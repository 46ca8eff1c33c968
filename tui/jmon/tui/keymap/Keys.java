package jmon.tui.keymap;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Key notation (lanterna's Vim-like {@code KeyStroke.fromString} grammar): {@code "q"}, {@code "D"},
 * {@code "<C-r>"}, {@code "<A-x>"}, {@code "<S-Tab>"}, {@code "<F5>"}, {@code "<Esc>"}, {@code "<Enter>"},
 * {@code "<Up>"}, {@code "<PageDown>"}, {@code "<Space>"}. Every key is normalised to one canonical string
 * (modifiers in the order C, A, S; control letters lower case) so lookups compare strings.
 */
public final class Keys {
    private Keys() {}

    /** Canonical names of the special keys, by every spelling accepted (lower case). */
    private static final Map<String, String> NAMES = new TreeMap<>();

    static {
        for (String n : new String[] {"Esc", "Enter", "Tab", "Backspace", "Up", "Down", "Left", "Right", "Home", "End",
                "PageUp", "PageDown", "Insert", "Delete", "Space"}) {
            NAMES.put(n.toLowerCase(Locale.ROOT), n);
        }
        for (int i = 1; i <= 12; i++) NAMES.put("f" + i, "F" + i);
        NAMES.put("escape", "Esc");
        NAMES.put("cr", "Enter");
        NAMES.put("return", "Enter");
        NAMES.put("bs", "Backspace");
        NAMES.put("del", "Delete");
        NAMES.put("ins", "Insert");
        NAMES.put("pgup", "PageUp");
        NAMES.put("pgdn", "PageDown");
        NAMES.put("lt", "<");
        NAMES.put("reversetab", "S-Tab");
    }

    /** Thrown for a key the grammar does not accept, with the reason. */
    public static final class BadKey extends IllegalArgumentException {
        public BadKey(String msg) { super(msg); }
    }

    /** The canonical form of a key written in the notation; throws {@link BadKey} with the reason. */
    public static String parse(String s) {
        if (s == null || s.isEmpty()) throw new BadKey("empty key");
        if (s.codePointCount(0, s.length()) == 1) {
            if (Character.isISOControl(s.codePointAt(0))) throw new BadKey("control character; write it as <C-x>");
            return s.equals(" ") ? "<Space>" : s;
        }
        if (!s.startsWith("<") || !s.endsWith(">") || s.length() < 3) {
            throw new BadKey("'" + s + "' is neither one character nor <...> notation (e.g. <C-r>, <F5>, <Esc>)");
        }
        String body = s.substring(1, s.length() - 1);
        boolean ctrl = false, alt = false, shift = false;
        while (body.length() > 2 && body.charAt(1) == '-') {
            char m = Character.toUpperCase(body.charAt(0));
            if (m == 'C') ctrl = true;
            else if (m == 'A' || m == 'M') alt = true;
            else if (m == 'S') shift = true;
            else throw new BadKey("unknown modifier '" + body.charAt(0) + "-' in " + s + " (C-, A- or S-)");
            body = body.substring(2);
        }
        String name;
        if (body.codePointCount(0, body.length()) == 1) {
            if (ctrl) {
                String c = body.toLowerCase(Locale.ROOT);
                if (c.equals("h") || c.equals("i") || c.equals("j") || c.equals("m") || c.equals("[")) {
                    throw new BadKey(s + " cannot be told apart from Backspace, Tab, Enter or Esc by a terminal");
                }
                name = c;
            } else {
                name = body;
            }
            if (!ctrl && !alt) return name.equals(" ") ? "<Space>" : name; // <S-x> is just X
            shift = false;
        } else {
            name = NAMES.get(body.toLowerCase(Locale.ROOT));
            if (name == null) throw new BadKey("unknown key name '" + body + "' in " + s);
            if (name.equals("<")) return "<";
            if (name.equals("S-Tab")) {
                name = "Tab";
                shift = true;
            }
        }
        return compose(name, ctrl, alt, shift);
    }

    /** Canonical key from its parts (what the view builds from a terminal key stroke). */
    public static String compose(String name, boolean ctrl, boolean alt, boolean shift) {
        boolean single = name.codePointCount(0, name.length()) == 1;
        if (single && !ctrl && !alt) return name.equals(" ") ? "<Space>" : name;
        if (single) {
            shift = false;
            if (ctrl) name = name.toLowerCase(Locale.ROOT);
        }
        StringBuilder b = new StringBuilder("<");
        if (ctrl) b.append("C-");
        if (alt) b.append("A-");
        if (shift) b.append("S-");
        return b.append(name.equals(" ") ? "Space" : name).append('>').toString();
    }

    /** A short label for help and the footer: "q", "^r", "F5", "Esc", "S-Tab". */
    public static String label(String canonical) {
        if (canonical.length() == 1 || !canonical.startsWith("<")) return canonical;
        String body = canonical.substring(1, canonical.length() - 1);
        if (body.startsWith("C-") && body.length() == 3) return "^" + body.substring(2);
        return body;
    }
}
