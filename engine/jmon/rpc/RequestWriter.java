package jmon.rpc;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import jmon.api.EngineEvent;
import jmon.api.ProcessStatus;

/**
 * The client's request lines: the same text as {@link LiteJson#write} (Jackson's generator with its default
 * escaping: nulls left out, {@link ProcessStatus} by wire name, enums by name, records by component), written
 * with a StringBuilder, so a CLI command that sends a hello and a small request sets up no Jackson at all.
 * {@code RequestWriterTest} holds it to LiteJson's output character for character.
 */
final class RequestWriter {
    private RequestWriter() {}

    static String write(Object v) {
        StringBuilder sb = new StringBuilder(128);
        value(sb, v);
        return sb.toString();
    }

    private static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            sb.append(((Number) v).longValue());
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) string(sb, Double.toString(d)); // Jackson's default
            else sb.append(Double.toString(d));
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof ProcessStatus s) {
            string(sb, s.wire());
        } else if (v instanceof Enum<?> e) {
            string(sb, e.name());
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (var e : m.entrySet()) {
                if (e.getValue() == null) continue;
                if (!first) sb.append(',');
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                value(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Iterable<?> it) {
            sb.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) sb.append(',');
                first = false;
                value(sb, o);
            }
            sb.append(']');
        } else if (v.getClass().isRecord()) {
            sb.append('{');
            boolean first = true;
            if (v instanceof EngineEvent e) {
                sb.append("\"type\":");
                string(sb, eventType(e));
                first = false;
            }
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                Object x;
                try {
                    x = c.getAccessor().invoke(v);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (x == null) continue;
                if (!first) sb.append(',');
                first = false;
                string(sb, c.getName());
                sb.append(':');
                value(sb, x);
            }
            sb.append('}');
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass());
        }
    }

    /** As LiteJson names them (a client never sends events; kept for a faithful copy). */
    private static String eventType(EngineEvent e) {
        if (e instanceof EngineEvent.StatusChanged) return "status";
        if (e instanceof EngineEvent.ProcessAdded) return "added";
        return "removed";
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A JSON string as Jackson writes it: short escapes where JSON has them, \\u00XX for other controls. */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        sb.append('"');
    }
}
