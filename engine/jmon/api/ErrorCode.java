package jmon.api;

/** Machine-readable failure kinds, each with the CLI exit code it maps to. */
public enum ErrorCode {
    /** Bad usage or input: unknown name, invalid file, refused bulk action. */
    BAD_REQUEST(2),
    NOT_FOUND(2),
    AMBIGUOUS(2),
    REFUSED(2),
    /** The namespace is frozen (incident): the request was refused, with who froze it and why. */
    FROZEN(1),
    /** The operation was valid but did not succeed. */
    FAILED(1),
    /** No daemon answers on the socket. */
    UNREACHABLE(3),
    /** Client and daemon speak different protocol versions. */
    VERSION_MISMATCH(3);

    private final int exitCode;

    ErrorCode(int exitCode) { this.exitCode = exitCode; }

    public int exitCode() { return exitCode; }
}
