package jmon.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class CronExpressionTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static long utc(String localIso) {
        return LocalDateTime.parse(localIso).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** The next firing after a UTC time, as a UTC local time string. */
    private static String next(String expr, String fromUtc) {
        long t = CronExpression.parse(expr).nextAfter(utc(fromUtc), UTC);
        return LocalDateTime.ofEpochSecond(t / 1000, 0, ZoneOffset.UTC).toString();
    }

    /** The next firing after an offset date-time, in Paris, as an offset date-time string. */
    private static String paris(String expr, String fromOffsetIso) {
        long from = OffsetDateTime.parse(fromOffsetIso).toInstant().toEpochMilli();
        long t = CronExpression.parse(expr).nextAfter(from, PARIS);
        assertEquals(0, t % 1000);
        return Instant.ofEpochMilli(t).atZone(PARIS).toOffsetDateTime().toString();
    }

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // every field form
            "* * * * *          | 2025-05-10T10:07:30 | 2025-05-10T10:08",
            "*/15 * * * *       | 2025-05-10T10:07:30 | 2025-05-10T10:15",
            "5 * * * *          | 2025-05-10T10:07:30 | 2025-05-10T11:05",
            "0 9,17 * * *       | 2025-05-10T10:07:30 | 2025-05-10T17:00",
            "0 9-17/4 * * *     | 2025-05-10T13:00:00 | 2025-05-10T17:00",
            "5/20 * * * *       | 2025-05-10T10:07:30 | 2025-05-10T10:25",
            "10-12 * * * *      | 2025-05-10T10:12:00 | 2025-05-10T11:10",
            "0 0 */10 * *       | 2025-05-10T10:07:30 | 2025-05-11T00:00",
            "0 0 1 */5 *        | 2025-05-10T10:07:30 | 2025-06-01T00:00",
            "0,30 8-9,18 * * *  | 2025-05-10T09:30:00 | 2025-05-10T18:00",
            // names, either case; 0 and 7 are Sunday
            "0 0 1 JAN,jul *    | 2025-05-10T10:07:30 | 2025-07-01T00:00",
            "0 0 1 mar-May *    | 2025-05-10T10:07:30 | 2026-03-01T00:00",
            "0 12 * * MON-fri   | 2025-05-10T10:07:30 | 2025-05-12T12:00",
            "0 12 * * sat       | 2025-05-10T10:07:30 | 2025-05-10T12:00",
            "0 12 * * 0         | 2025-05-10T12:00:00 | 2025-05-11T12:00",
            "0 12 * * 7         | 2025-05-10T12:00:00 | 2025-05-11T12:00",
            "0 12 * * 5-7       | 2025-05-10T12:00:00 | 2025-05-11T12:00",
            "0 12 * * */2       | 2025-05-10T12:00:00 | 2025-05-11T12:00",
            // six fields: seconds first
            "*/10 * * * * *     | 2025-05-10T10:07:30 | 2025-05-10T10:07:40",
            "30 0 9 * * *       | 2025-05-10T10:07:30 | 2025-05-11T09:00:30",
            "0-5 * * * * *      | 2025-05-10T10:07:05 | 2025-05-10T10:08",
            // day of month and day of week both restricted: either matches (the 13th, or a Friday)
            "0 0 13 * FRI       | 2025-05-10T10:07:30 | 2025-05-13T00:00",
            "0 0 13 * FRI       | 2025-05-13T00:00:00 | 2025-05-16T00:00",
            // one of them starting with *: both must match (Vixie cron)
            "0 0 */2 * MON      | 2025-05-10T10:07:30 | 2025-05-19T00:00",
            "0 0 13 * *         | 2025-05-13T00:00:00 | 2025-06-13T00:00",
            // month and year boundaries, short months, leap day
            "0 0 1 1 *          | 2025-12-31T23:59:59 | 2026-01-01T00:00",
            "59 23 31 12 *      | 2025-12-31T23:59:00 | 2026-12-31T23:59",
            "0 0 31 * *         | 2025-01-31T00:00:00 | 2025-03-31T00:00",
            "0 0 30 * *         | 2025-01-30T12:00:00 | 2025-03-30T00:00",
            "0 0 29 2 *         | 2025-03-01T00:00:00 | 2028-02-29T00:00",
            "0 0 * * *          | 2025-02-28T23:00:00 | 2025-03-01T00:00",
    })
    void nextAfter(String expr, String from, String expected) {
        assertEquals(expected, next(expr.trim(), from.trim()));
    }

    @Test
    void strictlyAfterAtSecondPrecision() {
        CronExpression c = CronExpression.parse("*/15 * * * *");
        assertEquals(utc("2025-05-10T10:30:00"), c.nextAfter(utc("2025-05-10T10:15:00"), UTC));
        assertEquals(utc("2025-05-10T10:30:00"), c.nextAfter(utc("2025-05-10T10:15:00") + 500, UTC));
        assertEquals(utc("2025-05-10T10:15:00"), c.nextAfter(utc("2025-05-10T10:15:00") - 1, UTC));
        CronExpression every = CronExpression.parse("* * * * * *");
        assertEquals(utc("2025-05-10T10:15:01"), every.nextAfter(utc("2025-05-10T10:15:00") + 999, UTC));
        assertEquals(utc("1969-12-31T23:59:59"), every.nextAfter(-1001, UTC), "before 1970 too");
    }

    @Test
    void otherZones() {
        long from = utc("2025-05-10T10:07:30");
        // 09:00 in Tokyo (UTC+9) is 00:00 UTC
        assertEquals(utc("2025-05-11T00:00:00"), CronExpression.parse("0 9 * * *").nextAfter(from, ZoneId.of("Asia/Tokyo")));
    }

    @Test
    void daylightSavingInParis() {
        // 2025-03-30: 02:00 CET jumps to 03:00 CEST; a wall time in the gap fires one gap later
        assertEquals("2025-03-30T03:30+02:00", paris("30 2 * * *", "2025-03-29T12:00+01:00"));
        assertEquals("2025-03-31T02:30+02:00", paris("30 2 * * *", "2025-03-30T03:30+02:00"));
        assertEquals("2025-03-30T03:00+02:00", paris("0 * * * *", "2025-03-30T01:30+01:00"));
        assertEquals("2025-03-30T04:00+02:00", paris("0 * * * *", "2025-03-30T03:00+02:00"));
        assertEquals("2025-03-30T03:00+02:00", paris("0,30 2,3 * * *", "2025-03-30T01:59+01:00"));
        // 2025-10-26: 03:00 CEST falls back to 02:00 CET; a fixed hour fires on the first pass only
        assertEquals("2025-10-26T02:00+02:00", paris("0 2 * * *", "2025-10-25T12:00+02:00"));
        assertEquals("2025-10-27T02:00+01:00", paris("0 2 * * *", "2025-10-26T02:00+02:00"));
        assertEquals("2025-10-27T02:30+01:00", paris("30 2 * * *", "2025-10-26T02:10+01:00"));
        // ...while every-hour schedules keep going through the repeated hour
        assertEquals("2025-10-26T02:00+01:00", paris("*/30 * * * *", "2025-10-26T02:45+02:00"));
        assertEquals("2025-10-26T02:30+01:00", paris("*/30 * * * *", "2025-10-26T02:00+01:00"));
        assertEquals("2025-10-26T03:00+01:00", paris("*/30 * * * *", "2025-10-26T02:30+01:00"));
        assertEquals("2025-10-26T02:59:59+02:00", paris("* * * * * *", "2025-10-26T02:59:58+02:00"));
        assertEquals("2025-10-26T02:00+01:00", paris("* * * * * *", "2025-10-26T02:59:59+02:00"));
        // across a year into the next change
        assertEquals("2026-03-29T03:30+02:00", paris("30 2 29 3 *", "2025-10-26T02:00+01:00"));
    }

    @Test
    void impossibleSchedulesGiveUpAfterAboutFiveYears() {
        for (String e : new String[] {"0 0 30 2 *", "0 0 31 4,6,9,11 *"}) {
            IllegalStateException ex = assertThrows(IllegalStateException.class,
                    () -> CronExpression.parse(e).nextAfter(utc("2025-01-01T00:00:00"), UTC));
            assertTrue(ex.getMessage().contains(e), ex.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "61 * * * *        | minute",
            "MON * * * *       | minute",
            "*/0 * * * *       | minute",
            "5-1 * * * *       | minute",
            "1,,2 * * * *      | minute",
            "-1 * * * *        | minute",
            "* 24 * * *        | hour",
            "* 1- * * *        | hour",
            "* * 0 * *         | day of month",
            "* * 32 * *        | day of month",
            "* * * 13 *        | month",
            "* * * FOO *       | month",
            "* * * SUN *       | month",
            "* * * * 8         | day of week",
            "* * * * JAN       | day of week",
            "* * * * MON-FOO   | day of week",
            "60 * * * * *      | second",
            "* ? * * *         | hour",
            "* * * *           | fields",
            "* * * * * * *     | fields",
    })
    void errorsNameTheField(String expr, String field) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CronExpression.parse(expr.trim()));
        assertTrue(e.getMessage().contains(field.trim()), e.getMessage());
        assertTrue(e.getMessage().contains(expr.trim()), e.getMessage());
    }

    @Test
    void emptyAndToString() {
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse(""));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse(null));
        assertEquals("0 */2 * * MON-FRI", CronExpression.parse("0 */2 * * MON-FRI").toString());
        assertEquals("0 0 ? * 1", CronExpression.parse("0 0 ? * 1").toString());
    }
}
