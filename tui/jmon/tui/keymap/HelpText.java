package jmon.tui.keymap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The help screen, generated from the loaded keymap and each action's label, so it cannot drift. */
public final class HelpText {
    private HelpText() {}

    public static List<String> lines(Keymap k) {
        List<String> out = new ArrayList<>();
        out.add("keymap: " + k.name() + "  (" + k.source() + ")");
        for (String c : Keymap.CONTEXTS) {
            Map<Action, List<String>> byAction = new LinkedHashMap<>();
            k.context(c).forEach((key, a) -> byAction.computeIfAbsent(a, x -> new ArrayList<>()).add(Keys.label(key)));
            if (byAction.isEmpty()) continue;
            out.add("");
            out.add(c);
            for (Map.Entry<Action, List<String>> e : byAction.entrySet()) {
                String keys = String.join(" ", e.getValue());
                out.add("  " + pad(keys, 16) + " " + e.getKey().label() + (e.getKey().dangerous() ? " (asks first)" : ""));
            }
            for (Keymap.CommandBinding cb : k.commands()) {
                if (cb.context().equals(c)) out.add("  " + pad(Keys.label(cb.key()), 16) + " " + cb.label() + "  (:" + cb.run() + ")");
            }
        }
        out.add("");
        out.add("prompts: Enter accepts, Esc cancels, Tab completes (command line)");
        out.add("filter: a name part, a glob (shop-*), or a status (online, errored, status:stopped)");
        return out;
    }

    private static String pad(String s, int w) { return s.length() >= w ? s : s + " ".repeat(w - s.length()); }
}
