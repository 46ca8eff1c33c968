package jmon.api;

/**
 * One line a process wrote, as log readers get it.
 *
 * @param seq    position in the process's line sequence (increasing, never reused)
 * @param stream "out" or "err"; "jmon" for a note from jmon itself (e.g. lines a slow reader missed)
 * @param time   epoch ms when jmon read it
 * @param split  the line was longer than 64 KiB and continues in the next one
 */
public record LogLine(long seq, int pmId, String namespace, String name, int instanceId, String stream, long time,
                      boolean split, String text) {}
