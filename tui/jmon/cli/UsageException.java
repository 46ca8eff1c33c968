package jmon.cli;

import jmon.api.ErrorCode;
import jmon.api.JmonException;

/** Bad usage: exit 2 with the message and a pointer to the command's help. */
public final class UsageException extends JmonException {
    public UsageException(String message) { super(ErrorCode.BAD_REQUEST, message); }
}
