package jmon.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HumanTest {
    @Test
    void durationUsesTheLargestWholeUnit() {
        assertEquals("0s", Human.duration(0));
        assertEquals("0s", Human.duration(-5000));
        assertEquals("12s", Human.duration(12_999));
        assertEquals("59s", Human.duration(59_000));
        assertEquals("1m", Human.duration(60_000));
        assertEquals("5m", Human.duration(5 * 60_000 + 30_000));
        assertEquals("3h", Human.duration(3 * 3_600_000L + 59 * 60_000));
        assertEquals("23h", Human.duration(24 * 3_600_000L - 1));
        assertEquals("2D", Human.duration(2 * 86_400_000L + 5));
        assertEquals("400D", Human.duration(400 * 86_400_000L));
    }

    @Test
    void bytesLikePm2() {
        assertEquals("0b", Human.bytes(0));
        assertEquals("0b", Human.bytes(-1));
        assertEquals("512b", Human.bytes(512));
        assertEquals("1023b", Human.bytes(1023));
        assertEquals("1.0kb", Human.bytes(1024));
        assertEquals("1.5kb", Human.bytes(1536));
        assertEquals("12.3mb", Human.bytes(12_900_000));
        assertEquals("1.0mb", Human.bytes(1024 * 1024 - 1), "1023.99kb rounds up a unit, not to 1024.0kb");
        assertEquals("2.0gb", Human.bytes(2L * 1024 * 1024 * 1024));
        assertEquals("1.5tb", Human.bytes(1536L * 1024 * 1024 * 1024));
    }

    @Test
    void percentHasOneDecimal() {
        assertEquals("0.0%", Human.percent(0));
        assertEquals("12.3%", Human.percent(12.345));
        assertEquals("250.0%", Human.percent(250));
        assertEquals("0.0%", Human.percent(Double.NaN));
    }
}
