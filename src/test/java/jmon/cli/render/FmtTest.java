package jmon.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fmt prints what String.format prints, without a Formatter. */
class FmtTest {
    @Test
    void padRightIsPercentMinusWidthS() {
        for (String s : new String[] {"", "a", "cpu", "memory", "exactly8", "longer than the width", "é↺…", null}) {
            for (int w : new int[] {1, 8, 16, 28}) {
                assertEquals(String.format("%-" + w + "s", s), Fmt.padRight(s, w), s + " in " + w);
            }
        }
    }

    @Test
    void fixed2IsPercentDot2f() {
        double[] edges = {0, 0.004, 0.005, 0.125, 0.52, 1.005, 2.675, 2.5e-3, 9.995, 99.995, 1e7, 123456789.995,
                1e-10, 3.0e21, -0.0, -0.001, -1.005, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, Double.MAX_VALUE};
        Random r = new Random(42);
        for (Locale l : new Locale[] {Locale.ENGLISH, Locale.US, Locale.ROOT, Locale.GERMANY, new Locale("ar", "EG")}) {
            Locale before = Locale.getDefault(Locale.Category.FORMAT);
            Locale.setDefault(Locale.Category.FORMAT, l);
            try {
                for (double v : edges) assertEquals(String.format("%.2f", v), Fmt.fixed2(v), v + " in " + l);
                for (int i = 0; i < 5_000; i++) {
                    double v = switch (i % 3) {
                        case 0 -> r.nextDouble() * 16; // load averages
                        case 1 -> Math.round(r.nextDouble() * 100_000) / 1000.0; // three decimals: ties
                        default -> Double.longBitsToDouble(r.nextLong());
                    };
                    assertEquals(String.format("%.2f", v), Fmt.fixed2(v), v + " in " + l);
                }
            } finally {
                Locale.setDefault(Locale.Category.FORMAT, before);
            }
        }
    }
}
