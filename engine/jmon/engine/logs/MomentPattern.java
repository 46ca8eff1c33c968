package jmon.engine.logs;

/**
 * PM2's {@code log_date_format} is a moment.js pattern ("YYYY-MM-DD HH:mm Z"); this turns its common tokens
 * into a {@link java.time.format.DateTimeFormatter} pattern. Text in [brackets] is literal, as in moment.
 */
public final class MomentPattern {
    private static final String[][] TOKENS = {
            {"YYYY", "yyyy"}, {"YY", "yy"}, {"MMMM", "MMMM"}, {"MMM", "MMM"}, {"MM", "MM"}, {"M", "M"},
            {"DD", "dd"}, {"D", "d"}, {"dddd", "EEEE"}, {"ddd", "EEE"}, {"HH", "HH"}, {"H", "H"},
            {"hh", "hh"}, {"h", "h"}, {"mm", "mm"}, {"m", "m"}, {"ss", "ss"}, {"s", "s"}, {"SSS", "SSS"},
            {"A", "a"}, {"ZZ", "xx"}, {"Z", "xxx"}, {"x", "n"}};

    private MomentPattern() {}

    public static String toJava(String moment) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < moment.length()) {
            char c = moment.charAt(i);
            if (c == '[') {
                int close = moment.indexOf(']', i);
                if (close < 0) throw new IllegalArgumentException("unclosed [ in date format " + moment);
                out.append('\'').append(moment, i + 1, close).append('\'');
                i = close + 1;
                continue;
            }
            String hit = null;
            for (String[] t : TOKENS) {
                if (moment.startsWith(t[0], i)) {
                    hit = t[0];
                    out.append(t[1]);
                    break;
                }
            }
            if (hit != null) {
                i += hit.length();
            } else {
                if (Character.isLetter(c)) out.append('\'').append(c).append('\'');
                else if (c == '\'') out.append("''");
                else out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
