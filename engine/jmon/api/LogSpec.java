package jmon.api;

/**
 * Where and how a process's output is kept (PM2 attribute names). Null paths mean jmon's default
 * {@code $JMON_HOME/logs/<namespace>/<name>-out.log}; "/dev/null" keeps no file.
 */
public record LogSpec(
        String outFile,
        String errorFile,
        String logFile,
        boolean mergeLogs,
        boolean time,
        String logDateFormat,
        String logType) {

    public static LogSpec defaults() { return new LogSpec(null, null, null, false, false, null, null); }
}
