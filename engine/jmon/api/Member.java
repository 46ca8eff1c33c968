package jmon.api;

/**
 * A process that belongs to an app besides its main pid: a child in its process group, a descendant that left
 * the group (a double-forked daemon), or a process found carrying the app's instance marker.
 *
 * @param pid        OS pid
 * @param startTicks start time in clock ticks since boot (with the pid, the process's identity)
 * @param command    its command line, shortened
 * @param relation   how it belongs: "group" (same process group), "escaped" (left the group), "marked" (found by
 *                   its instance marker only)
 */
public record Member(long pid, long startTicks, String command, String relation) {}
