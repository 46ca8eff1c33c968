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

    public static String render(ProcessInfo p, boolean color, long nowMs) {
        return render(p, color, nowMs, ZoneId.systemDefault());
    }

    /** As {@link #render(ProcessInfo, boolean, long)}, with "created at" shown in {@code zone}. */
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
        add(kv, "restarts", String.valueOf(p.restarts()));
        add(kv, "unstable restarts", String.valueOf(p.unstableRestarts()));
        add(kv, "uptime", Human.uptime(p, nowMs));
        add(kv, "created at", isoLocal(p.createdAt(), zone));
        add(kv, "last exit code", p.lastExitCode() == null ? null : String.valueOf(p.lastExitCode()));
        add(kv, "last signal", p.lastSignal());
        add(kv, "reason", p.reason());
        jmon.api.HealthInfo h = p.health();
        if (h != null) {
            add(kv, "status text", h.statusText());
            add(kv, "capabilities", h.capabilities().isEmpty() ? null : String.join(", ", h.capabilities()));
            add(kv, "readiness", probe(h.readiness()));
            add(kv, "liveness", probe(h.liveness()));
            add(kv, "waiting for", h.waitingFor().isEmpty() ? null : String.join(", ", h.waitingFor()));
            add(kv, "custom metrics", h.metrics().isEmpty() ? null : String.join(", ", h.metrics().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue().value() + (e.getValue().unit() == null ? "" : " " + e.getValue().unit()))
                    .toList()));
            add(kv, "health", h.health() == null ? null : h.health().toString());
        }
        add(kv, "script path", spec == null ? null : spec.script());
        add(kv, "interpreter", spec == null ? null : interpreter(spec));
        add(kv, "args", spec == null || spec.args().isEmpty() ? null : String.join(" ", spec.args()));
        add(kv, "cwd", spec == null ? null : spec.cwd());
        add(kv, "out log path", p.outLogPath());
        add(kv, "error log path", p.errLogPath());
        add(kv, "priority", spec == null || spec.priority() <= 0 ? "unset" : String.valueOf(spec.priority()));
        add(kv, "protected", spec != null && spec.isProtected() ? "yes" : "no");
        add(kv, "tier", spec == null ? null : spec.tier());
        add(kv, "source file", spec == null ? null : spec.source());
        add(kv, "autorestart", String.valueOf(rp.autorestart()));
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
        out.append('\n').append(Ansi.paint(Ansi.BOLD, ENV_TITLE, color)).append('\n');
        Map<String, String> env = Secrets.redact(spec == null ? Map.of() : spec.env());
        if (env.isEmpty()) out.append("  (none)\n");
        for (Map.Entry<String, String> v : env.entrySet()) {
            out.append("  ").append(Text.printable(v.getKey())).append('=')
                    .append(v.getValue() == null ? "" : Text.printable(v.getValue())).append('\n');
        }
        return out.toString();
    }

    private static void add(List<String[]> kv, String key, String value) {
        kv.add(new String[] {key, value == null || value.isBlank() ? "-" : Text.printable(value)});
    }

    /** "python3 -u" style: the interpreter with its arguments, or "none" when the script runs itself. */
    private static String interpreter(AppSpec s) {
        if (s.interpreter() == null) return "none";
        return s.interpreterArgs().isEmpty() ? s.interpreter() : s.interpreter() + " " + String.join(" ", s.interpreterArgs());
    }

    /** Epoch ms as ISO-8601 local time with offset, to the second ("2026-03-01T09:15:02+01:00"); null for 0 (never). */
    static String isoLocal(long epochMs, ZoneId zone) {
        if (epochMs <= 0) return null;
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
        double[] cpu = samples.stream().mapToDouble(jmon.api.MetricSample::cpu).toArray();
        double[] mem = samples.stream().mapToDouble(m -> (double) m.memory()).toArray();
        StringBuilder sb = new StringBuilder("\nmetrics (last " + samples.size() + " samples)\n");
        sb.append(String.format("  %-8s %s  min %s  avg %s  max %s%n", "cpu", spark(cpu),
                Human.percent(min(cpu)), Human.percent(avg(cpu)), Human.percent(max(cpu))));
        sb.append(String.format("  %-8s %s  min %s  avg %s  max %s%n", "memory", spark(mem),
                Human.bytes((long) min(mem)), Human.bytes((long) avg(mem)), Human.bytes((long) max(mem))));
        return sb.toString();
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

    private static double min(double[] v) { return java.util.Arrays.stream(v).min().orElse(0); }

    private static double max(double[] v) { return java.util.Arrays.stream(v).max().orElse(0); }

    private static double avg(double[] v) { return java.util.Arrays.stream(v).average().orElse(0); }
}
