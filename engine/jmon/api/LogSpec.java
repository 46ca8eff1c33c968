package jmon.api;

/**
 * Where and how a process's output is kept (PM2 attribute names). Null paths mean jmon's default
 * {@code $JMON_HOME/logs/<namespace>/<name>-out.log}; "/dev/null" keeps no file. {@code maxSize} and
 * {@code retain} (pm2-logrotate's names) rotate the files; 0 means the daemon's default from config.json.
 */
public record LogSpec(
        String outFile,
        String errorFile,
        String logFile,
        boolean mergeLogs,
        boolean time,
        String logDateFormat,
        String logType,
        long maxSize,
        int retain) {

    public LogSpec(String outFile, String errorFile, String logFile, boolean mergeLogs, boolean time,
                   String logDateFormat, String logType) {
        this(outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, 0, 0);
    }

    public static LogSpec defaults() { return new LogSpec(null, null, null, false, false, null, null); }

    public boolean isJson() { return "json".equals(logType); }
}
