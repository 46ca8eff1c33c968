package jmon.rpc;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one JSON configuration every jmon component shares (wire, state file, dumps, audit, freezes, jlist, HTTP),
 * on {@link LiteJson}: no jackson-databind, which the daemon must not load (it was ~600 classes of its memory).
 * Null fields are left out and unknown properties ignored on read, as the databind mapper did, so files written
 * by earlier versions read unchanged.
 */
public final class Json {
    private Json() {}

    /** Written as JSON {@code null} where a null would be left out (an answer whose result is null). */
    public static final Object NULL = LiteJson.NULL;

    public static String write(Object v) { return LiteJson.write(v); }

    public static byte[] bytes(Object v) { return LiteJson.bytes(v, false); }

    /** Indented as databind's {@code INDENT_OUTPUT} did: dump files, which people read and diff. */
    public static byte[] pretty(Object v) { return LiteJson.bytes(v, true); }

    /**
     * A document built of maps and lists with every null written, as Jackson's tree model wrote it: {@code jlist}
     * and the HTTP endpoint, whose readers expect every key.
     */
    public static String writeDocument(Object v) { return LiteJson.write(v, true); }

    /** Plain values: Map, List, String, Long, Double, Boolean, null. */
    public static Object parse(String text) throws IOException { return LiteJson.parse(text); }

    public static Object parse(Path file) throws IOException { return LiteJson.parse(Files.readAllBytes(file)); }

    public static <T> T read(String text, Type type) throws IOException { return convert(parse(text), type); }

    public static <T> T read(Path file, Type type) throws IOException { return convert(parse(file), type); }

    /** A parsed value as {@code type}; a value that does not fit is an IOException, as it was with databind. */
    public static <T> T convert(Object plain, Type type) throws IOException {
        try {
            return LiteJson.read(plain, type);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public static Type listOf(Class<?> element) { return LiteJson.listOf(element); }
}
