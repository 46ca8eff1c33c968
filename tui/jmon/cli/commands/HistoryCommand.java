package jmon.cli.commands;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import jmon.api.HistoryEvent;
import jmon.api.HistoryQuery;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/**
 * history [-n NS] [NAME] [--since 1h] [--json]: what happened, from the daemon's history: status transitions with
 * their reason and result, readiness and probe changes, and every request with who sent it and through what.
 */
final class HistoryCommand implements Command {
    @Override public String name() { return "history"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.READ_ONLY; }
    @Override public String summary() { return "what happened: status changes with why, readiness, probes, requests and who sent them"; }
    @Override public String arguments() { return "[NAME]"; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.NAMESPACE, Opt.value("AGE|TIME", "only newer entries: 30s, 15m, 1h, 2d, or an ISO time", "--since"),
                Opt.value("N", "at most the newest N entries (default 1000, at most 10000)", "--limit"),
                Opt.flag("one JSON array", "--json"));
    }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        List<String> a = p.positional();
        if (a.size() > 1) throw new UsageException("at most one app name");
        long since = p.get("since") == null ? 0 : since(p.get("since"), System.currentTimeMillis());
        int limit = 0;
        if (p.get("limit") != null) {
            try {
                limit = Integer.parseInt(p.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) throw new UsageException("--limit: a number from 1 to " + HistoryQuery.MAX_LIMIT);
        }
        List<HistoryEvent> events = ctx.api().history(new HistoryQuery(ctx.namespace(p), a.isEmpty() ? null : a.get(0), since, limit));
        if (p.has("json")) {
            ctx.out().println(jmon.rpc.Json.write(events));
            return 0;
        }
        for (HistoryEvent e : events) ctx.out().println(line(e));
        return 0;
    }

    /** "2h", "15m", "30s", "2d" before now, or an ISO instant / local date-time. */
    static long since(String v, long now) {
        String s = v.trim();
        if (s.length() >= 2 && Character.isDigit(s.charAt(0))) {
            char unit = s.charAt(s.length() - 1);
            long mult = switch (unit) {
                case 's' -> 1000L;
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                case 'd' -> 86_400_000L;
                default -> -1;
            };
            if (mult > 0) {
                try {
                    long n = Long.parseLong(s.substring(0, s.length() - 1));
                    if (n >= 0 && n <= 3650L * 86_400_000L / mult) return Math.max(0, now - n * mult);
                } catch (NumberFormatException ignored) {
                    // not an age: try a time below
                }
            }
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (RuntimeException ignored) {
            // not an instant: a local time
        }
        try {
            return LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            throw new UsageException("--since: '" + v + "' is neither an age (30s, 15m, 1h, 2d) nor a time (2026-12-02T15:00:00)");
        }
    }

    /** One line per entry: local time, subject, what happened and why. */
    static String line(HistoryEvent e) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(e.at()), ZoneId.systemDefault());
        StringBuilder b = new StringBuilder().append(t.toLocalDate()).append(' ').append(t.toLocalTime().withNano(0)).append("  ");
        switch (e.kind()) {
            case STATUS -> {
                b.append(e.subject()).append(' ').append(e.from() == null ? "?" : e.from()).append(" → ").append(e.to());
                if (e.prose() != null) b.append(": ").append(e.prose());
                else if (e.text() != null) b.append(": ").append(e.text());
            }
            case READINESS -> b.append(e.subject()).append(' ').append(e.to()).append(e.text() == null ? "" : ": " + e.text());
            case PROBE -> b.append(e.subject()).append(' ').append(e.from()).append(" probe ").append(e.to()).append(": ").append(e.text());
            case ADDED -> b.append(e.subject()).append(" added");
            case REMOVED -> b.append(e.subject()).append(" removed");
            case REQUEST -> {
                b.append(e.user()).append(' ').append(e.verb());
                if (e.targets() != null && !e.targets().isEmpty()) b.append(' ').append(String.join(" ", e.targets()));
                if (e.namespace() != null) b.append(" -n ").append(e.namespace());
                if (e.context() != null) {
                    String d = e.context().describe();
                    if (!d.isEmpty()) b.append(' ').append(d);
                }
                if (e.text() != null && !e.text().equals("ok")) b.append(": failed: ").append(e.text());
            }
        }
        return b.toString();
    }
}
