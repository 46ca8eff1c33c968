package jmon.api;

/** Receives engine events; returning false from either method ends the stream. */
public interface EventSink {
    boolean event(EngineEvent e);

    /** Called when nothing happened for a while, so a reader that went away is noticed. */
    default boolean idle() { return true; }
}
