package jmon.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's answer lines, read straight from the connection's bytes into the plain values
 * {@link LiteJson#parse} gives for the same text (LinkedHashMap, ArrayList, String, Long, Double, Boolean, null),
 * without a Reader, a String of the whole line or Jackson's parser. A CLI command spends most of its own work on
 * its one big answer (58 KB for 50 apps), in a JVM that has compiled nothing yet: an interpreted loop over a
 * byte array reads it several times faster than the general machinery. Client side only; the daemon writes
 * well-formed JSON, one message per line.
 */
final class AnswerReader {
    /** What {@link #next()} returns at the end of the stream. */
    static final Object END = new Object();

    private final InputStream in;
    private byte[] buf = new byte[16 * 1024];
    private int start; // first unread byte
    private int end; // end of the bytes read so far

    AnswerReader(InputStream in) {
        this.in = in;
    }

    /** The next line's value; {@link #END} when the stream ends (a last line without '\n' still counts). */
    Object next() throws IOException {
        int scanned = 0; // bytes after start known to hold no '\n' (fill() may move them to the front)
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    int from = start;
                    start = i + 1;
                    return parse(buf, from, i);
                }
            }
            scanned = end - start;
            if (!fill()) {
                if (start == end) return END;
                int from = start;
                start = end;
                return parse(buf, from, end);
            }
        }
    }

    /** Reads more; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (start > 0) { // keep the unread part at the front
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) return false;
        end += n;
        return true;
    }

    /**
     * One more read from the stream, for what a broken connection says (its exception) before it ends. Through
     * {@code read(byte[], int, int)}, as every other read here: a wrapping stream may say it there only.
     */
    int readOnce() throws IOException {
        if (start < end) return buf[start++] & 0xff;
        byte[] one = new byte[1];
        return in.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    // ---- JSON text -> plain values ----------------------------------------------------------------------------

    /** Parses {@code b[from, to)} as one JSON value (surrounding whitespace allowed). */
    static Object parse(byte[] b, int from, int to) throws IOException {
        Parser p = new Parser(b, from, to);
        p.space();
        Object v = p.value();
        p.space();
        if (p.i != to) throw p.error("unexpected text after the value");
        return v;
    }

    private static final class Parser {
        private final byte[] b;
        private final int to;
        private int i;

        Parser(byte[] b, int from, int to) {
            this.b = b;
            this.i = from;
            this.to = to;
        }

        IOException error(String what) {
            return new IOException("unreadable answer from the daemon: " + what + " at byte " + i);
        }

        void space() {
            while (i < to) {
                byte c = b[i];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                i++;
            }
        }

        private byte peek() throws IOException {
            if (i >= to) throw error("unexpected end");
            return b[i];
        }

        Object value() throws IOException {
            byte c = peek();
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return word("true", Boolean.TRUE);
                case 'f': return word("false", Boolean.FALSE);
                case 'n': return word("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw error("unexpected '" + (char) c + "'");
            }
        }

        private Object object() throws IOException {
            i++; // {
            Map<String, Object> m = new LinkedHashMap<>();
            space();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                space();
                if (peek() != '"') throw error("expected a field name");
                String k = string();
                space();
                if (peek() != ':') throw error("expected ':'");
                i++;
                space();
                m.put(k, value());
                space();
                byte c = peek();
                i++;
                if (c == '}') return m;
                if (c != ',') throw error("expected ',' or '}'");
            }
        }

        private Object array() throws IOException {
            i++; // [
            List<Object> l = new ArrayList<>();
            space();
            if (peek() == ']') {
                i++;
                return l;
            }
            while (true) {
                space();
                l.add(value());
                space();
                byte c = peek();
                i++;
                if (c == ']') return l;
                if (c != ',') throw error("expected ',' or ']'");
            }
        }

        private Object word(String w, Object v) throws IOException {
            if (to - i < w.length()) throw error("unexpected end");
            for (int k = 0; k < w.length(); k++) if (b[i + k] != w.charAt(k)) throw error("unexpected word");
            i += w.length();
            return v;
        }

        private String string() throws IOException {
            i++; // the opening quote
            int s = i;
            // UTF-8 continuation bytes are never '"' or '\\': scanning bytes finds the same delimiters as chars
            while (i < to && b[i] != '"' && b[i] != '\\') i++;
            if (i < to && b[i] == '"') { // the common case: no escapes, the bytes decoded once
                i++;
                return new String(b, s, i - 1 - s, StandardCharsets.UTF_8);
            }
            StringBuilder sb = new StringBuilder();
            while (true) {
                sb.append(new String(b, s, i - s, StandardCharsets.UTF_8));
                if (i >= to) throw error("unterminated string");
                if (b[i] == '"') {
                    i++;
                    return sb.toString();
                }
                i++; // the backslash
                if (i >= to) throw error("unterminated string");
                byte e = b[i++];
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (to - i < 4) throw error("short \\u escape");
                        int cp = 0;
                        for (int k = 0; k < 4; k++) {
                            int d = Character.digit(b[i + k], 16);
                            if (d < 0) throw error("bad \\u escape");
                            cp = cp * 16 + d;
                        }
                        i += 4;
                        sb.append((char) cp); // surrogate pairs arrive as two escapes, appended in turn
                        break;
                    default: throw error("bad escape");
                }
                s = i;
                while (i < to && b[i] != '"' && b[i] != '\\') i++;
            }
        }

        private Object number() throws IOException {
            int s = i;
            boolean fraction = false;
            while (i < to) {
                byte c = b[i];
                if (c >= '0' && c <= '9' || c == '-' || c == '+') {
                    i++;
                } else if (c == '.' || c == 'e' || c == 'E') {
                    fraction = true;
                    i++;
                } else {
                    break;
                }
            }
            String t = new String(b, s, i - s, StandardCharsets.ISO_8859_1);
            try {
                return fraction ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw error("bad number " + t);
            }
        }
    }
}
