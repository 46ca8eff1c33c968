package jmon.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jmon.api.LogLine;
import org.junit.jupiter.api.Test;

/** The client's answer reader gives what LiteJson.parse gives for the daemon's lines. */
class AnswerReaderTest {
    final ObjectMapper databind = LiteJsonTest.databind;

    static Object parse(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return AnswerReader.parse(b, 0, b.length);
    }

    /** Texts no short test would think of: every escape, control characters, astral code points. */
    static String oddText(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        String pool = "aé€\"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028😀ä中 {}[],:";
        for (int i = 0; i < n; i++) sb.appendCodePoint(pool.codePointAt(pool.offsetByCodePoints(0, r.nextInt(pool.codePointCount(0, pool.length())))));
        return sb.toString();
    }

    @Test
    void readsWhatLiteJsonReadsFromDatabindsOutput() throws Exception {
        Random r = new Random(3);
        List<Object> messages = new ArrayList<>();
        messages.add(Map.of("id", 1, "result", List.of(LiteJsonTest.info(), LiteJsonTest.info())));
        messages.add(Map.of("id", 2, "error", Map.of("code", "FROZEN", "message", "frozen by \"ops\"\n")));
        for (int i = 0; i < 200; i++) {
            messages.add(new LogLine(i, i, oddText(r, 3), oddText(r, 5), i, "out", r.nextLong(), r.nextBoolean(),
                    oddText(r, r.nextInt(80))));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(oddText(r, 4), r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            m.put("neg", -r.nextInt());
            m.put("big", Long.MIN_VALUE + r.nextInt(1000));
            m.put("list", List.of(true, false, List.of(), Map.of()));
            m.put("nothing", null);
            messages.add(m);
        }
        for (Object m : messages) {
            String line = databind.writeValueAsString(m);
            assertEquals(LiteJson.parse(line), parse(line), line);
            String lite = LiteJson.write(m);
            assertEquals(LiteJson.parse(lite), parse(lite), lite);
        }
        assertEquals(LiteJson.parse(" { \"a\" : [ 1 , 2.5e3 , -0 , 1E-2 ] } "), parse(" { \"a\" : [ 1 , 2.5e3 , -0 , 1E-2 ] } "));
        assertEquals(LiteJson.parse("\"\\ud83d\\ude00\\u00e9\""), parse("\"\\ud83d\\ude00\\u00e9\""));
    }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : List.of("", "{", "[1,", "{\"a\" 1}", "\"open", "tru", "1 2", "{\"a\":1,}x", "\"\\x\"",
                "99999999999999999999", "@")) {
            assertThrows(IOException.class, () -> parse(bad), bad);
        }
    }

    /** Hands out its bytes one or a few at a time, as a socket may. */
    static InputStream trickle(byte[] b, Random r) {
        return new InputStream() {
            int i;

            @Override
            public int read() { return i < b.length ? b[i++] & 0xff : -1; }

            @Override
            public int read(byte[] to, int off, int len) {
                if (i >= b.length) return -1;
                int n = Math.min(Math.min(len, 1 + r.nextInt(7000)), b.length - i);
                System.arraycopy(b, i, to, off, n);
                i += n;
                return n;
            }
        };
    }

    @Test
    void splitsLinesHoweverTheBytesArrive() throws Exception {
        Random r = new Random(5);
        StringBuilder text = new StringBuilder();
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String line = databind.writeValueAsString(Map.of("id", i, "result", oddText(r, r.nextInt(i % 50 == 0 ? 40_000 : 50))));
            text.append(line).append('\n');
            expected.add(LiteJson.parse(line));
        }
        text.append("{\"id\":\"last, without a newline\"}");
        expected.add(Map.of("id", "last, without a newline"));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        for (InputStream in : List.of(new ByteArrayInputStream(bytes), trickle(bytes, r))) {
            AnswerReader a = new AnswerReader(in);
            for (Object e : expected) assertEquals(e, a.next());
            assertSame(AnswerReader.END, a.next());
            assertSame(AnswerReader.END, a.next());
        }
    }
}
