package jmon.cli.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.TimeZone;

/**
 * The two timestamp forms the CLI prints, written by hand for the years 1970-9999 (anything else goes to
 * java.time): {@code java.time}'s formatters and zone rules cost a short command more than its whole output
 * (DateTimeFormatter's set-up, and a ServiceLoader look-up for zone-rule providers that opens and scans the jar).
 * The text is java.time's, character for character ({@code IsoTimeTest}).
 */
final class IsoTime {
    private IsoTime() {}

    /** Last second of 9999-12-31 UTC: up to there every year has four digits. */
    private static final long MAX_SECOND = 253_402_300_799L;

    /** {@code Instant.ofEpochMilli(ms).toString()}: "2026-03-01T08:15:02.120Z", no fraction on a whole second. */
    static String instant(long epochMs) {
        long secs = Math.floorDiv(epochMs, 1000);
        if (secs < 0 || secs > MAX_SECOND) return Instant.ofEpochMilli(epochMs).toString();
        StringBuilder sb = new StringBuilder(24);
        dateTime(sb, secs);
        int millis = (int) Math.floorMod(epochMs, 1000);
        if (millis > 0) {
            sb.append('.');
            pad(sb, millis, 3);
        }
        return sb.append('Z').toString();
    }

    /**
     * {@code ISO_OFFSET_DATE_TIME} of the instant cut to the second, in the system's default time zone:
     * "2026-03-01T09:15:02+01:00" ("Z" for UTC). The offset comes from {@link TimeZone#getDefault()}, the
     * zone {@link ZoneId#systemDefault()} is made from.
     */
    static String localWithOffset(long epochMs) {
        long secs = Math.floorDiv(epochMs, 1000);
        int offset = TimeZone.getDefault().getOffset(secs * 1000) / 1000;
        long local = secs + offset;
        if (local < 0 || local > MAX_SECOND) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME
                    .format(Instant.ofEpochMilli(epochMs).truncatedTo(ChronoUnit.SECONDS).atZone(ZoneId.systemDefault()));
        }
        StringBuilder sb = new StringBuilder(25);
        dateTime(sb, local);
        if (offset == 0) return sb.append('Z').toString();
        int abs = Math.abs(offset);
        sb.append(offset < 0 ? '-' : '+');
        pad(sb, abs / 3600, 2);
        sb.append(':');
        pad(sb, abs / 60 % 60, 2);
        if (abs % 60 != 0) {
            sb.append(':');
            pad(sb, abs % 60, 2);
        }
        return sb.toString();
    }

    /** "yyyy-MM-ddTHH:mm:ss" of seconds since 1970 (0 to MAX_SECOND). */
    private static void dateTime(StringBuilder sb, long secs) {
        long days = secs / 86_400;
        int sod = (int) (secs % 86_400);
        // civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian as java.time)
        long z = days + 719_468;
        long era = z / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        pad(sb, (int) year, 4);
        sb.append('-');
        pad(sb, month, 2);
        sb.append('-');
        pad(sb, day, 2);
        sb.append('T');
        pad(sb, sod / 3600, 2);
        sb.append(':');
        pad(sb, sod / 60 % 60, 2);
        sb.append(':');
        pad(sb, sod % 60, 2);
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) sb.append('0');
        sb.append(s);
    }
}
