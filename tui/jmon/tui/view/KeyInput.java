package jmon.tui.view;

import com.googlecode.lanterna.input.KeyStroke;
import jmon.tui.keymap.Keys;

/** Terminal key strokes → the keymap's canonical key strings (null for what is not a key: mouse, cursor reports). */
public final class KeyInput {
    private KeyInput() {}

    public static String canonical(KeyStroke k) {
        boolean c = k.isCtrlDown(), a = k.isAltDown(), s = k.isShiftDown();
        String name = switch (k.getKeyType()) {
            case Character -> {
                char ch = k.getCharacter();
                yield ch == ' ' ? " " : String.valueOf(ch);
            }
            case Escape -> "Esc";
            case Enter -> "Enter";
            case Tab -> "Tab";
            case ReverseTab -> {
                s = true;
                yield "Tab";
            }
            case Backspace -> "Backspace";
            case ArrowUp -> "Up";
            case ArrowDown -> "Down";
            case ArrowLeft -> "Left";
            case ArrowRight -> "Right";
            case Home -> "Home";
            case End -> "End";
            case PageUp -> "PageUp";
            case PageDown -> "PageDown";
            case Insert -> "Insert";
            case Delete -> "Delete";
            case F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12 -> k.getKeyType().name();
            default -> null;
        };
        if (name == null) return null;
        if (name.length() == 1) return Keys.compose(name, c, a, false);
        return Keys.compose(name, c, a, s);
    }
}
