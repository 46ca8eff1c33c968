package jmon.engine;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import jmon.api.ApiOp;

/**
 * One request as the {@link RequestPipeline} runs it. A read is validated and answered; a change also names its
 * scope for the journal and the audit, may read files first ({@link Change#prepare}), and begins on the engine
 * thread with the freeze check in the same task as its action ({@link Change#begin}); what it then waits for
 * (processes to settle) happens off the engine thread ({@link Begun#finish}).
 */
sealed interface Operation<T> permits Operation.Read, Operation.Change {
    ApiOp op();

    /** Checks every argument by the rules a file or a flag obeys: BAD_REQUEST naming the field, nothing touched. */
    void validate();

    non-sealed interface Read<T> extends Operation<T> {
        T answer();
    }

    non-sealed interface Change<T> extends Operation<T> {
        /** The verb in the audit log and the journal (e.g. {@code startOrRestart}, {@code stop}). */
        String verb();

        /** The namespace the request names, null when several or all. */
        String namespace();

        List<String> targets();

        /** Off the engine thread, after admission: what must be read before acting (dump files). */
        default void prepare() throws IOException {}

        /** On the engine thread: resolve what it touches, check it against the freezes, start its effects. */
        Begun<T> begin(FreezeCheck freezes) throws IOException;
    }

    /** The rest of a change, off the engine thread: waiting for processes, writing files. */
    @FunctionalInterface
    interface Begun<T> {
        T finish() throws IOException;

        static <T> Begun<T> done(T result) { return () -> result; }
    }

    /** The freeze check a change must pass, for the namespaces it touches. */
    @FunctionalInterface
    interface FreezeCheck {
        void check(Collection<String> namespaces);
    }
}
