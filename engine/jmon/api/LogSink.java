package jmon.api;

/** Receives log lines; returning false from either method ends the read. */
public interface LogSink {
    boolean line(LogLine line);

    /** Called when nothing was written for a while, so a reader that went away is noticed. */
    default boolean idle() { return true; }
}
