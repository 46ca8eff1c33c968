package jmon.api;

/**
 * Why a run ended or a restart was asked for: the one place the status model says "why". The engine's reasons are
 * classified here (their wording is the engine's own, kept in step by {@code RunResultTest} on real processes), and
 * the prose every view shows is generated from the kind, so describe, history and the incident report say the same.
 */
public enum RunResult {
    /** The process exited by itself with this code. */
    EXIT_CODE,
    /** The process died of a signal nobody asked for (OOM killer, a kill by hand). */
    SIGNAL,
    /** It never became ready (listen_timeout) or stopped being ready. */
    NOT_READY,
    /** It could not be started at all (no such file, not executable). */
    SPAWN_ERROR,
    /** Its liveness probe failed too often. */
    LIVENESS,
    /** It sent no WATCHDOG=1 within watchdog_sec. */
    WATCHDOG,
    /** Its memory passed max_memory_restart. */
    MEMORY,
    /** cron_restart fired. */
    CRON,
    /** A watched file changed. */
    WATCH,
    /** Someone asked: stop, restart, reload, delete, kill. */
    REQUEST;

    /**
     * The kind of an engine reason with the run's last exit code and signal; null when the reason names no end
     * (a start, a readiness change).
     */
    public static RunResult of(String reason, Integer exitCode, String signal) {
        String r = reason == null ? "" : reason;
        if (r.startsWith("spawn error")) return SPAWN_ERROR;
        if (r.startsWith("watchdog")) return WATCHDOG;
        if (r.contains("max_memory_restart")) return MEMORY;
        if (r.startsWith("cron_restart")) return CRON;
        if (r.startsWith("file changed")) return WATCH;
        if (r.startsWith("liveness")) return LIVENESS;
        if (r.contains("listen_timeout") || r.startsWith("not ready")) return NOT_READY;
        if (r.contains("by request") || r.contains("requested") || r.equals("reload") || r.contains("startOrRestart")
                || r.startsWith("stopped") || r.equals("daemon killed") || r.equals("scaled down")) return REQUEST;
        if (signal != null) return SIGNAL;
        if (exitCode != null) return EXIT_CODE;
        return null;
    }

    /** The sentence an operator reads, e.g. "exited with code 3", "killed by SIGKILL". */
    public String prose(String reason, Integer exitCode, String signal) {
        String detail = reason == null || reason.isBlank() ? "" : ": " + reason;
        return switch (this) {
            case EXIT_CODE -> "exited with code " + exitCode;
            case SIGNAL -> "killed by " + signal + " (not sent by jmon)";
            case NOT_READY -> "never became ready" + detail;
            case SPAWN_ERROR -> "could not be started" + detail;
            case LIVENESS -> "restarted by its liveness probe" + detail;
            case WATCHDOG -> "restarted by the watchdog (no WATCHDOG=1 in time)";
            case MEMORY -> "restarted for its memory" + detail;
            case CRON -> "restarted by cron_restart" + detail;
            case WATCH -> "restarted because a watched file changed" + detail;
            case REQUEST -> "stopped or restarted on request" + detail;
        };
    }

    /** The word used in JSON and tables: {@code exit code}, {@code signal}, … */
    public String word() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '); }
}
