package jmon.engine.health;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import jmon.engine.exec.Posix;
import jmon.engine.logs.PipeReactor;

/**
 * The process's side channels: its notify pipe ({@code JMON_NOTIFY}, read by a pump) and, for
 * {@code shutdown_with_message}, a pipe on its stdin that jmon writes "shutdown" into. Both are FIFOs the
 * daemon holds open read-write, so they outlive a daemon restart like the output pipes.
 */
public final class ProcessNotify implements AutoCloseable {
    private final Path notifyFifo;
    private final Path stdinFifo;
    private final PipeReactor.Pipe pump;
    private final RandomAccessFile stdin;

    public ProcessNotify(int pmId, Path notifyFifo, Path stdinFifo, Consumer<NotifyMessage> messages, PipeReactor pipes)
            throws IOException {
        this.notifyFifo = notifyFifo;
        this.stdinFifo = stdinFifo;
        Posix.mkfifo(notifyFifo);
        this.pump = pipes.open(notifyFifo, new NotifySink(messages));
        if (stdinFifo != null) {
            Posix.mkfifo(stdinFifo);
            this.stdin = new RandomAccessFile(stdinFifo.toFile(), "rw");
        } else {
            this.stdin = null;
        }
    }

    public Path notifyFifo() { return notifyFifo; }

    /** The process's stdin: a FIFO, or null for /dev/null. */
    public Path stdinFifo() { return stdinFifo; }

    /** Writes "shutdown" to the process's stdin; false when it has no such pipe or the write failed. */
    public boolean sendShutdown() {
        if (stdin == null) return false;
        try {
            // a few bytes into an empty pipe: never blocks
            stdin.getChannel().write(ByteBuffer.wrap("shutdown\n".getBytes(StandardCharsets.US_ASCII)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops reading; {@code remove} deletes the FIFOs (the process is deleted, not just the daemon going). */
    public void close(boolean remove) {
        pump.close(remove);
        try {
            if (stdin != null) stdin.close();
            if (remove) {
                Files.deleteIfExists(notifyFifo);
                if (stdinFifo != null) Files.deleteIfExists(stdinFifo);
            }
        } catch (IOException ignored) {
            // stale FIFOs are harmless and recreated on reuse
        }
    }

    @Override
    public void close() { close(true); }
}
