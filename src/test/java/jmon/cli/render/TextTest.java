package jmon.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void displayWidth() {
        assertEquals(1, Text.width("↺"));
        assertEquals(1, Text.width("…"));
        assertEquals(4, Text.width("日本"));
        assertEquals(1, Text.width("e\u0301"), "combining accent takes no column");
        assertEquals(2, Text.width("\uD83D\uDE00"), "emoji outside the BMP");
    }

    @Test
    void truncateCutsToTheWidthWithAnEllipsis() {
        assertEquals("abc", Text.truncate("abc", 3));
        assertEquals("ab…", Text.truncate("abcd", 3));
        assertEquals("…", Text.truncate("abcd", 1));
        assertEquals("", Text.truncate("abcd", 0));
        assertEquals("日…", Text.truncate("日本語", 4), "a wide char that does not fit is left out whole");
        assertEquals(3, Text.width(Text.truncate("日本語", 4)));
    }

    @Test
    void printableReplacesControlCharacters() {
        assertEquals("a?[31mb?c", Text.printable("a\u001b[31mb\nc"));
        assertEquals("plain", Text.printable("plain"));
        assertEquals("-", Text.printable(null));
    }

    @Test
    void asciiFastPathAgreesWithTheCodePointRule() {
        for (int c = 0; c < 0x80; c++) {
            assertEquals(Text.width(c), Text.width(String.valueOf((char) c)), "U+" + Integer.toHexString(c));
        }
        String mixed = "ab\u0000\u007f日e\u0301x\uD83D\uDE00\t";
        int expected = 0;
        for (int i = 0; i < mixed.length(); i += Character.charCount(mixed.codePointAt(i))) expected += Text.width(mixed.codePointAt(i));
        assertEquals(expected, Text.width(mixed));
    }
}
