package jmon.tui.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the console said and what it saw happen: every status-line message and every change announced by the
 * daemon's event stream, newest last, bounded. The status line shows a message for a while; this keeps it.
 * Not thread-safe: the model guards it.
 */
public final class MessageLog {
    public enum Kind { INFO, ERROR, ACTIVITY }

    /** {@code group}: activities of one burst (say, a delete of many apps) share it and are told as one line. */
    public record Message(long at, Kind kind, String text, String group) {}

    private final int capacity;
    private final ArrayDeque<Message> messages = new ArrayDeque<>();

    public MessageLog(int capacity) { this.capacity = capacity; }

    public void add(long at, Kind kind, String text) { add(at, kind, text, null); }

    /** Adds a message; one of the same {@code group} as the newest replaces it (the burst grew). */
    public void add(long at, Kind kind, String text, String group) {
        Message last = messages.peekLast();
        if (last != null && last.kind() == kind && last.text().equals(text)) return; // a repeated retry message
        if (last != null && group != null && group.equals(last.group())) messages.removeLast();
        messages.addLast(new Message(at, kind, text, group));
        while (messages.size() > capacity) messages.removeFirst();
    }

    public List<Message> all() { return new ArrayList<>(messages); }

    /** The newest activity (a change seen on the event stream), or null. */
    public Message lastActivity() {
        var it = messages.descendingIterator();
        while (it.hasNext()) {
            Message m = it.next();
            if (m.kind() == Kind.ACTIVITY) return m;
        }
        return null;
    }
}
