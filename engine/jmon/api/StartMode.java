package jmon.api;

/**
 * What a start does to an app that already exists: {@link #ADD} leaves it as is (start), {@link #RESTART} restarts
 * all its instances at once with the new spec (startOrRestart), {@link #RELOAD} replaces them one at a time, each
 * next one only after the new one is ready (startOrReload, PM2's zero-downtime deploy). The name is the verb in
 * the audit log.
 */
public enum StartMode {
    ADD("start"),
    RESTART("startOrRestart"),
    RELOAD("startOrReload");

    private final String verb;

    StartMode(String verb) { this.verb = verb; }

    public String verb() { return verb; }

    public boolean touchesExisting() { return this != ADD; }

    /** The mode of an older client, which sent only restartExisting. */
    public static StartMode of(boolean restartExisting) { return restartExisting ? RESTART : ADD; }
}
