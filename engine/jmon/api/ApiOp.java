package jmon.api;

/**
 * Every operation of {@link JmonApi}, with its wire name and what the request boundary does with it: a read is
 * validated and answered; a change is also authorized, journaled before it acts, freeze-checked on the engine
 * thread in the same task as the action (unless exempt, with the reason), made durable and audited with its
 * caller. A test holds this table and JmonApi to each other, and proves each row against a real daemon.
 */
public enum ApiOp {
    PING("ping", false, null),
    LIST("list", false, null),
    DESCRIBE("describe", false, null),
    METRICS("metrics", false, null),
    LOGS("logs", false, null),
    EVENTS("events", false, null),
    FREEZES("freezes", false, null),
    START("start", true, null),
    ACT("act", true, null),
    SAVE("save", true, null),
    RESURRECT("resurrect", true, null),
    KILL("kill", true, null),
    FLUSH("flush", true, null),
    SIGNAL("signal", true, null),
    RESET("reset", true, null),
    SCALE("scale", true, null),
    UPDATE("update", true, "hands every app, unchanged, to the next daemon: no app starts or stops"),
    RELOAD_LOGS("reloadLogs", true, "reopening log files (logrotate) changes no app"),
    FREEZE("freeze", true, "a second freeze is refused by the freeze itself"),
    UNFREEZE("unfreeze", true, "lifting the freeze is what a frozen namespace waits for"),
    HOOKS_TEST("hooksTest", true, "a test hook tells the operator's tools; it changes no app"),
    RESTORE_SUBMIT("restoreSubmit", true, null),
    RESTORE_STATUS("restoreStatus", false, null),
    RESTORE_CANCEL("restoreCancel", true, "ending a restore job is what the freeze it holds waits for"),
    RESTORE_ANSWER("restoreAnswer", true, "answering a restore job's question is part of the job that holds the freeze"),
    HISTORY("history", false, null),
    EXPECTED("expected", false, null),
    REGISTERED_FILES("registeredFiles", false, null),
    REGISTER_FILE("registerFile", true, "registering a file changes what the wizard expects, no app"),
    UNREGISTER_FILE("unregisterFile", true, "registering a file changes what the wizard expects, no app"),
    INCIDENTS("incidents", false, null),
    READ_INCIDENT_FILE("readIncidentFile", false, null),
    CREATE_INCIDENT("createIncident", true, "an incident's record is what responders write while its namespaces are frozen"),
    WRITE_INCIDENT_FILE("writeIncidentFile", true, "an incident's record is what responders write while its namespaces are frozen"),
    APPEND_INCIDENT_FILE("appendIncidentFile", true, "an incident's record is what responders write while its namespaces are frozen"),
    DAEMON_LOG("daemonLog", false, null);

    private final String wire;
    private final boolean changes;
    private final String freezeExemption;

    ApiOp(String wire, boolean changes, String freezeExemption) {
        this.wire = wire;
        this.changes = changes;
        this.freezeExemption = freezeExemption;
    }

    public String wire() { return wire; }

    /** Changes something: authorized, journaled, durable before ok, audited. */
    public boolean changes() { return changes; }

    /** Refused on a frozen namespace unless the caller holds the token or overrides. */
    public boolean freezeChecked() { return changes && freezeExemption == null; }

    /** Why a change is not freeze-checked; null when it is (or is a read). */
    public String freezeExemption() { return freezeExemption; }

    /** The operation of a wire name, null when none. */
    public static ApiOp ofWire(String wire) {
        for (ApiOp o : values()) if (o.wire.equals(wire)) return o;
        return null;
    }
}
