package jmon.rpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jmon.api.EngineEvent;
import jmon.api.ProcessStatus;

/**
 * The client side of the wire without jackson-databind: Jackson's streaming parser and generator plus record
 * reflection. A CLI command lives a few hundred milliseconds, and databind's mapper set-up and record
 * introspection cost more than everything else it does; the daemon keeps databind, and this reads and writes
 * exactly what databind writes (record component names, nulls left out, {@link ProcessStatus} by wire name,
 * {@link EngineEvent} with a "type" property). {@code LiteJsonTest} checks both ways against databind.
 */
public final class LiteJson {
    /** Jackson's factory, made on first use: converting values to records ({@link #read}) needs none. */
    private static final class Jackson {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    private LiteJson() {}

    // ---- text <-> plain values (Map, List, String, Number, Boolean, null) -----------------------------------

    public static Object parse(String text) throws IOException {
        try (JsonParser p = Jackson.FACTORY.createParser(text)) {
            p.nextToken();
            return value(p);
        }
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
                return p.getLongValue();
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

    public static String write(Object v) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Jackson.FACTORY.createGenerator(w)) {
            write(g, v);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof ProcessStatus s) {
            g.writeString(s.wire());
        } else if (v instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (var e : m.entrySet()) {
                if (e.getValue() == null) continue;
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> it) {
            g.writeStartArray();
            for (Object o : it) write(g, o);
            g.writeEndArray();
        } else if (v.getClass().isRecord()) {
            g.writeStartObject();
            if (v instanceof EngineEvent e) g.writeStringField("type", eventType(e));
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                Object x;
                try {
                    x = c.getAccessor().invoke(v);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (x == null) continue;
                g.writeFieldName(c.getName());
                write(g, x);
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass());
        }
    }

    // ---- plain values -> records ----------------------------------------------------------------------------

    /** Builds a value of {@code type} (a record, list, map, enum or scalar) from a parsed plain value. */
    @SuppressWarnings("unchecked")
    public static <T> T read(Object v, Type type) {
        return (T) convert(v, type);
    }

    private static Object convert(Object v, Type type) {
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
                if (v == null) return null;
                List<Object> out = new ArrayList<>();
                for (Object o : (List<?>) v) out.add(convert(o, pt.getActualTypeArguments()[0]));
                return Set.class.isAssignableFrom(raw) ? Set.copyOf(out) : out;
            }
            if (Map.class.isAssignableFrom(raw)) {
                if (v == null) return null;
                Map<String, Object> out = new LinkedHashMap<>();
                for (var e : ((Map<?, ?>) v).entrySet()) {
                    out.put((String) e.getKey(), convert(e.getValue(), pt.getActualTypeArguments()[1]));
                }
                return out;
            }
            return convert(v, raw);
        }
        Class<?> c = (Class<?>) type;
        if (c == Object.class) return v;
        if (c == int.class) return v == null ? 0 : ((Number) v).intValue();
        if (c == long.class) return v == null ? 0L : ((Number) v).longValue();
        if (c == double.class) return v == null ? 0.0 : ((Number) v).doubleValue();
        if (c == boolean.class) return v != null && (Boolean) v;
        if (v == null) return null;
        if (c == Integer.class) return ((Number) v).intValue();
        if (c == Long.class) return ((Number) v).longValue();
        if (c == Double.class) return ((Number) v).doubleValue();
        if (c == String.class || c == Boolean.class) return v;
        if (c == ProcessStatus.class) return ProcessStatus.fromWire((String) v);
        if (c.isEnum()) return enumOf(c, (String) v);
        if (c == EngineEvent.class) return convert(v, eventClass((String) ((Map<?, ?>) v).get("type")));
        if (c.isRecord()) return record(c, (Map<?, ?>) v);
        throw new IllegalArgumentException("cannot read " + c);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumOf(Class<?> c, String name) {
        return Enum.valueOf((Class) c, name);
    }

    /** A record's components and canonical constructor, looked up once per class (reflection is the cost). */
    private record Shape(String[] names, Type[] types, Constructor<?> constructor) {}

    private static final Map<Class<?>, Shape> SHAPES = new java.util.concurrent.ConcurrentHashMap<>();

    private static Shape shape(Class<?> c) {
        return SHAPES.computeIfAbsent(c, k -> {
            RecordComponent[] cs = k.getRecordComponents();
            String[] names = new String[cs.length];
            Type[] types = new Type[cs.length];
            Class<?>[] raw = new Class<?>[cs.length];
            for (int i = 0; i < cs.length; i++) {
                names[i] = cs[i].getName();
                types[i] = cs[i].getGenericType();
                raw[i] = cs[i].getType();
            }
            try {
                return new Shape(names, types, k.getDeclaredConstructor(raw));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no canonical constructor in " + k.getSimpleName(), e);
            }
        });
    }

    private static Object record(Class<?> c, Map<?, ?> m) {
        Shape s = shape(c);
        Object[] args = new Object[s.names().length];
        for (int i = 0; i < args.length; i++) args[i] = convert(m.get(s.names()[i]), s.types()[i]);
        try {
            return s.constructor().newInstance(args);
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
        return switch (type) {
            case "status" -> EngineEvent.StatusChanged.class;
            case "added" -> EngineEvent.ProcessAdded.class;
            default -> EngineEvent.ProcessRemoved.class;
        };
    }
}
