package jmon.cli.render;

import jmon.api.LogLine;

/** How {@code jmon logs} prints a line: prefixed (merged view), raw (for shippers) or JSON. */
public enum LogFormat {
    PREFIXED, RAW, JSON;

    /** Colours cycled over processes so merged output stays readable; stderr text is red. */
    private static final int[] COLOURS = {36, 32, 35, 34, 33, 96, 92, 95, 94, 93};

    public String render(LogLine l, String text, boolean color, boolean timestamp) {
        return switch (this) {
            case RAW -> text;
            case JSON -> json(l);
            case PREFIXED -> prefixed(l, text, color, timestamp);
        };
    }

    private static String prefixed(LogLine l, String text, boolean color, boolean timestamp) {
        String who = l.namespace() + "/" + l.name() + (l.instanceId() > 0 ? "#" + l.instanceId() : "");
        String mark = l.stream().equals("err") ? "|err| " : "| ";
        String t = timestamp ? IsoTime.instant(l.time()) + " " : ""; // Instant.ofEpochMilli(time).toString()
        String split = l.split() ? " ↩" : "";
        if (!color) return t + who + mark + text + split;
        int c = COLOURS[Math.floorMod(who.hashCode(), COLOURS.length)];
        String body = l.stream().equals("err") ? "\u001b[31m" + text + "\u001b[39m"
                : l.stream().equals("jmon") ? "\u001b[2m" + text + "\u001b[22m" : text;
        return t + "\u001b[" + c + "m" + who + mark + "\u001b[39m" + body + split;
    }

    /** PM2's {@code logs --json} keys, plus namespace and instance. */
    private static String json(LogLine l) {
        return "{\"message\":" + jmon.engine.logs.LineFormat.quote(l.text()) + ",\"timestamp\":\"" + IsoTime.instant(l.time())
                + "\",\"type\":\"" + l.stream() + "\",\"process_id\":" + l.pmId() + ",\"app_name\":"
                + jmon.engine.logs.LineFormat.quote(l.name()) + ",\"namespace\":" + jmon.engine.logs.LineFormat.quote(l.namespace()) + ",\"instance\":"
                + l.instanceId() + (l.split() ? ",\"split\":true" : "") + "}";
    }
}
