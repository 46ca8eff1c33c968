package jmon.cli.render;

import jmon.api.ProcessStatus;

/** The few ANSI SGR colours the renderers use; status colours follow PM2 (green online, red errored). */
final class Ansi {
    private Ansi() {}

    static final String RESET = "\u001b[0m";
    static final String GREEN = "\u001b[32m";
    static final String YELLOW = "\u001b[33m";
    static final String RED = "\u001b[31m";
    static final String GREY = "\u001b[90m";
    static final String BOLD = "\u001b[1m";

    static String statusColour(ProcessStatus s) {
        if (s == null) return GREY;
        switch (s) {
            case ONLINE: return GREEN;
            case ERRORED: return RED;
            case STOPPED: case EXITED: return GREY;
            default: return YELLOW; // launching, waiting restart, stopping
        }
    }

    /** {@code text} wrapped in the status colour when {@code colour}, unchanged otherwise. */
    static String status(ProcessStatus s, String text, boolean colour) {
        return colour ? statusColour(s) + text + RESET : text;
    }

    static String paint(String code, String text, boolean colour) {
        return colour ? code + text + RESET : text;
    }

    /** The status as a word ("waiting restart"), "unknown" for null. */
    static String word(ProcessStatus s) {
        return s == null ? "unknown" : s.wire();
    }
}
