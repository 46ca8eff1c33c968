package jmon.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The hand-written timestamps are java.time's, character for character. */
class IsoTimeTest {
    static List<Long> instants() {
        Random r = new Random(1);
        List<Long> l = new ArrayList<>(List.of(0L, 1L, 999L, 1000L, 86_399_999L, 951_782_400_000L /* 2000-02-29 */,
                4_107_542_399_999L, 253_402_300_799_999L, 253_402_300_800_000L, -1L, -86_400_001L, Long.MAX_VALUE / 2));
        for (int i = 0; i < 20_000; i++) {
            l.add(switch (i % 3) {
                case 0 -> 1_600_000_000_000L + (long) (r.nextDouble() * 400_000_000_000L); // around now
                case 1 -> (long) (r.nextDouble() * 253_402_300_800_000L); // 1970-9999
                default -> (r.nextLong() % 400_000_000_000_000L); // far past and future
            });
        }
        return l;
    }

    @Test
    void instantIsInstantToString() {
        for (long ms : instants()) assertEquals(Instant.ofEpochMilli(ms).toString(), IsoTime.instant(ms), "" + ms);
    }

    @Test
    void localWithOffsetIsIsoOffsetDateTimeInTheDefaultZone() {
        TimeZone before = TimeZone.getDefault();
        try {
            for (String id : List.of("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
                    "America/St_Johns", "Pacific/Chatham", "Asia/Kathmandu", "Africa/Monrovia", "EST", "PST",
                    "GMT+05:30", "America/Sao_Paulo", "Europe/Dublin", "Pacific/Kiritimati")) {
                TimeZone.setDefault(TimeZone.getTimeZone(id));
                for (long ms : instants()) {
                    if (ms <= 0 || ms > 4_102_444_800_000L && ms % 7 != 0) continue; // 1970-2100, and a sample beyond
                    String expected = DateTimeFormatter.ISO_OFFSET_DATE_TIME
                            .format(Instant.ofEpochMilli(ms).truncatedTo(ChronoUnit.SECONDS).atZone(ZoneId.systemDefault()));
                    assertEquals(expected, IsoTime.localWithOffset(ms), id + " " + ms);
                }
            }
        } finally {
            TimeZone.setDefault(before);
        }
    }
}
