package jmon.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class SizesTest {
    @Test
    void pm2Forms() {
        assertEquals(200L << 20, Sizes.parseBytes("200M"));
        assertEquals(1L << 30, Sizes.parseBytes("1G"));
        assertEquals(512L << 10, Sizes.parseBytes("512K"));
        assertEquals(1024, Sizes.parseBytes("1024"));
        assertEquals(3L << 29, Sizes.parseBytes("1.5G"));
        assertEquals(200L << 20, Sizes.parseBytes("200m"));
        assertEquals(1L << 30, Sizes.parseBytes("1g"));
        assertEquals(512L << 10, Sizes.parseBytes("512k"));
        assertEquals(200L << 20, Sizes.parseBytes(" 200MB "));
        assertEquals(0, Sizes.parseBytes("0"));
        assertEquals(512, Sizes.parseBytes("0.5K"));
        assertEquals(1, Sizes.parseBytes("1.9"), "fractions of a byte are dropped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "M", "-1M", "12X", "1.2.3G", "1e6", "1 000", "G1", "99999999999G", "0x10"})
    void rejectedWithAClearMessage(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parseBytes(s));
        assertTrue(e.getMessage().contains("memory size"), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + s + "\""), e.getMessage());
    }

    @Test
    void nullIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Sizes.parseBytes(null));
    }
}
