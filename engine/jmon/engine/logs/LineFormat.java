package jmon.engine.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How a line is written to a log file: as the process wrote it, with a time prefix ({@code time},
 * {@code log_date_format}), or as one JSON object ({@code log_type: json}).
 */
public abstract sealed class LineFormat permits LineFormat.Raw, LineFormat.Timed, LineFormat.Json {
    /** Appended to the file text of a line cut at {@link StreamRouter#MAX_LINE} bytes. */
    static final byte[] SPLIT_MARK = " [jmon: line continues]".getBytes(StandardCharsets.UTF_8);

    public static LineFormat raw() { return new Raw(); }

    public static LineFormat timed(String momentPattern, ZoneId zone) {
        return new Timed(momentPattern == null ? DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                : DateTimeFormatter.ofPattern(MomentPattern.toJava(momentPattern)), zone);
    }

    public static LineFormat json(String namespace, String name, int instance) { return new Json(namespace, name, instance); }

    public boolean isRaw() { return false; }

    /** Writes one line (without newline) in this format, newline included, into out. */
    abstract void write(Bytes out, byte[] a, int off, int len, long time, boolean err, boolean split);

    /**
     * True when a line can be written in pieces: {@link #writeStart}, then its bytes as they come, then a newline
     * (a time prefix can; a JSON object cannot be left open). Lets a partial line reach the file at once.
     */
    boolean continuable() { return false; }

    /** What goes before a line's bytes (only for a {@link #continuable} format). */
    void writeStart(Bytes out, long time) { throw new UnsupportedOperationException(); }

    static final class Raw extends LineFormat {
        @Override public boolean isRaw() { return true; }

        @Override
        void write(Bytes out, byte[] a, int off, int len, long time, boolean err, boolean split) {
            out.add(a, off, len);
            if (!split) out.add((byte) '\n');
        }
    }

    static final class Timed extends LineFormat {
        private final DateTimeFormatter fmt;
        private final ZoneId zone;
        private long cachedSecond = Long.MIN_VALUE;
        private byte[] cachedPrefix;

        Timed(DateTimeFormatter fmt, ZoneId zone) {
            this.fmt = fmt;
            this.zone = zone;
        }

        private byte[] prefix(long time) {
            // the pattern may show milliseconds; cache per second only when it does not
            long key = fmt.toString().contains("Fraction") ? time : time / 1000;
            if (key != cachedSecond) {
                cachedSecond = key;
                cachedPrefix = (fmt.format(Instant.ofEpochMilli(time).atZone(zone)) + ": ").getBytes(StandardCharsets.UTF_8);
            }
            return cachedPrefix;
        }

        @Override
        boolean continuable() { return true; }

        @Override
        void writeStart(Bytes out, long time) {
            byte[] p = prefix(time);
            out.add(p, 0, p.length);
        }

        @Override
        void write(Bytes out, byte[] a, int off, int len, long time, boolean err, boolean split) {
            byte[] p = prefix(time);
            out.add(p, 0, p.length);
            out.add(a, off, len);
            if (split) out.add(SPLIT_MARK, 0, SPLIT_MARK.length);
            out.add((byte) '\n');
        }
    }

    static final class Json extends LineFormat {
        private final byte[] head;

        Json(String namespace, String name, int instance) {
            head = (",\"namespace\":" + quote(namespace) + ",\"name\":" + quote(name) + ",\"instance\":" + instance)
                    .getBytes(StandardCharsets.UTF_8);
        }

        @Override
        void write(Bytes out, byte[] a, int off, int len, long time, boolean err, boolean split) {
            StringBuilder sb = new StringBuilder(len + 96);
            sb.append("{\"time\":\"").append(Instant.ofEpochMilli(time)).append("\",\"stream\":\"")
                    .append(err ? "err" : "out").append('"');
            out.add(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.add(head, 0, head.length);
            String msg = new String(a, off, len, StandardCharsets.UTF_8);
            out.add((",\"message\":" + quote(msg) + (split ? ",\"split\":true" : "") + "}\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** JSON string literal. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
