package jmon.cli.render;

import jmon.format.Facts;

/** Human-readable durations, sizes and percentages, PM2 style ("12s", "5m", "3h", "2D"; "12.3mb"). */
public final class Human {
    private Human() {}

    private static final String[] UNITS = {"b", "kb", "mb", "gb", "tb", "pb"};

    /**
     * Largest whole unit of a duration: "0s".."59s", "1m".."59m", "1h".."23h", then days ("2D", "400D").
     * Negative durations (clock skew) read as "0s".
     */
    public static String duration(long ms) {
        if (ms < 0) ms = 0;
        long s = ms / 1000;
        if (s < 60) return s + "s";
        long m = s / 60;
        if (m < 60) return m + "m";
        long h = m / 60;
        if (h < 24) return h + "h";
        return (h / 24) + "D";
    }

    /**
     * A byte count in binary units with PM2's lower-case suffixes: "512b", "1.5kb", "12.3mb", "2.0gb".
     * Always one decimal above bytes; never wider than 8 characters below a petabyte. Negative reads as "0b".
     */
    public static String bytes(long b) {
        if (b < 1024) return Math.max(0, b) + "b";
        double v = b;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        // 1023.96 would print as "1024.0": move up one unit instead
        if (Math.round(v * 10) >= 10240 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return oneDecimal(v) + UNITS[u];
    }

    /** "12.3" without java.util.Formatter, whose set-up costs a short-lived CLI more than the whole table. */
    static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        return (tenths / 10) + "." + (tenths % 10);
    }

    /** CPU percent with one decimal: "0.0%", "12.5%", "250.0%". NaN and negatives read as "0.0%". */
    public static String percent(double p) {
        if (Double.isNaN(p) || p < 0) p = 0;
        return oneDecimal(p) + "%";
    }

    /** Uptime as the table shows it: "-" when not running. */
    public static String uptime(jmon.api.ProcessInfo p, long nowMs) {
        long u = jmon.format.Facts.uptimeMs(p, nowMs);
        return u < 0 ? "-" : duration(u);
    }
}
