package jmon.cli.render;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The few {@link String#format} patterns the CLI prints, without {@link java.util.Formatter}: its set-up (a
 * regex, locale data, decimal-format symbols) costs a short-lived command more than everything it prints.
 * Output is the same as {@code String.format}'s.
 */
public final class Fmt {
    private Fmt() {}

    /** {@code String.format("%-" + width + "s", v)}: left-justified, padded with spaces to {@code width} chars. */
    public static String padRight(Object v, int width) {
        String s = String.valueOf(v);
        if (s.length() >= width) return s;
        return s + " ".repeat(width - s.length());
    }

    /** {@code String.format("%.2f", v)} in the default format locale. */
    public static String fixed2(double v) {
        Locale l = Locale.getDefault(Locale.Category.FORMAT);
        // '.' and ASCII digits: what Formatter uses for these locales; anything else takes the JDK's own path
        boolean plain = l.equals(Locale.US) || l.equals(Locale.ENGLISH) || l.equals(Locale.ROOT);
        if (!plain || Double.isNaN(v) || Double.isInfinite(v) || v < 0 || (v == 0 && 1 / v < 0)) {
            return String.format("%.2f", v);
        }
        // Formatter rounds the shortest decimal form (Double.toString's digits) half-up, not the binary value
        return new BigDecimal(Double.toString(v)).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
