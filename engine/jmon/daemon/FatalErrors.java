package jmon.daemon;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Fail fast: an uncaught throwable on any daemon thread, or an {@link OutOfMemoryError} anywhere, ends the
 * daemon at once with one line in its log. A daemon that lost its accept thread or its state writer would
 * look alive while it supervises nothing; a daemon that exits is replaced by the next {@code jmon} command or
 * by systemd, and the new one re-adopts every app. The exit is {@link Runtime#halt}: no shutdown hook runs and
 * no app is stopped (stopping apps is {@code killAll}, never this path).
 */
public final class FatalErrors {
    /** Exit code of a daemon ended by an internal error (an exception nobody handles). */
    public static final int EXIT_INTERNAL = 70;
    /** Exit code of a daemon ended by an OutOfMemoryError (heap, metaspace, native threads). */
    public static final int EXIT_OUT_OF_MEMORY = 71;
    /** What every fatal line starts with, so the CLI can find it in the log. */
    public static final String PREFIX = "FATAL: ";

    private static final AtomicBoolean DYING = new AtomicBoolean();
    /** Freed first when dying of OOM, so writing the line has room. */
    private static volatile byte[] reserve;

    private FatalErrors() {}

    /** Makes every uncaught throwable of this JVM fatal. Only the daemon's own JVM calls this. */
    public static void install() {
        reserve = new byte[64 << 10]; // enough to build and print one line; a larger one costs the daemon RSS for ever
        Thread.setDefaultUncaughtExceptionHandler(FatalErrors::die);
    }

    /** Logs one line and halts; the first caller wins, any other thread dying meanwhile just waits for the end. */
    public static void die(Thread t, Throwable e) {
        reserve = null;
        if (!DYING.compareAndSet(false, true)) {
            while (true) LockSupport.park();
        }
        int code = isOutOfMemory(e) ? EXIT_OUT_OF_MEMORY : EXIT_INTERNAL;
        try {
            System.err.println(line(t.getName(), e, code));
            System.err.flush();
        } catch (Throwable ignored) {
            // nothing left to say it with: the exit code still tells
        } finally {
            Runtime.getRuntime().halt(code);
        }
    }

    static boolean isOutOfMemory(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) return true;
        }
        return false;
    }

    static String line(String thread, Throwable e, int code) {
        StackTraceElement[] st = e.getStackTrace();
        return Instant.now() + " " + PREFIX + "thread " + thread + ": " + e + (st.length > 0 ? " at " + st[0] : "")
                + "; the daemon exits now with code " + code + "; apps keep running; the next jmon command or the"
                + " systemd unit starts a daemon that re-adopts them";
    }
}
