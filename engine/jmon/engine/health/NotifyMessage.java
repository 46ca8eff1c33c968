package jmon.engine.health;

import java.util.Map;
import jmon.rpc.Json;

/**
 * One line a process wrote to its notify pipe, in the style of systemd's sd_notify. Anything that is not a
 * message is {@link Garbage}: counted and ignored, never an error.
 */
public sealed interface NotifyMessage {
    record Ready() implements NotifyMessage {}

    record NotReady() implements NotifyMessage {}

    /** Partial readiness: "ready for reads" ({@code READY=reads}) or withdrawn ({@code NOTREADY=reads}). */
    record Capability(String name, boolean ready) implements NotifyMessage {}

    record Status(String text) implements NotifyMessage {}

    record Watchdog() implements NotifyMessage {}

    record Metric(String name, double value, String unit) implements NotifyMessage {}

    record Health(Map<String, Object> object) implements NotifyMessage {}

    record Garbage(String line) implements NotifyMessage {}

    @SuppressWarnings("unchecked")
    static NotifyMessage parse(String raw) {
        String line = raw.strip();
        try {
            if (line.equals("READY=1")) return new Ready();
            if (line.equals("READY=0") || line.equals("NOTREADY=1")) return new NotReady();
            if (line.equals("WATCHDOG=1")) return new Watchdog();
            if (line.startsWith("STATUS=")) return new Status(line.substring(7));
            if (line.startsWith("READY=") && isName(line.substring(6))) return new Capability(line.substring(6), true);
            if (line.startsWith("NOTREADY=") && isName(line.substring(9))) return new Capability(line.substring(9), false);
            if (line.startsWith("HEALTH=")) {
                Object o = Json.parse(line.substring(7));
                if (o instanceof Map<?, ?> m) return new Health((Map<String, Object>) m);
                return new Garbage(raw);
            }
            if (line.startsWith("METRIC ")) {
                String[] parts = line.substring(7).trim().split("\\s+", 2);
                int eq = parts[0].indexOf('=');
                if (eq <= 0) return new Garbage(raw);
                String name = parts[0].substring(0, eq);
                if (!isName(name)) return new Garbage(raw);
                double v = Double.parseDouble(parts[0].substring(eq + 1));
                if (Double.isNaN(v) || Double.isInfinite(v)) return new Garbage(raw);
                return new Metric(name, v, parts.length > 1 ? parts[1].trim() : null);
            }
        } catch (Exception e) {
            return new Garbage(raw);
        }
        return new Garbage(raw);
    }

    private static boolean isName(String s) {
        return !s.isEmpty() && s.length() <= 100 && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':');
    }
}
