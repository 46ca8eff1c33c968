package jmon.engine.hooks;

import java.util.List;
import java.util.Set;

/**
 * One configured hook: which events it listens to, which apps it is for (null: any), and what it does: runs a
 * command (the event as JSON on stdin and in {@code JMON_EVENT_*} variables) or POSTs the event to a URL.
 *
 * @param command  argv of the command, null for a URL hook (a string in config.json becomes {@code sh -c STRING})
 * @param timeoutMs a command is killed, a POST abandoned, after this long
 * @param repeatMs  the same event of the same app fires this hook at most once in this window (the rest are counted)
 */
public record HookRule(String name, Set<String> on, String namespace, String app, List<String> command, String url,
                       long timeoutMs, long repeatMs) {
    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_REPEAT_MS = 60_000;

    public HookRule {
        on = Set.copyOf(on);
        command = command == null ? null : List.copyOf(command);
    }

    /** Whether this hook wants the event (type, namespace and app filters). */
    public boolean matches(HookEvent e) {
        if (!on.contains(e.type())) return false;
        if (namespace != null && !namespace.equals(e.namespace())) return false;
        return app == null || app.equals(e.name());
    }

    /** What the logs and reports call it. */
    public String label() {
        return name + (command != null ? " (command " + command.get(0) + ")" : " (POST " + url + ")");
    }
}
