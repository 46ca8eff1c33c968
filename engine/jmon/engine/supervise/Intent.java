package jmon.engine.supervise;

/** Why a process is being stopped: what happens once it has exited. */
public enum Intent {
    NONE, STOP, RESTART, DELETE;

    /** A later request wins over an earlier one, except that nothing undoes a delete. */
    Intent merge(Intent later) {
        return this == DELETE ? DELETE : later;
    }
}
