package jmon.spec;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A JSON value that remembers where it was written, so every later check can point at a line and column.
 * Line and column are 0 when the text was generated (a .js file evaluated by node).
 */
sealed interface SrcNode permits SrcNode.Obj, SrcNode.Arr, SrcNode.Val {
    int line();

    int column();

    /** A member of an object; the key has its own position (unknown keys point at the key, not the value). */
    record Member(String key, int line, int column, SrcNode value) {}

    /** Members keep file order; a key written twice is an error ({@link JsonSource}), so each key is unique. */
    record Obj(LinkedHashMap<String, Member> members, int line, int column) implements SrcNode {}

    record Arr(List<SrcNode> items, int line, int column) implements SrcNode {}

    /** A scalar: String, BigDecimal, Boolean or null. */
    record Val(Object value, int line, int column) implements SrcNode {
        boolean isString() { return value instanceof String; }

        boolean isNumber() { return value instanceof BigDecimal; }

        boolean isBoolean() { return value instanceof Boolean; }
    }

    /** How a value reads in a message: {@code string "abc"}, {@code number 5}, {@code an object}. */
    static String describe(SrcNode n) {
        if (n instanceof Obj) return "an object";
        if (n instanceof Arr) return "an array";
        Object v = ((Val) n).value();
        if (v == null) return "null";
        if (v instanceof String s) return "string \"" + s + "\"";
        if (v instanceof BigDecimal d) return "number " + Conv.shortNumber(d);
        return "boolean " + v;
    }
}
