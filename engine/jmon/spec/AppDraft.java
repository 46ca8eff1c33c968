package jmon.spec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One app as written, before anything is looked up on disk: null means "not given". Keeps where each attribute
 * was written so problems found later (a missing script, a duplicate name) still point at the right line.
 */
final class AppDraft {
    // where it came from
    final Diag diag;
    final String path;          // "apps[1]", "[1]" or "" for a single-app file
    final SrcNode where;        // the app object itself
    final Map<String, SrcNode> nodes = new HashMap<>(); // canonical key -> value written
    String fileNamespace;       // namespace of the file (or of the includer) when the app has none
    String fileTier;
    java.nio.file.Path baseDir; // folder of the file: default cwd, base of a relative cwd
    String source;              // absolute path of the file, null for the command line

    // attributes
    String name;
    String script;
    List<String> args;
    String interpreter;
    List<String> interpreterArgs;
    String cwd;
    Map<String, String> env;
    String envFile;
    Boolean appendEnvToName;
    Boolean disableLogs;
    String pidFile;
    final Map<String, Map<String, String>> envBlocks = new LinkedHashMap<>();
    Integer instances;
    String instanceVar;
    /** PM2's increment_var: the env variable whose number gets each instance's id added. */
    String incrementVar;
    Boolean autorestart;
    Boolean autostart;
    Boolean envFromCaller;
    Integer maxRestarts;
    Long minUptimeMs;
    Long restartDelayMs;
    Long expBackoffMs;
    List<Integer> stopExitCodes;
    Long killTimeoutMs;
    String stopSignal;
    String namespace;
    String outFile;
    String errorFile;
    String logFile;
    Boolean mergeLogs;
    Boolean time;
    String logDateFormat;
    String logType;
    Long maxSize;
    Integer retain;
    Long maxMemoryRestart;
    String cronRestart;
    List<String> watch;
    List<String> ignoreWatch;
    Long watchDelayMs;
    Boolean waitReady;
    Long listenTimeoutMs;
    Boolean shutdownWithMessage;
    Long watchdogMs;
    jmon.api.ProbeSpec readiness;
    jmon.api.ProbeSpec liveness;
    List<jmon.api.Dependency> dependsOn;
    List<String> bindsTo;
    List<String> partOf;
    List<jmon.api.HookSpec> hooks;
    /** The file's own hooks (file level), which every app of that file gets after its own. */
    List<jmon.api.HookSpec> fileHooks;
    Integer priority;
    Boolean isProtected;
    jmon.api.RestartKind restartKind;
    String user;
    String group;
    List<String> groups;
    Long maxOpenFiles;
    Long maxProcesses;
    Integer nice;
    Integer umask;
    Integer oomScoreAdj;
    Long memoryMax;
    Integer cpuQuota;
    Long tasksMax;
    String preStart;
    String postStop;
    String stopCommand;
    Long commandTimeoutMs;

    AppDraft(Diag diag, String path, SrcNode where) {
        this.diag = diag;
        this.path = path;
        this.where = where;
    }

    /** Field path for a problem, e.g. {@code apps[1].script}. */
    String field(String key) { return path.isEmpty() ? key : path + "." + key; }

    /** Report at the attribute if it was written, else at the app object. */
    void problem(String key, String message) {
        SrcNode n = nodes.get(key);
        diag.at(n != null ? n : where, field(key), message);
    }

    /**
     * Report a problem of a nested attribute ({@code health.readiness.period}, {@code env.PORT}) at the top-level
     * attribute it was written under.
     */
    void problemNested(String key, String message) {
        int cut = key.length();
        for (int i = 0; i < key.length(); i++) if (key.charAt(i) == '.' || key.charAt(i) == '[') { cut = i; break; }
        SrcNode n = nodes.get(key.substring(0, cut));
        diag.at(n != null ? n : where, field(key), message);
    }

    /** The namespace the app will live in, before --namespace fills the gaps. */
    String declaredNamespace() { return namespace != null ? namespace : fileNamespace; }

    /** Name as it will be (defaulted from the script file name), or null when neither is known. */
    String effectiveName() {
        if (name != null) return name;
        if (script == null) return null;
        String base = script.replaceAll("/+$", "");
        base = base.substring(base.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
