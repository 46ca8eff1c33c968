package jmon.engine.persist;

import java.io.IOException;

/**
 * The daemon's durability thread: makes the journal durable when the engine asks (so a spawn's fdatasync overlaps
 * the preparation of the next one), and writes the journal's checkpoint ({@code state.json}) off the engine thread: a write is two fsyncs
 * (milliseconds), which on the engine thread would delay whatever came next, such as restarting an app that
 * exited meanwhile. Snapshots are taken on the engine thread and handed over here; only the newest pending one is
 * written (each is whole and atomic, so an older one adds nothing). Nobody waits for it: what a request changed
 * is durable in the journal before it answers; the checkpoint only shortens the next recovery's replay.
 */
public final class StateWriter implements AutoCloseable {
    private static final long RETRY_MS = 1000, AWAIT_MS = 10_000;

    private final StateStore store;
    private final java.util.function.LongConsumer onWritten;
    private final Runnable syncJournal;
    private boolean syncWanted;
    private final Thread thread;
    private StateStore.State pending;
    private boolean closed;
    /** Small writes the engine thread hands off (the history's lines), run in order after any wanted sync. */
    private final java.util.ArrayDeque<Runnable> later = new java.util.ArrayDeque<>();

    public StateWriter(StateStore store) {
        this(store, seq -> {}, () -> {});
    }

    /**
     * @param onWritten   told the journal sequence number of each checkpoint once it is on disk
     * @param syncJournal makes the journal durable (fdatasync), run here when {@link #syncJournalSoon} asks
     */
    public StateWriter(StateStore store, java.util.function.LongConsumer onWritten, Runnable syncJournal) {
        this.store = store;
        this.onWritten = onWritten;
        this.syncJournal = syncJournal;
        this.thread = new Thread(null, this::run, "jmon-state", 256 * 1024);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks this thread to make the journal durable now (the engine thread goes on meanwhile). */
    public void syncJournalSoon() {
        synchronized (this) {
            if (closed) return;
            syncWanted = true;
            notifyAll();
        }
    }

    /** Runs r on this thread, in submission order; after {@link #close()} at once on the caller's thread. */
    public void later(Runnable r) {
        synchronized (this) {
            if (!closed) {
                later.add(r);
                notifyAll();
                return;
            }
        }
        r.run();
    }

    /** Queues a snapshot; after {@link #close()} it is written at once on the caller's thread. */
    public void submit(StateStore.State s) {
        synchronized (this) {
            if (!closed) {
                pending = s;
                notifyAll();
                return;
            }
        }
        write(s);
    }

    private void run() {
        while (true) {
            StateStore.State s;
            boolean sync;
            java.util.List<Runnable> work;
            synchronized (this) {
                while (pending == null && !syncWanted && later.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                sync = syncWanted;
                syncWanted = false;
                if (pending == null && !sync && later.isEmpty()) return; // closed and drained
                s = pending;
                pending = null;
                work = later.isEmpty() ? java.util.List.of() : new java.util.ArrayList<>(later);
                later.clear();
            }
            if (sync) syncJournal.run(); // first: a spawn may be waiting for it
            for (Runnable r : work) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    System.err.println("jmon: a deferred write failed: " + e);
                }
            }
            if (s == null) continue;
            boolean ok = write(s);
            synchronized (this) {
                if (!ok && pending == null && !closed) {
                    pending = s; // try again unless a newer snapshot replaced it
                    try {
                        wait(RETRY_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private boolean write(StateStore.State s) {
        try {
            store.save(s);
            onWritten.accept(s.seq());
            return true;
        } catch (IOException | RuntimeException e) {
            System.err.println("jmon: writing the state file failed: " + e);
            return false;
        }
    }

    /** Writes what is pending, then stops the thread. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(AWAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
