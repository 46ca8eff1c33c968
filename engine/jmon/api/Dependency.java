package jmon.api;

/**
 * A process this one waits for before it starts. {@code condition}: {@code started} (online), {@code ready}
 * (online and ready), {@code completed} (exited with a success code). Namespace null = the dependent's own.
 *
 * @param bond null, {@link #PART_OF} or {@link #BINDS_TO} (the app keys {@code part_of}, {@code binds_to}): a stop
 *             of the dependency by request stops this app first; a new run of the dependency (restarted by
 *             request, crash, memory or watchdog) restarts this app once the dependency is online again, so it
 *             reconnects; with binds_to, the dependency ending for good (errored, exited) stops this app too
 */
public record Dependency(String name, String namespace, String condition, String bond) {
    public static final String PART_OF = "part_of";
    public static final String BINDS_TO = "binds_to";

    public Dependency(String name, String namespace, String condition) { this(name, namespace, condition, null); }

    /** Stops and restarts of the dependency reach this app. */
    public boolean bound() { return bond != null; }
}
