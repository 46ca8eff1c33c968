package jmon.engine.logs;

import java.nio.ByteBuffer;

/** Receives the bytes a process wrote, in order, one read at a time. Called from a pump thread only. */
public interface ChunkSink {
    void accept(ByteBuffer chunk);

    /** The stream will deliver nothing more: flush anything held back (a last line with no newline). */
    default void close() {}
}
