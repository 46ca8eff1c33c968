package jmon.spec;

import java.util.HashMap;
import java.util.Map;

/** Reads one app object of an ecosystem file into an {@link AppDraft}, reporting every bad attribute. */
final class AppReader {
    private AppReader() {}

    static AppDraft read(SrcNode node, String path, Diag diag) {
        AppDraft d = new AppDraft(diag, path, node);
        if (!(node instanceof SrcNode.Obj obj)) {
            diag.at(node, path, "expected an app object, got " + SrcNode.describe(node));
            return null;
        }
        Map<String, String> seen = new HashMap<>(); // canonical key -> spelling used, to catch alias clashes
        for (SrcNode.Member m : obj.members().values()) {
            String key = m.key();
            String field = d.field(key);
            AppKeys.Key<?> k = AppKeys.lookup(key);
            if (k != null) {
                String other = seen.put(k.name(), key);
                if (other != null) {
                    diag.atKey(m, field, "'" + key + "' and '" + other + "' are the same attribute; keep one");
                    continue;
                }
                d.nodes.put(k.name(), m.value());
                k.apply(d, m.value(), field);
            } else if (key.startsWith("env_") && key.length() > 4) {
                Map<String, String> block = Conv.ENV.read(m.value(), field, diag);
                if (block != null) d.envBlocks.put(key.substring(4), block);
            } else if (AppKeys.NOT_YET.contains(key)) {
                diag.atKey(m, field, key + " is not supported by jmon yet");
            } else {
                String near = Suggest.nearest(key, AppKeys.suggestions());
                diag.atKey(m, field, "unknown key '" + key + "'" + (near == null ? "" : ": did you mean '" + near + "'?"));
            }
        }
        return d;
    }
}
