package jmon.engine.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code ignore_watch} pattern with PM2's meaning. PM2 hands ignore_watch to chokidar 3, which joins a relative
 * pattern to the app's cwd, adds {@code /**} under a pattern that has no glob characters (so {@code node_modules}
 * ignores the whole folder) and matches absolute paths with picomatch, dots included. So {@code *.pyc} is the
 * .pyc files directly in cwd, {@code **}{@code /*.pyc} is all of them, {@code **}{@code /tmp/**} every tmp folder,
 * and {@code a/**} matches {@code a} itself too. Compiled once per watch; never on a hot path.
 */
public final class WatchGlob {
    private final String pattern;
    private final Pattern regex;

    private WatchGlob(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
    }

    public String pattern() { return pattern; }

    /** Whether {@code absolutePath} is ignored. */
    public boolean matches(String absolutePath) { return regex.matcher(absolutePath).matches(); }

    /**
     * What is wrong with a pattern, or null when it compiles. Checked by validate and by the daemon at every
     * request, so a bad pattern is refused at its line instead of switching watch off at run time.
     */
    public static String problem(String pattern) {
        if (pattern == null || pattern.isBlank()) return "an empty pattern ignores nothing";
        if (pattern.indexOf('\0') >= 0) return "must not contain a NUL character";
        if (pattern.startsWith("!")) {
            return "a negated pattern (\"!...\") would ignore every other file; list what to ignore instead";
        }
        String regexHint = regexLook(pattern);
        if (regexHint != null) {
            return "looks like a regular expression (" + regexHint + "), but ignore_watch takes globs as PM2 does:"
                    + " write e.g. \"**/*.log\", \"tmp\" or \"**/cache/**\"";
        }
        try {
            new Translator(pattern).translate(0, pattern.length());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** @throws IllegalArgumentException with {@link #problem}'s message when the pattern is bad */
    public static WatchGlob compile(String pattern, String cwd) {
        String bad = problem(pattern);
        if (bad != null) throw new IllegalArgumentException("ignore_watch \"" + pattern + "\": " + bad);
        String abs = pattern.startsWith("/") ? pattern : (cwd.endsWith("/") ? cwd : cwd + "/") + pattern;
        abs = normalize(abs);
        if (!hasGlob(abs)) abs = abs.equals("/") ? "/**" : abs + "/**";
        return new WatchGlob(pattern, Pattern.compile(new Translator(abs).translate(0, abs.length())));
    }

    public static List<WatchGlob> compileAll(List<String> patterns, String cwd) {
        List<WatchGlob> out = new ArrayList<>(patterns.size());
        for (String p : patterns) out.add(compile(p, cwd));
        return out;
    }

    private static boolean hasGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '*' || c == '?' || c == '[' || c == '{') return true;
        }
        return false;
    }

    /** Node's path.join: "." segments and empty ones go, ".." removes the one before. */
    private static String normalize(String abs) {
        List<String> parts = new ArrayList<>();
        for (String seg : abs.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (!parts.isEmpty()) parts.remove(parts.size() - 1);
            } else {
                parts.add(seg);
            }
        }
        return "/" + String.join("/", parts);
    }

    private static String regexLook(String p) {
        if (p.startsWith("^")) return "starts with ^";
        if (p.endsWith("$") && !p.endsWith("\\$")) return "ends with $";
        for (String s : new String[] {".*", ".+", "(?", "\\d", "\\w", "\\s", "\\/"}) {
            if (p.contains(s)) return "has " + s;
        }
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') i++;
            else if (c == '{') depth++;
            else if (c == '}') depth--;
            else if (c == '|' && depth <= 0) return "has |";
        }
        return null;
    }

    /** picomatch's syntax (with dot: true) as a Java regular expression. */
    private static final class Translator {
        private final String p;

        Translator(String p) { this.p = p; }

        String translate(int from, int to) {
            StringBuilder re = new StringBuilder();
            for (int i = from; i < to; i++) {
                char c = p.charAt(i);
                switch (c) {
                    case '\\' -> {
                        if (i + 1 >= to) throw new IllegalArgumentException("ends with a lone backslash");
                        literal(re, p.charAt(++i));
                    }
                    case '*' -> {
                        int end = i;
                        while (end + 1 < to && p.charAt(end + 1) == '*') end++;
                        boolean segStart = i == from || p.charAt(i - 1) == '/';
                        boolean segEnd = end + 1 == to || p.charAt(end + 1) == '/';
                        if (end > i && segStart && segEnd) { // a globstar: any number of whole segments
                            if (end + 1 == to) {
                                if (re.length() > 0 && re.charAt(re.length() - 1) == '/') {
                                    re.setLength(re.length() - 1);
                                    re.append("(?:/.*)?");
                                } else {
                                    re.append(".*");
                                }
                            } else {
                                re.append("(?:.*/)?");
                                end++; // the slash is part of "**/"
                            }
                        } else {
                            re.append("[^/]*");
                        }
                        i = end;
                    }
                    case '?' -> re.append("[^/]");
                    case '[' -> i = charClass(re, i, to);
                    case '{' -> i = braces(re, i, to);
                    default -> literal(re, c);
                }
            }
            return re.toString();
        }

        private int charClass(StringBuilder re, int open, int to) {
            int i = open + 1;
            boolean negate = i < to && (p.charAt(i) == '!' || p.charAt(i) == '^');
            if (negate) i++;
            int first = i;
            while (i < to && (p.charAt(i) != ']' || i == first)) {
                if (p.charAt(i) == '\\') i++;
                i++;
            }
            if (i >= to) throw new IllegalArgumentException("the '[' at character " + (open + 1) + " is not closed by ']'");
            re.append('[');
            if (negate) re.append('^');
            for (int j = first; j < i; j++) {
                char c = p.charAt(j);
                if (c == '\\') c = p.charAt(++j);
                else if (c == '-' && j > first && j + 1 < i) { re.append('-'); continue; }
                if (Character.isLetterOrDigit(c)) re.append(c);
                else re.append('\\').append(c);
            }
            re.append(']');
            return i;
        }

        private int braces(StringBuilder re, int open, int to) {
            int depth = 0;
            List<Integer> commas = new ArrayList<>();
            int close = -1;
            for (int i = open; i < to && close < 0; i++) {
                char c = p.charAt(i);
                if (c == '\\') i++;
                else if (c == '{') depth++;
                else if (c == '}' && --depth == 0) close = i;
                else if (c == ',' && depth == 1) commas.add(i);
            }
            if (close < 0) throw new IllegalArgumentException("the '{' at character " + (open + 1) + " is not closed by '}'");
            re.append("(?:");
            int start = open + 1;
            for (int comma : commas) {
                re.append(translate(start, comma)).append('|');
                start = comma + 1;
            }
            re.append(translate(start, close)).append(')');
            return close;
        }

        private static void literal(StringBuilder re, char c) {
            if (Character.isLetterOrDigit(c) || c == '/' || c == '_' || c == '-' || c == ' ') re.append(c);
            else re.append('\\').append(c);
        }
    }
}
