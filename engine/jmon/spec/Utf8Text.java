package jmon.spec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a file's bytes as strict UTF-8, or says where the first bad byte is: "invalid UTF-8 byte 0xC3 at line 4
 * column 17" lets an operator find it, where the JDK's own "Input length = 1" does not.
 */
final class Utf8Text {
    private Utf8Text() {}

    /** The decoded text, or the problem (with line and column) when a byte is not valid UTF-8. */
    record Decoded(String text, Problem problem) {}

    static Decoded decode(byte[] bytes, String file) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) r = dec.flush(out);
        if (!r.isError()) return new Decoded(out.flip().toString(), null);
        int at = in.position(); // the first byte of the bad sequence
        out.flip();
        int line = 1, column = 1;
        for (int i = 0; i < out.length(); i++) {
            if (out.charAt(i) == '\n') {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(out.charAt(i))) {
                column++;
            }
        }
        String msg = String.format("invalid UTF-8 byte 0x%02X at line %d column %d", bytes[at] & 0xff, line, column);
        return new Decoded(null, new Problem(file, line, column, "", msg + ": the file must be UTF-8 text"));
    }
}
