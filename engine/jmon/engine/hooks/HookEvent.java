package jmon.engine.hooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a hook is told: the kind of event, the app, its exit and why. {@link #toJson()} is the document on a
 * command's stdin and in a POST body (with a Slack-style {@code text}); {@link #env()} the same facts as
 * {@code JMON_EVENT_*} variables.
 *
 * @param type     one of {@link HookEvents#TYPES}
 * @param name     the app, null for a namespace-wide event (incident)
 * @param down     for an incident: the apps of the namespace that are down
 * @param suppressed how many earlier repeats of this event the rate limit held back
 */
public record HookEvent(String type, String namespace, String name, Integer pmId, String status, String from,
                        Integer exitCode, String signal, String reason, int restarts, int unstableRestarts,
                        List<String> down, long at, String host, boolean test, long suppressed) {
    public HookEvent {
        down = down == null ? List.of() : List.copyOf(down);
    }

    HookEvent withSuppressed(long n) {
        return new HookEvent(type, namespace, name, pmId, status, from, exitCode, signal, reason, restarts,
                unstableRestarts, down, at, host, test, n);
    }

    /** ns/name, or the namespace for an incident. */
    public String subject() { return name == null ? namespace : namespace + "/" + name; }

    /** One human line, for chat webhooks and logs. */
    public String text() {
        StringBuilder b = new StringBuilder(test ? "[jmon test] " : "[jmon] ");
        b.append(subject());
        switch (type) {
            case HookEvents.CRASH -> b.append(" crashed");
            case HookEvents.ERRORED -> b.append(" errored (no more restarts)");
            case HookEvents.CRASH_LOOP -> b.append(" is crash-looping (").append(unstableRestarts).append(" unstable restarts)");
            case HookEvents.MEMORY -> b.append(" restarted for memory");
            case HookEvents.INCIDENT -> b.append(": every app meant to run is down (").append(String.join(", ", down)).append(')');
            default -> b.append(' ').append(type);
        }
        if (exitCode != null) b.append(", exit ").append(exitCode);
        if (signal != null) b.append(", ").append(signal);
        if (reason != null) b.append(": ").append(reason);
        if (host != null) b.append(" on ").append(host);
        if (suppressed > 0) b.append(" (").append(suppressed).append(" repeats held back)");
        return b.toString();
    }

    /** The JSON document (key order fixed, every key present). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("namespace", namespace);
        m.put("name", name);
        m.put("pm_id", pmId);
        m.put("status", status);
        m.put("from", from);
        m.put("exit_code", exitCode);
        m.put("signal", signal);
        m.put("reason", reason);
        m.put("restarts", restarts);
        m.put("unstable_restarts", unstableRestarts);
        m.put("down", down);
        m.put("at", at);
        m.put("host", host);
        m.put("test", test);
        m.put("suppressed", suppressed);
        m.put("text", text());
        return m;
    }

    /** The same facts as environment variables; absent values are empty strings. */
    public Map<String, String> env() {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("JMON_EVENT_TYPE", type);
        e.put("JMON_EVENT_NAMESPACE", namespace == null ? "" : namespace);
        e.put("JMON_EVENT_NAME", name == null ? "" : name);
        e.put("JMON_EVENT_PM_ID", pmId == null ? "" : pmId.toString());
        e.put("JMON_EVENT_STATUS", status == null ? "" : status);
        e.put("JMON_EVENT_EXIT_CODE", exitCode == null ? "" : exitCode.toString());
        e.put("JMON_EVENT_SIGNAL", signal == null ? "" : signal);
        e.put("JMON_EVENT_REASON", reason == null ? "" : reason);
        e.put("JMON_EVENT_RESTARTS", Integer.toString(restarts));
        e.put("JMON_EVENT_DOWN", String.join(",", down));
        e.put("JMON_EVENT_AT", Long.toString(at));
        e.put("JMON_EVENT_TEST", test ? "1" : "0");
        e.put("JMON_EVENT_TEXT", text());
        return e;
    }
}
