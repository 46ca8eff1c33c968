package jmon.rpc;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jmon.api.EngineEvent;
import jmon.api.ProcessStatus;

/**
 * jmon's JSON codec without jackson-databind: Jackson's streaming parser and generator plus record reflection.
 * Databind cost a CLI command more than everything else it did, and the daemon some 600 classes of memory; the
 * daemon reaches this through {@link Json}, which holds the configuration. It reads and writes what databind
 * wrote: record components by name in declaration order, {@link ProcessStatus} by wire name, other enums by
 * name, {@link EngineEvent} with a leading "type" property; unknown properties are ignored on read.
 * {@code LiteJsonTest} checks it against databind byte for byte.
 */
public final class LiteJson {
    /** Jackson's factory, made on first use: converting values to records ({@link #read}) needs none. */
    private static final class Jackson {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    /** Written as JSON {@code null} even where nulls are left out (an answer whose result is null). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() { return "null"; }
    };

    private LiteJson() {}

    // ---- text <-> plain values (Map, List, String, Long/BigInteger, Double, Boolean, null) ------------------

    public static Object parse(String text) throws IOException {
        try (JsonParser p = Jackson.FACTORY.createParser(text)) {
            return root(p);
        }
    }

    public static Object parse(byte[] utf8) throws IOException {
        try (JsonParser p = Jackson.FACTORY.createParser(utf8)) {
            return root(p);
        }
    }

    private static Object root(JsonParser p) throws IOException {
        if (p.nextToken() == null) throw new EOFException("no JSON content");
        return value(p);
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    m.put(k, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) l.add(value(p));
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            default -> {
                return null;
            }
        }
    }

    /** Compact; null record components and null map values are left out. */
    public static String write(Object v) { return write(v, false); }

    /**
     * @param nulls write null record components and map values (as Jackson's tree model does) instead of leaving
     *              them out
     */
    public static String write(Object v, boolean nulls) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Jackson.FACTORY.createGenerator(w)) {
            write(g, v, nulls);
        } catch (IOException e) {
            throw new IllegalStateException(e); // into memory: only a value we cannot write gets here
        }
        return w.toString();
    }

    /** UTF-8, nulls left out; {@code pretty}: indented as databind's {@code INDENT_OUTPUT} did. */
    public static byte[] bytes(Object v, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Jackson.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            if (pretty) g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(g, v, false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object v, boolean nulls) throws IOException {
        if (v == null || v == NULL) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Character c) {
            g.writeString(c.toString());
        } else if (v instanceof ProcessStatus s) {
            g.writeString(s.wire());
        } else if (v instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (var e : m.entrySet()) {
                if (e.getValue() == null && !nulls) continue;
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue(), nulls);
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> it) {
            g.writeStartArray();
            for (Object o : it) write(g, o, nulls);
            g.writeEndArray();
        } else if (v instanceof Object[] a) {
            g.writeStartArray();
            for (Object o : a) write(g, o, nulls);
            g.writeEndArray();
        } else if (v.getClass().isRecord()) {
            g.writeStartObject();
            if (v instanceof EngineEvent e) g.writeStringField("type", eventType(e));
            Shape s = shape(v.getClass());
            MethodHandle[] handles = s.handles();
            for (int i = 0; i < s.names.length; i++) {
                Object x;
                try {
                    x = handles != null ? (Object) handles[i].invokeExact(v) : s.getters[i].invoke(v);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException("cannot read " + v.getClass().getSimpleName() + "." + s.names[i], e);
                }
                if (x == null && !nulls) continue;
                g.writeFieldName(s.names[i]);
                write(g, x, nulls);
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass());
        }
    }

    // ---- plain values -> records ----------------------------------------------------------------------------

    /**
     * Builds a value of {@code type} (a record, list, set, array, map, enum or scalar) from a parsed plain value.
     * Scalars are coerced as databind did (a number into a String field, "12" into an int); a missing primitive
     * is 0 or false.
     *
     * @throws IllegalArgumentException when the value does not fit the type
     */
    @SuppressWarnings("unchecked")
    public static <T> T read(Object v, Type type) {
        try {
            return (T) convert(v, type);
        } catch (Mismatch e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (ClassCastException | NumberFormatException e) {
            throw new IllegalArgumentException("cannot read " + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A value of the wrong type, with the path of the field it was found at ({@code apps[0].instances: expected a
     * number, got a string}). The path is put together while the exception unwinds, so a value that fits costs
     * nothing for it.
     */
    static final class Mismatch extends IllegalArgumentException {
        private final String problem;
        private String path = "";

        Mismatch(String problem) {
            super(problem);
            this.problem = problem;
        }

        /** This mismatch one level up: under property {@code name}, or at index {@code [i]} when name is null. */
        Mismatch under(String name, int index) {
            String seg = name == null ? "[" + index + "]" : name;
            path = path.isEmpty() ? seg : path.startsWith("[") ? seg + path : seg + "." + path;
            return this;
        }

        @Override
        public String getMessage() { return path.isEmpty() ? problem : path + ": " + problem; }

        /** A client's mistake, not jmon's: no stack to fill (a fuzzing client sends many). */
        @Override
        public synchronized Throwable fillInStackTrace() { return this; }
    }

    /** {@code List<element>}, for {@link #read}. */
    public static Type listOf(Class<?> element) {
        return new ParameterizedType() {
            @Override public Type[] getActualTypeArguments() { return new Type[] {element}; }
            @Override public Type getRawType() { return List.class; }
            @Override public Type getOwnerType() { return null; }
            @Override public String getTypeName() { return "List<" + element.getSimpleName() + ">"; }
        };
    }

    private static Object convert(Object v, Type type) {
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                if (v == null) return null;
                Collection<Object> out = Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
                int i = 0;
                for (Object o : list(v, type)) {
                    try {
                        out.add(convert(o, pt.getActualTypeArguments()[0]));
                    } catch (Mismatch e) {
                        throw e.under(null, i);
                    }
                    i++;
                }
                return out;
            }
            if (Map.class.isAssignableFrom(raw)) {
                if (v == null) return null;
                Map<String, Object> out = new LinkedHashMap<>();
                for (var e : object(v, type).entrySet()) {
                    try {
                        out.put((String) e.getKey(), convert(e.getValue(), pt.getActualTypeArguments()[1]));
                    } catch (Mismatch m) {
                        throw m.under((String) e.getKey(), 0);
                    }
                }
                return out;
            }
            return convert(v, raw);
        }
        Class<?> c = (Class<?>) type;
        if (c == Object.class) return v;
        if (c == String.class) return v == null || v instanceof String ? v : mismatch("a string", v);
        if (c == int.class) return v == null ? 0 : (int) whole(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (c == long.class) return v == null ? 0L : whole(v, Long.MIN_VALUE, Long.MAX_VALUE);
        if (c == double.class) return v == null ? 0.0 : number(v).doubleValue();
        if (c == boolean.class) return v != null && bool(v);
        if (v == null) return null;
        if (c == Integer.class) return (int) whole(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (c == Long.class) return whole(v, Long.MIN_VALUE, Long.MAX_VALUE);
        if (c == Double.class) return number(v).doubleValue();
        if (c == Boolean.class) return bool(v);
        if (c == ProcessStatus.class) {
            try {
                return ProcessStatus.fromWire(text(v));
            } catch (Mismatch e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new Mismatch(e.getMessage());
            }
        }
        if (c.isEnum()) return enumOf(c, text(v));
        if (c == EngineEvent.class) return convert(v, eventClass(text(object(v, c).get("type"))));
        if (c.isRecord()) return record(c, object(v, c));
        if (c.isArray()) {
            List<?> l = list(v, c);
            Object a = Array.newInstance(c.getComponentType(), l.size());
            for (int i = 0; i < l.size(); i++) Array.set(a, i, convert(l.get(i), c.getComponentType()));
            return a;
        }
        if (c == List.class || c == Map.class) return v;
        throw new IllegalArgumentException("cannot read " + c);
    }

    private static <T> T mismatch(String expected, Object got) {
        throw new Mismatch("expected " + expected + ", got " + kind(got));
    }

    private static Number number(Object v) {
        if (v instanceof Number n) return n;
        return mismatch("a number", v);
    }

    /** A whole number within [min, max]: never a fraction truncated, never a huge value wrapped around. */
    private static long whole(Object v, long min, long max) {
        if (v instanceof Long l) {
            if (l < min || l > max) throw new Mismatch("expected a whole number from " + min + " to " + max + ", got " + l);
            return l;
        }
        if (v instanceof Integer i) return whole((long) i, min, max);
        if (v instanceof Double d) {
            if (d != Math.rint(d)) throw new Mismatch("expected a whole number, got " + d);
            if (d < min || d > max) throw new Mismatch("expected a whole number from " + min + " to " + max + ", got " + d);
            return d.longValue();
        }
        if (v instanceof BigInteger b) throw new Mismatch("expected a whole number from " + min + " to " + max + ", got " + b);
        if (v instanceof Number n) return whole(n.longValue(), min, max);
        return mismatch("a number", v);
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) return b;
        return mismatch("true or false", v);
    }

    private static String text(Object v) {
        if (v instanceof String s) return s;
        return mismatch("a string", v);
    }

    private static Map<?, ?> object(Object v, Type t) {
        if (v instanceof Map<?, ?> m) return m;
        return mismatch("an object", v);
    }

    private static List<?> list(Object v, Type t) {
        if (v instanceof List<?> l) return l;
        return mismatch("a list", v);
    }

    private static String kind(Object v) {
        if (v == null) return "null";
        if (v instanceof Map) return "an object";
        if (v instanceof List) return "a list";
        if (v instanceof String) return "a string";
        if (v instanceof Boolean) return "true/false";
        return "a number";
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumOf(Class<?> c, String name) {
        try {
            return Enum.valueOf((Class) c, name);
        } catch (IllegalArgumentException e) {
            StringBuilder known = new StringBuilder();
            for (Object k : c.getEnumConstants()) known.append(known.length() == 0 ? "" : ", ").append(k);
            throw new Mismatch("expected one of " + known + ", got \"" + name + "\"");
        }
    }

    /**
     * A record's shape, looked up once per class (reflection is the cost): the properties written (its components,
     * then its bean getters such as {@code LogSpec.isJson()}, which databind wrote too), and the components and
     * canonical constructor it is read through.
     */
    private static final class Shape {
        final String[] names;
        final Method[] getters;
        final Type[] types;
        final Constructor<?> constructor;
        private int writes;
        private volatile MethodHandle[] handles;

        Shape(String[] names, Method[] getters, Type[] types, Constructor<?> constructor) {
            this.names = names;
            this.getters = getters;
            this.types = types;
            this.constructor = constructor;
        }

        /**
         * Null for the first few values, which go through {@code Method.invoke} (cheap to set up: a CLI command
         * writes a handful); then method handles, because {@code Method.invoke} generates a class with its own
         * class loader for each getter called more than 15 times (about a hundred in a daemon).
         */
        MethodHandle[] handles() {
            MethodHandle[] h = handles;
            if (h != null || ++writes < 8) return h; // a lost update under a race only delays the switch
            h = new MethodHandle[getters.length];
            MethodType getter = MethodType.methodType(Object.class, Object.class);
            try {
                for (int i = 0; i < h.length; i++) h[i] = MethodHandles.lookup().unreflect(getters[i]).asType(getter);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e); // setAccessible(true) was done
            }
            return handles = h;
        }
    }

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    // no lambdas here: each costs a CLI command a class spun at run time
    private static Shape shape(Class<?> c) {
        Shape s = SHAPES.get(c);
        if (s == null) {
            s = newShape(c);
            Shape had = SHAPES.putIfAbsent(c, s);
            if (had != null) s = had;
        }
        return s;
    }

    private static Shape newShape(Class<?> k) {
        RecordComponent[] cs = k.getRecordComponents();
        List<String> names = new ArrayList<>();
        List<Method> accessors = new ArrayList<>();
        Type[] types = new Type[cs.length];
        Class<?>[] raw = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            names.add(cs[i].getName());
            accessors.add(cs[i].getAccessor());
            types[i] = cs[i].getGenericType();
            raw[i] = cs[i].getType();
        }
        List<String> components = List.copyOf(names);
        for (Method m : k.getMethods()) {
            String name = components.contains(m.getName()) ? null : getterProperty(m); // isProtected() is a component
            if (name != null && !names.contains(name)) {
                names.add(name);
                accessors.add(m);
            }
        }
        for (Method m : accessors) m.setAccessible(true);
        try {
            Constructor<?> ctor = k.getDeclaredConstructor(raw);
            ctor.setAccessible(true);
            return new Shape(names.toArray(new String[0]), accessors.toArray(new Method[0]), types, ctor);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no canonical constructor in " + k.getSimpleName(), e);
        }
    }

    /** The property a bean getter ({@code getX()}, boolean {@code isX()}) stands for, as databind names it; else null. */
    private static String getterProperty(Method m) {
        if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.isSynthetic()
                || m.isBridge() || m.getDeclaringClass() == Object.class || m.getDeclaringClass() == Record.class) {
            return null;
        }
        String n = m.getName();
        int from = n.startsWith("get") && m.getReturnType() != void.class ? 3
                : n.startsWith("is") && m.getReturnType() == boolean.class ? 2 : -1;
        if (from < 0 || n.length() == from || !Character.isUpperCase(n.charAt(from))) return null;
        // databind's default naming: the leading capitals lowered ("isJson" -> "json", "getURL" -> "url")
        StringBuilder b = new StringBuilder(n.substring(from));
        for (int i = 0; i < b.length() && Character.isUpperCase(b.charAt(i)); i++) b.setCharAt(i, Character.toLowerCase(b.charAt(i)));
        return b.toString();
    }

    private static Object record(Class<?> c, Map<?, ?> m) {
        Shape s = shape(c);
        Object[] args = new Object[s.types.length];
        for (int i = 0; i < args.length; i++) {
            try {
                args[i] = convert(m.get(s.names[i]), s.types[i]);
            } catch (Mismatch e) {
                throw e.under(s.names[i], 0);
            }
        }
        try {
            return s.constructor.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            // List.copyOf, Map.copyOf: a null inside a list or an object of the value
            if (e.getCause() instanceof NullPointerException) throw new Mismatch("has a null inside a list or object");
            throw new Mismatch("is not a valid " + c.getSimpleName() + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + c.getSimpleName() + ": " + e, e);
        }
    }

    private static String eventType(EngineEvent e) {
        if (e instanceof EngineEvent.StatusChanged) return "status";
        if (e instanceof EngineEvent.ProcessAdded) return "added";
        return "removed";
    }

    private static Class<?> eventClass(String type) {
        if (type == null) throw new IllegalArgumentException("an event without a type");
        return switch (type) {
            case "status" -> EngineEvent.StatusChanged.class;
            case "added" -> EngineEvent.ProcessAdded.class;
            case "removed" -> EngineEvent.ProcessRemoved.class;
            default -> throw new IllegalArgumentException("unknown event type " + type);
        };
    }
}
