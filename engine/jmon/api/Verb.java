package jmon.api;

/** Actions on existing processes. */
public enum Verb {
    STOP, RESTART, RELOAD, DELETE, START;

    public String wire() { return name().toLowerCase(); }
}
