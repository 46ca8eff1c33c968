package jmon.api;

/**
 * Set while an app's log files cannot be written (disk full, read-only, folder removed): the capture keeps
 * reading the pipes and filling the ring; what could not reach a file is counted.
 *
 * @param error           the last write error, in words
 * @param bytesNotWritten bytes that could not be written to the files since the trouble began
 * @param since           epoch ms of the first failure
 */
public record LogWriteState(String error, long bytesNotWritten, long since) {}
