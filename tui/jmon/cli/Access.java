package jmon.cli;

/**
 * What running a verb can do, declared by the verb itself: the read-only console (and any later role) decides
 * from this attribute, never from a list kept elsewhere.
 */
public enum Access {
    /** Only reads: lists, logs, files it parses. Allowed everywhere. */
    READ_ONLY,
    /** Changes the daemon, its processes, its files or the system (starts a daemon, writes a unit file). */
    MUTATING,
    /** Plumbing run by jmon itself (completion, the CDS training run): never offered to a person. */
    INTERNAL
}
