package jmon.spec;

import java.util.Set;

/**
 * The fixed words of a spec (stop signals, probe kinds, dependency conditions), apart from the converters that
 * read files: the daemon checks requests against them without initialising the loader's converters and their
 * regular expressions (about 50 classes a daemon would otherwise load on its first start).
 */
final class Vocabulary {
    private Vocabulary() {}

    static final Set<String> SIGNALS = Set.of("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGKILL");
    static final Set<String> PROBE_KINDS = Set.of("http", "tcp", "exec", "log");
    static final Set<String> CONDITIONS = Set.of("started", "ready", "completed");
}
