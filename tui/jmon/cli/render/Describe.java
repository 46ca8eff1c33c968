package jmon.cli.render;

import jmon.format.Secrets;
import jmon.format.Facts;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.ProcessInfo;
import jmon.api.RestartPolicy;

/**
 * {@code jmon describe <app>}: PM2's describe as a plain key/value block (keys padded to one column), then the
 * declared environment with secrets redacted. Pure: the clock and the time zone come in.
 */
public final class Describe {
    private Describe() {}

    /** Title of the env section. */
    public static final String ENV_TITLE = "env (declared, redacted)";

    /** Title of the members section (shown only when the app has members). */
    public static final String MEMBERS_TITLE = "members (pid, relation, command)";

    public static String render(ProcessInfo p, boolean color, long nowMs) {
        return render(p, color, nowMs, null);
    }

    /** As {@link #render(ProcessInfo, boolean, long)}, with "created at" shown in {@code zone} (null: the system's). */
    public static String render(ProcessInfo p, boolean color, long nowMs, ZoneId zone) {
        AppSpec spec = p.spec();
        RestartPolicy rp = spec == null ? RestartPolicy.defaults() : spec.restart();
        List<String[]> kv = new ArrayList<>();
        add(kv, "status", Ansi.word(p.status()));
        add(kv, "name", p.name());
        add(kv, "namespace", p.namespace());
        add(kv, "id", String.valueOf(p.pmId()));
        add(kv, "instance", p.instanceId() + (spec == null ? "" : " of " + spec.instances()));
        add(kv, "pid", Facts.live(p) ? String.valueOf(p.pid()) : "-");
        add(kv, "desired", p.desired() == null ? null : p.desired().name().toLowerCase(java.util.Locale.ROOT));
        add(kv, "ready", p.ready() ? "yes" : "no");
        if (p.status() != null) add(kv, "health", jmon.api.Health.of(p).word());
        add(kv, "restarts", String.valueOf(p.restarts()));
        // the daemon resets the count when it gives up (errored): say so rather than a bare 0 next to "too many"
        add(kv, "unstable restarts", p.status() == jmon.api.ProcessStatus.ERRORED && p.unstableRestarts() == 0
                && p.reason() != null && p.reason().contains("too many unstable restarts")
                ? "gave up (see reason); counts again from 0 at the next start" : String.valueOf(p.unstableRestarts()));
        add(kv, "uptime", Human.uptime(p, nowMs));
        add(kv, "created at", isoLocal(p.createdAt(), zone));
        add(kv, "last exit code", p.lastExitCode() == null ? null : String.valueOf(p.lastExitCode()));
        add(kv, "last signal", p.lastSignal());
        add(kv, "reason", p.reason());
        jmon.api.RunResult result = jmon.api.RunResult.of(p.reason(), p.lastExitCode(), p.lastSignal());
        if (result != null && (p.lastExitCode() != null || p.lastSignal() != null || p.status() != jmon.api.ProcessStatus.ONLINE)) {
            add(kv, "last result", result.word() + ": " + result.prose(p.reason(), p.lastExitCode(), p.lastSignal()));
        }
        jmon.api.HealthInfo h = p.health();
        if (h != null) {
            add(kv, "status text", h.statusText());
            add(kv, "capabilities", h.capabilities().isEmpty() ? null : String.join(", ", h.capabilities()));
            add(kv, "readiness", probe(h.readiness()));
            add(kv, "liveness", probe(h.liveness()));
            add(kv, "waiting for", h.waitingFor().isEmpty() ? null : String.join(", ", h.waitingFor()));
            add(kv, "custom metrics", h.metrics().isEmpty() ? null : customMetrics(h.metrics()));
            add(kv, "health", h.health() == null ? null : h.health().toString());
        }
        add(kv, "script path", spec == null ? null : spec.script());
        add(kv, "interpreter", spec == null ? null : interpreter(spec));
        add(kv, "args", spec == null || spec.args().isEmpty() ? null : String.join(" ", Secrets.redactAll(spec.args())));
        add(kv, "cwd", spec == null ? null : spec.cwd());
        if (spec != null && spec.envFromCaller()) {
            add(kv, "env from caller", "yes (" + spec.callerEnv().size() + " variables of the command that started it, not shown)");
        }
        add(kv, "out log path", p.outLogPath());
        add(kv, "error log path", p.errLogPath());
        if (p.logWrite() != null) add(kv, "log files", logTrouble(p.logWrite(), zone));
        add(kv, "priority", spec == null || spec.priority() <= 0 ? "unset" : String.valueOf(spec.priority()));
        add(kv, "protected", spec != null && spec.isProtected() ? "yes" : "no");
        add(kv, "tier", spec == null ? null : spec.tier());
        add(kv, "source file", spec == null ? null : spec.source());
        // PM2's true is unless-stopped, and shown as PM2 users know it
        add(kv, "autorestart", rp.kind() == jmon.api.RestartKind.UNLESS_STOPPED ? "true" : rp.kind().wire());
        if (spec != null) {
            // shown only when set: most apps have none of these
            jmon.api.RunAs r = spec.runAs();
            if (r.changesIdentity()) {
                add(kv, "user", (r.user() == null ? "(the daemon's)" : r.user())
                        + (r.group() == null ? "" : ", gid " + r.group())
                        + (r.groups() == null ? "" : ", groups " + String.join(",", r.groups())));
            }
            String limits = limits(spec.limits());
            if (limits != null) add(kv, "limits", limits);
            jmon.api.LifecycleCommands c = spec.commands();
            if (c.preStart() != null) add(kv, "pre_start", Secrets.redactAll(java.util.List.of(c.preStart())).get(0));
            if (c.stopCommand() != null) add(kv, "stop_command", Secrets.redactAll(java.util.List.of(c.stopCommand())).get(0));
            if (c.postStop() != null) add(kv, "post_stop", Secrets.redactAll(java.util.List.of(c.postStop())).get(0));
        }
        add(kv, "max_restarts", String.valueOf(rp.maxRestarts()));
        add(kv, "min_uptime", rp.minUptimeMs() + "ms");
        add(kv, "restart_delay", rp.restartDelayMs() + "ms");
        add(kv, "exp_backoff", rp.expBackoffRestartDelayMs() <= 0 ? "default" : rp.expBackoffRestartDelayMs() + "ms");
        add(kv, "kill_timeout", rp.killTimeoutMs() + "ms");
        add(kv, "stop_signal", rp.stopSignal());
        add(kv, "stop_exit_codes", rp.stopExitCodes().isEmpty() ? null : rp.stopExitCodes().toString());

        int keyWidth = 0;
        for (String[] e : kv) keyWidth = Math.max(keyWidth, Text.width(e[0]));
        StringBuilder out = new StringBuilder();
        out.append(Ansi.paint(Ansi.BOLD, "Describing " + Text.printable(p.qualifiedName()) + " (id " + p.pmId() + ")", color))
                .append('\n');
        for (String[] e : kv) {
            String value = e[0].equals("status") ? Ansi.status(p.status(), e[1], color) : e[1];
            out.append("  ").append(e[0]).append(Text.spaces(keyWidth - Text.width(e[0]))).append("  ")
                    .append(value).append('\n');
        }
        if (!p.members().isEmpty()) {
            // what stops with the app besides its main pid: children, double-forked daemons, marked leftovers
            out.append('\n').append(Ansi.paint(Ansi.BOLD, MEMBERS_TITLE, color)).append('\n');
            for (jmon.api.Member m : p.members()) {
                out.append("  ").append(Fmt.padRight(Long.toString(m.pid()), 8)).append(' ')
                        .append(Fmt.padRight(m.relation(), 8)).append(' ').append(Text.printable(m.command())).append('\n');
            }
        }
        out.append('\n').append(Ansi.paint(Ansi.BOLD, ENV_TITLE, color)).append('\n');
        Map<String, String> env = Secrets.redact(spec == null ? Map.of() : spec.env());
        if (env.isEmpty()) out.append("  (none)\n");
        for (Map.Entry<String, String> v : env.entrySet()) {
            out.append("  ").append(Text.printable(v.getKey())).append('=')
                    .append(v.getValue() == null ? "" : Text.printable(v.getValue())).append('\n');
        }
        return out.toString();
    }

    /**
     * "NOT WRITTEN since 14:02:07: /var/log/a-out.log: No space left on device (errno 28), 1048576 bytes lost to
     * the files (kept in memory: the last lines)".
     */
    static String logTrouble(jmon.api.LogWriteState w, ZoneId zone) {
        String at = DateTimeFormatter.ofPattern("HH:mm:ss")
                .format(Instant.ofEpochMilli(w.since()).atZone(zone == null ? ZoneId.systemDefault() : zone));
        return "NOT WRITTEN since " + at + ": " + w.error() + ", " + w.bytesNotWritten()
                + " bytes lost to the files (kept in memory: the last lines)";
    }

    /** "rps=12.5 req/s, queue=3.0": each custom metric with its unit, in the map's order. */
    private static String customMetrics(Map<String, jmon.api.CustomMetric> metrics) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (Map.Entry<String, jmon.api.CustomMetric> e : metrics.entrySet()) {
            if (!first) sb.append(", ");
            first = false;
            sb.append(e.getKey()).append('=').append(e.getValue().value());
            if (e.getValue().unit() != null) sb.append(' ').append(e.getValue().unit());
        }
        return sb.toString();
    }

    private static void add(List<String[]> kv, String key, String value) {
        kv.add(new String[] {key, value == null || value.isBlank() ? "-" : Text.printable(value)});
    }

    /** "python3 -u" style: the interpreter with its arguments, or "none" when the script runs itself. */
    /** The limits that are set, in the file's words; null when none. */
    private static String limits(jmon.api.ResourceLimits l) {
        StringBuilder b = new StringBuilder();
        if (l.maxOpenFiles() != null) b.append("max_open_files ").append(l.maxOpenFiles()).append(", ");
        if (l.maxProcesses() != null) b.append("max_processes ").append(l.maxProcesses()).append(", ");
        if (l.nice() != null) b.append("nice ").append(l.nice()).append(", ");
        if (l.umask() != null) b.append("umask 0").append(Integer.toOctalString(l.umask())).append(", ");
        if (l.oomScoreAdj() != null) b.append("oom_score_adj ").append(l.oomScoreAdj()).append(", ");
        if (l.memoryMax() != null) b.append("memory_max ").append(l.memoryMax()).append(", ");
        if (l.cpuQuota() != null) b.append("cpu_quota ").append(l.cpuQuota()).append("%, ");
        if (l.tasksMax() != null) b.append("tasks_max ").append(l.tasksMax()).append(", ");
        return b.length() == 0 ? null : b.substring(0, b.length() - 2);
    }

    private static String interpreter(AppSpec s) {
        if (s.interpreter() == null) return "none";
        return s.interpreterArgs().isEmpty() ? s.interpreter() : s.interpreter() + " " + String.join(" ", s.interpreterArgs());
    }

    /**
     * Epoch ms as ISO-8601 local time with offset, to the second ("2026-03-01T09:15:02+01:00"); null for 0 (never).
     * Zone null: the system's default, without java.time's formatter and zone-rule set-up ({@link IsoTime}).
     */
    static String isoLocal(long epochMs, ZoneId zone) {
        if (epochMs <= 0) return null;
        if (zone == null) return IsoTime.localWithOffset(epochMs);
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .format(Instant.ofEpochMilli(epochMs).truncatedTo(ChronoUnit.SECONDS).atZone(zone));
    }

    private static String probe(jmon.api.ProbeResult r) {
        if (r == null) return null;
        return (r.ok() ? "ok" : "FAIL") + " " + r.probe() + ": " + r.detail() + " (" + r.latencyMs() + " ms"
                + (r.consecutiveFailures() > 0 ? ", " + r.consecutiveFailures() + " failures in a row" : "") + ")";
    }

    private static final char[] BARS = "▁▂▃▄▅▆▇█".toCharArray();

    /** Last samples as min/avg/max and a sparkline, oldest left; empty text when there are none. */
    public static String metrics(java.util.List<jmon.api.MetricSample> samples) {
        if (samples.isEmpty()) return "";
        double[] cpu = new double[samples.size()];
        double[] mem = new double[samples.size()];
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = samples.get(i).cpu();
            mem[i] = samples.get(i).memory();
        }
        StringBuilder sb = new StringBuilder("\nmetrics (last " + samples.size() + " samples)\n");
        metricLine(sb, "cpu", spark(cpu), Human.percent(min(cpu)), Human.percent(avg(cpu)), Human.percent(max(cpu)));
        metricLine(sb, "memory", spark(mem), Human.bytes((long) min(mem)), Human.bytes((long) avg(mem)),
                Human.bytes((long) max(mem)));
        return sb.toString();
    }

    /** {@code String.format("  %-8s %s  min %s  avg %s  max %s%n", ...)} without a Formatter. */
    private static void metricLine(StringBuilder sb, String what, String spark, String min, String avg, String max) {
        sb.append("  ").append(Fmt.padRight(what, 8)).append(' ').append(spark).append("  min ").append(min)
                .append("  avg ").append(avg).append("  max ").append(max).append(System.lineSeparator());
    }

    public static String spark(double[] v) {
        double lo = min(v);
        double hi = max(v);
        StringBuilder sb = new StringBuilder();
        for (double x : v) {
            int i = hi - lo < 1e-9 ? 0 : (int) Math.round((x - lo) / (hi - lo) * (BARS.length - 1));
            sb.append(BARS[i]);
        }
        return sb.toString();
    }

    // min, max and average as DoubleStream computes them (Math.min/max; compensated summation), as loops: the
    // stream's lambdas belong to the JDK and would be spun anew on every run.

    static double min(double[] v) {
        if (v.length == 0) return 0;
        double r = v[0];
        for (int i = 1; i < v.length; i++) r = Math.min(r, v[i]);
        return r;
    }

    static double max(double[] v) {
        if (v.length == 0) return 0;
        double r = v[0];
        for (int i = 1; i < v.length; i++) r = Math.max(r, v[i]);
        return r;
    }

    /** {@code DoubleStream.average()}: Kahan summation, the simple sum kept for infinities. */
    static double avg(double[] v) {
        if (v.length == 0) return 0;
        double sum = 0;
        double compensation = 0;
        double simple = 0;
        for (double d : v) {
            double tmp = d - compensation;
            double velvel = sum + tmp;
            compensation = (velvel - sum) - tmp;
            sum = velvel;
            simple += d;
        }
        double total = sum - compensation;
        if (Double.isNaN(total) && Double.isInfinite(simple)) total = simple;
        return total / v.length;
    }
}
