package jmon.engine.metrics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A cron_restart schedule as PM2 accepts it: 5 fields (minute hour day-of-month month day-of-week) or 6 (second
 * first). Each field is {@code *} (or {@code ?}), a value, a range {@code a-b}, a step {@code *}{@code /n},
 * {@code a-b/n} or {@code a/n} (a to the field's end), or a comma list of those. Months may be JAN-DEC, days
 * SUN-SAT (either case); day of week 0 and 7 are Sunday. As in Vixie cron, when both day of month and day of
 * week are restricted (do not start with {@code *} or {@code ?}) a day matches if either matches.
 *
 * <p>Daylight saving: {@link #nextAfter} returns instants. A matching wall time skipped by a spring-forward gap
 * fires as Java maps it, one gap later (02:30 on a day that jumps 02:00 -> 03:00 fires at 03:30). A wall time
 * repeated by a fall-back overlap fires on its first pass only, unless the hour field is {@code *}: then it fires on
 * both passes, so "every 5 minutes" keeps firing every 5 real minutes through the repeated hour.
 */
public final class CronExpression {
    private static final String[] FIELD = {"second", "minute", "hour", "day of month", "month", "day of week"};
    private static final int[] MIN = {0, 0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 59, 23, 31, 12, 7};
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int SEARCH_YEARS = 5;

    private final String expr;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet doms;
    private final BitSet months;
    private final BitSet dows; // 0..6, Sunday = 0
    private final boolean domStar;
    private final boolean dowStar;
    private final boolean everyHour;

    private CronExpression(String expr, BitSet[] f, boolean domStar, boolean dowStar) {
        this.expr = expr;
        this.seconds = f[0];
        this.minutes = f[1];
        this.hours = f[2];
        this.doms = f[3];
        this.months = f[4];
        this.dows = f[5];
        this.domStar = domStar;
        this.dowStar = dowStar;
        this.everyHour = f[2].cardinality() == 24;
    }

    /** @throws IllegalArgumentException naming the field at fault */
    public static CronExpression parse(String expr) {
        if (expr == null || expr.isBlank()) throw new IllegalArgumentException("cron expression is empty");
        String[] parts = expr.trim().split("\\s+");
        if (parts.length != 5 && parts.length != 6) {
            throw new IllegalArgumentException("cron expression \"" + expr + "\" has " + parts.length
                    + " fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)");
        }
        String[] six = parts.length == 6 ? parts : new String[] {"0", parts[0], parts[1], parts[2], parts[3], parts[4]};
        BitSet[] f = new BitSet[6];
        for (int i = 0; i < 6; i++) f[i] = parseField(expr, i, six[i]);
        if (f[5].get(7)) {
            f[5].clear(7);
            f[5].set(0);
        }
        return new CronExpression(expr, f, isStar(six[3]), isStar(six[5]));
    }

    private static boolean isStar(String field) {
        return field.startsWith("*") || field.startsWith("?");
    }

    private static BitSet parseField(String expr, int field, String text) {
        BitSet bits = new BitSet(MAX[field] + 1);
        for (String item : text.split(",", -1)) {
            try {
                parseItem(field, item, bits);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cron expression \"" + expr + "\": bad " + FIELD[field]
                        + " field \"" + text + "\": " + e.getMessage(), e);
            }
        }
        return bits;
    }

    private static void parseItem(int field, String item, BitSet bits) {
        if (item.isEmpty()) throw new IllegalArgumentException("empty list item");
        int slash = item.indexOf('/');
        String range = slash < 0 ? item : item.substring(0, slash);
        int step = 1;
        if (slash >= 0) {
            String s = item.substring(slash + 1);
            if (!s.matches("[0-9]{1,4}")) throw new IllegalArgumentException("step \"" + s + "\" is not a number");
            step = Integer.parseInt(s);
            if (step == 0) throw new IllegalArgumentException("step must be at least 1");
        }
        int lo;
        int hi;
        if (range.equals("*") || range.equals("?")) {
            if (range.equals("?") && field != 3 && field != 5) {
                throw new IllegalArgumentException("? is only for day of month and day of week");
            }
            lo = MIN[field];
            hi = field == 5 ? 6 : MAX[field];
        } else {
            int dash = range.indexOf('-', 1);
            lo = value(field, dash < 0 ? range : range.substring(0, dash));
            hi = dash < 0 ? (slash >= 0 ? MAX[field] : lo) : value(field, range.substring(dash + 1));
            if (lo > hi) throw new IllegalArgumentException("range " + range + " runs backwards");
        }
        for (int v = lo; v <= hi; v += step) bits.set(v);
    }

    private static int value(int field, String s) {
        String u = s.toUpperCase(Locale.ROOT);
        int v;
        if (field == 4 && MONTHS.contains(u)) {
            v = MONTHS.indexOf(u) + 1;
        } else if (field == 5 && DAYS.contains(u)) {
            v = DAYS.indexOf(u);
        } else if (s.matches("[0-9]{1,4}")) {
            v = Integer.parseInt(s);
        } else {
            throw new IllegalArgumentException("\"" + s + "\" is not a "
                    + (field == 4 ? "month (1-12 or JAN-DEC)" : field == 5 ? "day (0-7 or SUN-SAT)" : "number"));
        }
        if (v < MIN[field] || v > MAX[field]) {
            throw new IllegalArgumentException(v + " is out of range " + MIN[field] + "-" + MAX[field]);
        }
        return v;
    }

    /**
     * The first instant strictly after epochMs (at a whole second) when the wall clock of zone matches; see the
     * class comment for daylight-saving changes.
     *
     * @throws IllegalStateException when nothing matches within about five years (e.g. "0 0 31 2 *")
     */
    public long nextAfter(long epochMs, ZoneId zone) {
        long afterSec = Math.floorDiv(epochMs, 1000L); // strictly after epochMs, whole seconds: > afterSec
        ZoneRules rules = zone.getRules();
        Instant start = Instant.ofEpochSecond(afterSec + 1);
        LocalDateTime from = LocalDateTime.ofEpochSecond(afterSec + 1, 0, rules.getOffset(start));
        ZoneOffsetTransition ahead = rules.nextTransition(start);
        if (ahead != null && ahead.isOverlap() && ahead.getInstant().getEpochSecond() - start.getEpochSecond() < 6 * 3600) {
            // a fall-back is near: wall times a little below the current one will come round again
            from = from.minus(ahead.getDuration().abs());
        }
        LocalDateTime limit = from.plusYears(SEARCH_YEARS);
        long best = Long.MAX_VALUE;
        LocalDateTime bestLocal = null;
        long window = 0;
        LocalDateTime t = nextMatch(from, limit);
        while (t != null) {
            // wall-clock order is real-time order except across an offset change: look a little further there
            if (bestLocal != null && t.isAfter(bestLocal.plusSeconds(window))) break;
            for (long sec : instants(t, rules)) {
                if (sec > afterSec && sec < best) {
                    best = sec;
                    bestLocal = t;
                    window = nearTransition(rules, sec) ? 6 * 3600 : 0;
                }
            }
            t = nextMatch(t.plusSeconds(1), limit);
        }
        if (bestLocal == null) {
            throw new IllegalStateException("cron expression \"" + expr + "\" matches no time in the "
                    + SEARCH_YEARS + " years after " + Instant.ofEpochMilli(epochMs));
        }
        return best * 1000L;
    }

    private static boolean nearTransition(ZoneRules rules, long sec) {
        ZoneOffsetTransition n = rules.nextTransition(Instant.ofEpochSecond(sec - 86_400));
        return n != null && n.getInstant().getEpochSecond() <= sec + 86_400;
    }

    /** The epoch seconds at which wall time t happens in the zone (see the class comment). */
    private long[] instants(LocalDateTime t, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(t);
        if (offsets.size() == 1) return new long[] {t.toEpochSecond(offsets.get(0))};
        if (offsets.isEmpty()) { // a gap: one gap later, as ZonedDateTime.of does
            ZoneOffsetTransition gap = rules.getTransition(t);
            return new long[] {t.plus(gap.getDuration()).toEpochSecond(gap.getOffsetAfter())};
        }
        // an overlap: offsets are earlier offset (first pass) then later offset (second pass)
        long first = t.toEpochSecond(offsets.get(0));
        return everyHour ? new long[] {first, t.toEpochSecond(offsets.get(1))} : new long[] {first};
    }

    /** The first wall time at or after t matching every field, or null past limit. */
    private LocalDateTime nextMatch(LocalDateTime t, LocalDateTime limit) {
        LocalDate date = t.toLocalDate();
        int h = t.getHour();
        int m = t.getMinute();
        int s = t.getSecond();
        LocalDate end = limit.toLocalDate();
        while (!date.isAfter(end)) {
            if (!months.get(date.getMonthValue())) {
                date = date.withDayOfMonth(1).plusMonths(1);
                h = m = s = 0;
                continue;
            }
            if (!dayMatches(date)) {
                date = date.plusDays(1);
                h = m = s = 0;
                continue;
            }
            int hh = hours.nextSetBit(h);
            if (hh < 0) {
                date = date.plusDays(1);
                h = m = s = 0;
                continue;
            }
            if (hh != h) {
                h = hh;
                m = s = 0;
            }
            int mm = minutes.nextSetBit(m);
            if (mm < 0) {
                h++;
                m = s = 0;
                continue;
            }
            if (mm != m) {
                m = mm;
                s = 0;
            }
            int ss = seconds.nextSetBit(s);
            if (ss < 0) {
                m++;
                s = 0;
                if (m == 60) {
                    h++;
                    m = 0;
                }
                continue;
            }
            return LocalDateTime.of(date, LocalTime.of(h, m, ss));
        }
        return null;
    }

    private boolean dayMatches(LocalDate d) {
        boolean dom = doms.get(d.getDayOfMonth());
        int dowValue = d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue();
        boolean dow = dows.get(dowValue);
        // Vixie cron: a field starting with * (even */2) does not trigger the OR rule; both must then match
        return domStar || dowStar ? dom && dow : dom || dow;
    }

    /** The expression as given. */
    @Override
    public String toString() { return expr; }
}
