package jmon.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an {@code args} string the way a POSIX shell splits words, without expanding anything: users write
 * {@code "--name 'my app' -v"} and expect three arguments, never a shell running behind their back.
 */
final class ShellWords {
    private ShellWords() {}

    /** @throws IllegalArgumentException on an unterminated quote or a trailing backslash */
    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unterminated ' quote in \"" + s + "\"");
                cur.append(s, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i++;
                for (; i < s.length() && s.charAt(i) != '"'; i++) {
                    char q = s.charAt(i);
                    // inside double quotes a backslash only escapes the characters the shell treats specially
                    if (q == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) q = s.charAt(++i);
                    cur.append(q);
                }
                if (i >= s.length()) throw new IllegalArgumentException("unterminated \" quote in \"" + s + "\"");
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= s.length()) throw new IllegalArgumentException("trailing backslash in \"" + s + "\"");
                cur.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(cur.toString());
        return words;
    }
}
