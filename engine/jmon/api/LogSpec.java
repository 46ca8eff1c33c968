package jmon.api;

/**
 * Where and how a process's output is kept (PM2 attribute names). Null paths mean jmon's default
 * {@code $JMON_HOME/logs/<namespace>/<name>-out.log}; "/dev/null" keeps no file. {@code maxSize} and
 * {@code retain} (pm2-logrotate's names) rotate the files; 0 means the daemon's default from config.json.
 * {@code pidFile} (PM2's pid_file, absolute) is written with the pid at each spawn and removed when it ends.
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
        int retain,
        String pidFile) {

    public LogSpec(String outFile, String errorFile, String logFile, boolean mergeLogs, boolean time,
                   String logDateFormat, String logType) {
        this(outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, 0, 0);
    }

    public LogSpec(String outFile, String errorFile, String logFile, boolean mergeLogs, boolean time,
                   String logDateFormat, String logType, long maxSize, int retain) {
        this(outFile, errorFile, logFile, mergeLogs, time, logDateFormat, logType, maxSize, retain, null);
    }

    /**
     * PM2's pm_pid_path for the process {@code pmId}: a trailing ".pid" (or "-N.pid") becomes "-pmId.pid", so each
     * instance has its own file; null when the app has no pid_file.
     */
    public String pidPathFor(int pmId) {
        if (pidFile == null) return null;
        String base = pidFile;
        if (base.endsWith(".pid")) {
            int cut = base.length() - 4;
            int dash = base.lastIndexOf('-', cut - 1);
            boolean numbered = dash >= 0 && dash < cut - 1;
            for (int i = dash + 1; numbered && i < cut; i++) numbered = Character.isDigit(base.charAt(i));
            return base.substring(0, numbered ? dash : cut) + "-" + pmId + ".pid";
        }
        return base;
    }

    public static LogSpec defaults() { return new LogSpec(null, null, null, false, false, null, null); }

    public boolean isJson() { return "json".equals(logType); }
}
