package jmon.api;

import java.util.List;

/**
 * The one contract every client uses: the engine implements it in-process, the RPC client over the socket.
 * Every method that changes something is audited by the implementation with the caller's OS user.
 */
public interface JmonApi {
    int PROTOCOL_VERSION = 1;

    DaemonInfo ping();

    /**
     * Adds and starts apps. An app that already exists (same namespace and name) is left as is ({@link StartMode#ADD}),
     * restarted with the new spec (RESTART: startOrRestart) or reloaded one instance at a time (RELOAD:
     * startOrReload); returns once every started process is online or has failed.
     */
    ActionResult start(List<AppSpec> apps, StartMode mode);

    /** {@link #start(List, StartMode)} as add ({@code false}) or startOrRestart ({@code true}). */
    default ActionResult start(List<AppSpec> apps, boolean restartExisting) {
        return start(apps, StartMode.of(restartExisting));
    }

    /** stop / restart / reload / delete / start on existing processes chosen by a selector. */
    ActionResult act(Verb verb, Selector selector);

    /** Every process, or those of one namespace when {@code namespace} is not null. */
    List<ProcessInfo> list(String namespace);

    /**
     * One process as {@link #list} shows it, plus its {@link ProcessInfo#members members} (which cost a full read
     * of /proc, so list leaves them out). NOT_FOUND when no process has this id.
     */
    ProcessInfo describe(int pmId);

    /** Writes {@code dump-<ns>.json} for one namespace, or every namespace when null. */
    SaveResult save(String namespace, boolean force);

    /** Restores saved apps (one namespace or all) in priority order; dryRun only reports what it would do. */
    ActionResult resurrect(String namespace, boolean dryRun);

    /** Stops every app, then the daemon. */
    ActionResult kill();

    /**
     * Reads log lines: history first (the last {@code lines} per process), then, when following, live lines
     * with no gap and no duplicate, until the sink says stop. Merged across the chosen processes.
     */
    void logs(LogQuery query, LogSink sink);

    /** Empties the log files (and in-memory history) of the chosen processes only. */
    ActionResult flush(Selector selector);

    /** Reopens every log file (after an outside tool moved them). Returns how many files. */
    int reloadLogs();

    /**
     * Streams engine events (status changes, processes added and removed) as they happen, until the sink
     * returns false. The console refreshes from this instead of polling.
     */
    void events(EventSink sink);

    /**
     * Freezes a namespace (incident: "no deployments until resolved"). Returns the freeze with its token; a
     * client that sends the token (the freezing operator's restore) may still change the namespace.
     */
    FreezeInfo freeze(String namespace, String reason);

    /** Lifts a freeze. */
    ActionResult unfreeze(String namespace);

    /** Every frozen namespace (tokens left out). */
    java.util.List<FreezeInfo> freezes();

    /** The last samples of one process (oldest first), for {@code describe} and sparklines. */
    java.util.List<MetricSample> metrics(int pmId);

   /** Sends a signal (e.g. {@code SIGUSR2}) to the main process of each chosen process ({@code sendSignal}). */
    ActionResult signal(String signal, Selector selector);

    /** Sets the restart counters of the chosen processes back to zero ({@code reset}). */
    ActionResult reset(Selector selector);

    /**
     * Sets the number of instances of one app: new instances are started, the highest ones removed, and the
     * others are left running untouched ({@code scale}, {@code start NAME -i N}).
     */
    ActionResult scale(String namespace, String name, int instances);

    /**
     * {@code update}: over the socket, once answered, this daemon exits and leaves every app running, so the next
     * daemon (a newer jar) re-adopts them without a restart. Returns the processes handed over.
     */
    ActionResult update();

    /**
     * The daemon's history (status transitions with their reasons and results, readiness, probe changes,
     * requests with their caller's context), oldest first.
     */
    java.util.List<HistoryEvent> history(HistoryQuery query);

    /**
     * What should run in a namespace (null: all): dumps ∪ apps started (with their source file) ∪ tombstones of
     * deleted apps ∪ registered files, one entry per app, computed by the daemon.
     */
    java.util.List<ExpectedApp> expected(String namespace);

    /** Registers an ecosystem file with the expected inventory ({@code jmon inventory add}); a note says if it was already. */
    ActionResult registerFile(String path);

    /** Removes a registered file; NOT_FOUND when it was not registered. */
    ActionResult unregisterFile(String path);

    /** The registered files, each with whether its apps can be read now. */
    java.util.List<RegisteredFile> registeredFiles();

    /** A new incident folder of the daemon, named {@code base} (or base-2 …); returns its id. */
    String createIncident(String base);

    /** Writes (or rewrites) one file of an incident. */
    ActionResult writeIncidentFile(String id, String name, String content);

    /** Appends to one file of an incident (the socket client sends a large file as a write and appends). */
    ActionResult appendIncidentFile(String id, String name, String content);

    /** One file of an incident; NOT_FOUND when it has none of that name. */
    String readIncidentFile(String id, String name);

    /** Every incident the daemon keeps, oldest first. */
    java.util.List<IncidentInfo> incidents();

    /** The last lines of the daemon's own log ({@code jmon.log}), at most 1000. */
    java.util.List<String> daemonLog(int lines);

    /**
     * Submits a restore plan; the daemon runs it as a durable job (journaled in its home, resumed after a daemon
     * restart) whatever happens to the client. Refused while another restore job runs.
     */
    default RestoreJob restoreSubmit(RestorePlan plan) { throw unsupported("restore jobs"); }

    /** A restore job by id, or the running (else the latest) one when {@code id} is null; null when there is none. */
    default RestoreJob restoreStatus(String id) { throw unsupported("restore jobs"); }

    /** Cancels a running restore job: no further step starts, its freezes end, its report is written. */
    default RestoreJob restoreCancel(String id) { throw unsupported("restore jobs"); }

    /** Answers a restore job's question: {@code retry}, {@code skip} or {@code abort}. */
    default RestoreJob restoreAnswer(String id, long question, String answer) { throw unsupported("restore jobs"); }

    /**
     * Fires every configured hook that listens to {@code event} (crash, errored, crash-loop, memory, incident)
     * once, for real, with a made-up event for {@code namespace}/{@code name} (defaults: default/test), and
     * reports how each went, with the daemon's hook counters. NOT_FOUND when no hook listens to it.
     */
    default HookReport hooksTest(String event, String namespace, String name) { throw unsupported("hooks"); }

    private static JmonException unsupported(String what) {
        return new JmonException(ErrorCode.BAD_REQUEST, what + " are not supported by this implementation");
    }
}
