package jmon.engine.journal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import jmon.rpc.Json;

/** A record's payload: {@code {"kind": ..., "body": {...}}} in the JSON every jmon file uses. */
final class JournalCodec {
    private JournalCodec() {}

    static byte[] encode(JournalRecord r) {
        if (r instanceof JournalRecord.Progressed p) return progress(p);
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("kind", r.kind());
        m.put("body", r);
        return Json.bytes(m);
    }

    /**
     * The record of every spawn and exit, written by hand: it is flat, and the reflective codec ran interpreted on a
     * fresh daemon's first batch of spawns. The same JSON the codec writes (null fields left out); decode reads it.
     */
    private static byte[] progress(JournalRecord.Progressed p) {
        StringBuilder b = new StringBuilder(256).append("{\"kind\":\"progress\",\"body\":{\"pmId\":").append(p.pmId());
        if (p.desired() != null) b.append(",\"desired\":\"").append(p.desired().name()).append('"');
        if (p.status() != null) b.append(",\"status\":\"").append(p.status().wire()).append('"');
        b.append(",\"pid\":").append(p.pid()).append(",\"startTicks\":").append(p.startTicks())
                .append(",\"startedAt\":").append(p.startedAt()).append(",\"generation\":").append(p.generation())
                .append(",\"restarts\":").append(p.restarts()).append(",\"unstableRestarts\":").append(p.unstableRestarts());
        if (p.lastExitCode() != null) b.append(",\"lastExitCode\":").append(p.lastExitCode());
        if (p.lastSignal() != null) string(b.append(",\"lastSignal\":"), p.lastSignal());
        if (p.reason() != null) string(b.append(",\"reason\":"), p.reason());
        return b.append("}}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\\' -> b.append('\\').append(c);
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) { // as the codec writes them
                        String h = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
                        b.append("\\u").append("0000", h.length(), 4).append(h);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** The record, or an IOException for a payload that is not one (checksummed, so a newer kind or a bug). */
    static JournalRecord decode(byte[] payload) throws IOException {
        Object plain = jmon.rpc.LiteJson.parse(payload);
        if (!(plain instanceof Map<?, ?> m) || !(m.get("kind") instanceof String kind)) {
            throw new IOException("not a journal record");
        }
        Object body = m.get("body");
        return switch (kind) {
            case "request" -> Json.convert(body, JournalRecord.Requested.class);
            case "admit" -> Json.convert(body, JournalRecord.Admitted.class);
            case "progress" -> Json.convert(body, JournalRecord.Progressed.class);
            case "delete" -> Json.convert(body, JournalRecord.Deleted.class);
            default -> throw new IOException("unknown journal record kind " + kind);
        };
    }
}
