package jmon.api;

import java.util.List;

/**
 * A hook of one app, declared in its ecosystem file (the app's {@code hooks}, or the file's, which every app of
 * that file gets): the events it listens to and what it does, as a hook of config.json but for this app only.
 *
 * @param command argv (a string in the file becomes {@code sh -c STRING}), null for a URL hook
 */
public record HookSpec(String name, List<String> on, List<String> command, String url, long timeoutMs, long repeatMs) {
    public HookSpec {
        on = on == null ? List.of() : List.copyOf(on);
        command = command == null ? null : List.copyOf(command);
    }
}
