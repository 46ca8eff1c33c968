package jmon.engine.journal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import jmon.rpc.Json;

/** A record's payload: {@code {"kind": ..., "body": {...}}} in the JSON every jmon file uses. */
final class JournalCodec {
    private JournalCodec() {}

    static byte[] encode(JournalRecord r) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("kind", r.kind());
        m.put("body", r);
        return Json.bytes(m);
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
