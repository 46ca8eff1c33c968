package jmon.spec;

/**
 * The documented range of every number an app spec holds (README "Key ranges", docs/security.md). One table,
 * read by the file loader and by the daemon's request checks, so a value {@code jmon validate} accepts is a value
 * the daemon accepts. Bounds are generous for real use and small enough that a typo or a hostile value cannot
 * fork the machine to death or overflow into "off".
 */
public final class Limits {
    private Limits() {}

    /** Longest app name, namespace or selector target. */
    public static final int NAME_MAX_LENGTH = 128;

    /** Processes of one app ({@code instances}). */
    public static final int MAX_INSTANCES = 1024;
    /** Processes one start request may create in all (every app's instances together). */
    public static final int MAX_PROCESSES_PER_REQUEST = 4096;

    /** Any duration: min_uptime, restart_delay, kill_timeout, listen_timeout, watch_delay, watchdog, probe times. */
    public static final long MAX_DURATION_MS = 24L * 3600 * 1000;
    /** Any size in bytes: max_size, max_memory_restart (1 TiB). */
    public static final long MAX_SIZE_BYTES = 1L << 40;

    public static final int MAX_RESTARTS = 1_000_000;
    public static final int MAX_RETAIN = 1000;
    public static final int MAX_PRIORITY = 1_000_000;
    public static final int MAX_PROBE_THRESHOLD = 1000;
    /** Lines of history a {@code logs} request may ask for. */
    public static final int MAX_LOG_LINES = 1_000_000;

    /** Longest path, script, interpreter or other short text; the kernel's own limit on a path is 4096. */
    public static final int MAX_TEXT_LENGTH = 4096;
    /** Longest argument or environment value: the kernel's limit on one exec string (MAX_ARG_STRLEN). */
    public static final int MAX_ARG_LENGTH = 131_072;
    /** Longest free text that goes into files and logs (a freeze reason). */
    public static final int MAX_REASON_LENGTH = 1024;
    /** Arguments, environment entries, watched paths and dependencies of one app. */
    public static final int MAX_LIST_ITEMS = 4096;
}
