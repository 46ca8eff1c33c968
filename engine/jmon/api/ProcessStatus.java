package jmon.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Observed status of a managed process. Wire names are PM2's so PM2-aware tools read them unchanged. */
public enum ProcessStatus {
    LAUNCHING("launching"),
    ONLINE("online"),
    STOPPING("stopping"),
    STOPPED("stopped"),
    WAITING_RESTART("waiting restart"),
    EXITED("exited"),
    ERRORED("errored");

    private final String wire;

    ProcessStatus(String wire) { this.wire = wire; }

    @JsonValue
    public String wire() { return wire; }

    @JsonCreator
    public static ProcessStatus fromWire(String s) {
        for (ProcessStatus p : values()) if (p.wire.equals(s) || p.name().equalsIgnoreCase(s)) return p;
        throw new IllegalArgumentException("unknown status: " + s);
    }

    /** Has (or is about to have) a live process: counts as "running" for bulk actions and dumps. */
    public boolean isRunning() { return this == LAUNCHING || this == ONLINE || this == WAITING_RESTART; }

    /** Halted: nothing runs and nothing is scheduled. */
    public boolean isHalted() { return this == STOPPED || this == EXITED || this == ERRORED; }

    /** A pid exists that can receive a signal. */
    public boolean isSignallable() { return this == LAUNCHING || this == ONLINE || this == STOPPING; }
}
