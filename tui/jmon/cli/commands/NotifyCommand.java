package jmon.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/**
 * notify: what a managed process says about itself, from a script: writes one message to the pipe named by
 * {@code $JMON_NOTIFY} (set by jmon for every process). Needs no daemon connection.
 */
final class NotifyCommand implements Command {
    @Override public String name() { return "notify"; }
    /** Changes a process's readiness and health. */
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "from inside a managed process: report ready, status, a metric or health"; }
    @Override public String arguments() { return "ready [CAPABILITY] | notready [CAPABILITY] | status TEXT | watchdog | metric NAME=VALUE [UNIT] | health JSON"; }
    @Override public List<Opt> options() { return List.of(); }

    @Override
    public int run(Context ctx, Parsed p) throws IOException {
        List<String> a = p.positional();
        if (a.isEmpty()) throw new UsageException("what to report? ready, notready, status, watchdog, metric or health");
        String rest = String.join(" ", a.subList(1, a.size()));
        String msg = switch (a.get(0)) {
            case "ready" -> a.size() > 1 ? "READY=" + a.get(1) : "READY=1";
            case "notready" -> a.size() > 1 ? "NOTREADY=" + a.get(1) : "READY=0";
            case "status" -> "STATUS=" + rest;
            case "watchdog" -> "WATCHDOG=1";
            case "metric" -> {
                if (a.size() < 2 || !a.get(1).contains("=")) throw new UsageException("metric needs NAME=VALUE [UNIT]");
                yield "METRIC " + rest;
            }
            case "health" -> {
                if (!rest.trim().startsWith("{")) throw new UsageException("health needs a JSON object");
                yield "HEALTH=" + rest.trim();
            }
            default -> throw new UsageException("unknown message '" + a.get(0) + "'");
        };
        String pipe = ctx.env().get("JMON_NOTIFY");
        if (pipe == null || pipe.isBlank()) {
            throw new UsageException("JMON_NOTIFY is not set: run this from a process jmon manages");
        }
        // a FIFO the daemon holds open: opening it for writing never blocks
        Files.write(Path.of(pipe), (msg + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return 0;
    }
}
