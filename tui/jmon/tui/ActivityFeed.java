package jmon.tui;

import java.util.ArrayList;
import java.util.List;
import jmon.api.EngineEvent;
import jmon.api.ProcessStatus;
import jmon.tui.model.ConsoleModel;

/**
 * Turns the daemon's event stream into the console's activity line: apps added or removed, and stops, crashes
 * and starts, with the reason the daemon gives. A burst of the same change in one namespace (a delete of every
 * app from another shell) is told as one line that grows ("shop-prod: 3 apps removed (a, b, c)").
 */
final class ActivityFeed {
    static final long BURST_MS = 2000;

    private final ConsoleModel m;
    private String group;
    private long groupAt;
    private final List<String> names = new ArrayList<>();
    private int bursts;

    ActivityFeed(ConsoleModel m) { this.m = m; }

    void on(EngineEvent e) {
        if (e instanceof EngineEvent.ProcessAdded a) burst(a.namespace(), "added", a.name(), null, a.at());
        else if (e instanceof EngineEvent.ProcessRemoved r) burst(r.namespace(), "removed", r.name(), null, r.at());
        else if (e instanceof EngineEvent.StatusChanged s && worthTelling(s)) {
            String why = s.reason() == null || s.reason().isBlank() ? null : s.reason();
            burst(s.namespace(), s.to().wire(), s.name(), why, s.at());
        }
    }

    /** Stops, exits, crashes, restarts and comings back; not every launching → online of a healthy start. */
    private static boolean worthTelling(EngineEvent.StatusChanged s) {
        ProcessStatus to = s.to();
        if (to.isHalted() || to == ProcessStatus.WAITING_RESTART) return true;
        return to == ProcessStatus.ONLINE && s.from() != null && (s.from().isHalted() || s.from() == ProcessStatus.WAITING_RESTART);
    }

    private void burst(String ns, String what, String name, String why, long at) {
        String key = ns + "\u0000" + what + "\u0000" + (why == null ? "" : why);
        long when = at > 0 ? at : System.currentTimeMillis();
        if (!key.equals(group) || when - groupAt > BURST_MS) {
            group = key;
            bursts++;
            names.clear();
        }
        groupAt = when;
        if (!names.contains(name)) names.add(name);
        StringBuilder b = new StringBuilder(ns).append(": ");
        if (names.size() == 1) b.append(name).append(' ').append(what);
        else {
            b.append(names.size()).append(" apps ").append(what).append(" (");
            for (int i = 0; i < names.size() && i < 4; i++) b.append(i == 0 ? "" : ", ").append(names.get(i));
            if (names.size() > 4) b.append(", …");
            b.append(')');
        }
        if (why != null) b.append(" · ").append(why);
        m.activity(when, b.toString(), "burst-" + bursts);
    }

    static String two(int n) { return n < 10 ? "0" + n : String.valueOf(n); }
}
