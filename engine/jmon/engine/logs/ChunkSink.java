package jmon.engine.logs;

import java.nio.ByteBuffer;

/** Receives the bytes a process wrote, in order, one read at a time. Called from a pump thread only. */
public interface ChunkSink {
    void accept(ByteBuffer chunk);

    /**
     * True when the bytes must stay in the pipe until they are in the files (the output streams): the reactor
     * then peeks each chunk with tee(2), hands it over, and takes it out of the pipe only afterwards, so a daemon
     * killed in between leaves it for the next one. False (the notify pipe): a plain read.
     */
    default boolean durable() { return false; }

    /**
     * Asked before each {@link #accept} of a durable sink: the file that takes this chunk exactly as read, moved
     * from the pipe by splice(2) after the accept, or null. The sink must not write the chunk to that file itself.
     */
    default RotatingFile exactCopy() { return null; }

    /** The stream will deliver nothing more: flush anything held back (a last line with no newline). */
    default void close() {}
}
