package jmon.engine.metrics;

import java.math.BigDecimal;
import java.util.Locale;

/** Memory sizes as PM2's max_memory_restart writes them. */
public final class Sizes {
    private Sizes() {}

    /**
     * "1024" (bytes), "512K", "200M", "1G", "1.5G"; units are binary (K = 1024), either case, an optional
     * trailing B ("200MB") and blanks around are accepted. Fractions of a byte are dropped.
     *
     * @throws IllegalArgumentException when s is not such a size, is negative or does not fit in a long
     */
    public static long parseBytes(String s) {
        if (s == null) throw new IllegalArgumentException("memory size is missing (expected e.g. 200M, 1G, 512K, 1024)");
        String t = s.trim().toUpperCase(Locale.ROOT);
        String number = t;
        long unit = 1;
        if (t.endsWith("B") && t.length() > 1 && "KMG".indexOf(t.charAt(t.length() - 2)) >= 0) {
            number = t.substring(0, t.length() - 1);
        }
        if (!number.isEmpty()) {
            int u = "KMG".indexOf(number.charAt(number.length() - 1));
            if (u >= 0) {
                unit = 1L << (10 * (u + 1));
                number = number.substring(0, number.length() - 1).trim();
            }
        }
        if (!number.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
            throw new IllegalArgumentException("invalid memory size \"" + s
                    + "\": expected a number of bytes or a number with K, M or G (e.g. 200M, 1G, 1.5G, 512K, 1024)");
        }
        BigDecimal bytes = new BigDecimal(number).multiply(BigDecimal.valueOf(unit));
        try {
            return bytes.toBigInteger().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("invalid memory size \"" + s + "\": too large");
        }
    }
}
