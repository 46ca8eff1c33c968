package jmon.api;

/** A failure every client can show as is: the message is written for the operator. */
public class JmonException extends RuntimeException {
    private final ErrorCode code;

    public JmonException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() { return code; }
}
