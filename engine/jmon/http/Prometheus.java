package jmon.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jmon.api.CustomMetric;
import jmon.api.DaemonInfo;
import jmon.api.DaemonStatus;
import jmon.api.HealthInfo;
import jmon.api.HostStatus;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;

/**
 * {@code GET /metrics}: Prometheus text exposition format 0.0.4. Every family gets {@code # HELP} and
 * {@code # TYPE} (even with no sample yet, e.g. before the first sampling of the host), label values are
 * escaped ({@code \\}, {@code \"}, {@code \n}), and every series is written once.
 *
 * <p>Per process (labels {@code namespace}, {@code name}, {@code pm_id}, {@code instance}): CPU, memory,
 * restarts, up, ready, a state set {@code jmon_process_status{status=...}} (1 for the current status, 0 for the
 * others, so an alert on {@code == 1} never depends on a series appearing), and the figures the process
 * reported itself as {@code jmon_custom_metric{metric="<name>",unit="<unit>"}}. Then the daemon's own cost and
 * the host's figures, as of the sampler's last run.
 */
public final class Prometheus {
    private Prometheus() {}

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    public static String render(List<ProcessInfo> ps, DaemonInfo d) {
        Writer w = new Writer();
        w.family("jmon_process_cpu_percent", "gauge", "CPU use of the process group, percent of one core (last sample)");
        for (ProcessInfo p : ps) w.sample("jmon_process_cpu_percent", labels(p), p.cpu());
        w.family("jmon_process_memory_bytes", "gauge", "Resident memory of the process group in bytes (last sample)");
        for (ProcessInfo p : ps) w.sample("jmon_process_memory_bytes", labels(p), p.memory());
        w.family("jmon_process_restarts_total", "counter", "Restarts since the process was added");
        for (ProcessInfo p : ps) w.sample("jmon_process_restarts_total", labels(p), p.restarts());
        w.family("jmon_process_up", "gauge", "1 when the process is online, 0 otherwise");
        for (ProcessInfo p : ps) w.sample("jmon_process_up", labels(p), p.status() == ProcessStatus.ONLINE ? 1 : 0);
        w.family("jmon_process_ready", "gauge", "1 when the process is ready, 0 otherwise");
        for (ProcessInfo p : ps) w.sample("jmon_process_ready", labels(p), p.ready() ? 1 : 0);
        w.family("jmon_process_desired_running", "gauge", "1 when the process is meant to run, 0 when it was halted on purpose");
        for (ProcessInfo p : ps) w.sample("jmon_process_desired_running", labels(p), p.desired() == jmon.api.Desired.RUN ? 1 : 0);
        w.family("jmon_process_status", "gauge", "Current status of the process: 1 for the current status, 0 for the others");
        for (ProcessInfo p : ps) {
            for (ProcessStatus s : ProcessStatus.values()) {
                Map<String, String> l = labels(p);
                l.put("status", s.wire());
                w.sample("jmon_process_status", l, p.status() == s ? 1 : 0);
            }
        }
        w.family("jmon_log_write_failing", "gauge",
                "1 while the process's log files cannot be written (disk full, read-only, folder gone), 0 otherwise");
        for (ProcessInfo p : ps) w.sample("jmon_log_write_failing", labels(p), p.logWrite() != null ? 1 : 0);
        w.family("jmon_log_bytes_not_written", "gauge",
                "Bytes the process's log files did not get since the current write trouble began (0 when none)");
        for (ProcessInfo p : ps) {
            w.sample("jmon_log_bytes_not_written", labels(p), p.logWrite() == null ? 0 : p.logWrite().bytesNotWritten());
        }
        w.family("jmon_custom_metric", "gauge", "A figure the process reported itself (METRIC name=value unit)");
        for (ProcessInfo p : ps) {
            HealthInfo h = p.health();
            if (h == null || h.metrics() == null) continue;
            for (Map.Entry<String, CustomMetric> m : h.metrics().entrySet()) {
                if (m.getKey() == null || m.getValue() == null) continue;
                Map<String, String> l = labels(p);
                l.put("metric", m.getKey());
                l.put("unit", m.getValue().unit() == null ? "" : m.getValue().unit());
                w.sample("jmon_custom_metric", l, m.getValue().value());
            }
        }

        DaemonStatus ds = d == null ? null : d.status();
        w.family("jmon_daemon_info", "gauge", "The jmon daemon: version and pid as labels, value 1");
        if (d != null) {
            Map<String, String> l = new LinkedHashMap<>();
            l.put("version", d.version() == null ? "" : d.version());
            l.put("pid", Long.toString(d.pid()));
            w.sample("jmon_daemon_info", l, 1);
        }
        w.family("jmon_daemon_uptime_seconds", "gauge", "Seconds since the daemon started");
        if (d != null) w.sample("jmon_daemon_uptime_seconds", Map.of(), d.uptimeMs() / 1000.0);
        w.family("jmon_daemon_cpu_percent", "gauge", "CPU use of the daemon, percent of one core (last sample)");
        if (ds != null) w.sample("jmon_daemon_cpu_percent", Map.of(), ds.cpu());
        w.family("jmon_daemon_memory_bytes", "gauge", "Resident memory of the daemon in bytes (last sample)");
        if (ds != null) w.sample("jmon_daemon_memory_bytes", Map.of(), ds.rss());
        w.family("jmon_daemon_heap_used_bytes", "gauge", "Java heap used by the daemon in bytes (last sample)");
        if (ds != null) w.sample("jmon_daemon_heap_used_bytes", Map.of(), ds.heapUsed());
        w.family("jmon_daemon_heap_max_bytes", "gauge", "Java heap limit of the daemon in bytes");
        if (ds != null) w.sample("jmon_daemon_heap_max_bytes", Map.of(), ds.heapMax());
        w.family("jmon_daemon_threads", "gauge", "Live threads in the daemon (last sample)");
        if (ds != null) w.sample("jmon_daemon_threads", Map.of(), ds.threads());

        HostStatus h = d == null ? null : d.host();
        w.family("jmon_host_cpu_percent", "gauge", "CPU use of the host, percent of all cores (last sample)");
        if (h != null) w.sample("jmon_host_cpu_percent", Map.of(), h.cpu());
        w.family("jmon_host_cores", "gauge", "Logical CPU cores of the host");
        if (h != null) w.sample("jmon_host_cores", Map.of(), h.cores());
        w.family("jmon_host_memory_total_bytes", "gauge", "Memory of the host in bytes");
        if (h != null) w.sample("jmon_host_memory_total_bytes", Map.of(), h.memTotal());
        w.family("jmon_host_memory_available_bytes", "gauge", "Memory available on the host in bytes (last sample)");
        if (h != null) w.sample("jmon_host_memory_available_bytes", Map.of(), h.memAvailable());
        w.family("jmon_host_load", "gauge", "Load average of the host over the period in the label");
        if (h != null) {
            w.sample("jmon_host_load", Map.of("period", "1m"), h.load1());
            w.sample("jmon_host_load", Map.of("period", "5m"), h.load5());
            w.sample("jmon_host_load", Map.of("period", "15m"), h.load15());
        }
        w.family("jmon_host_disk_total_bytes", "gauge", "Size of the disk holding JMON_HOME in bytes");
        if (h != null) w.sample("jmon_host_disk_total_bytes", Map.of(), h.diskTotal());
        w.family("jmon_host_disk_free_bytes", "gauge", "Free space on the disk holding JMON_HOME in bytes (last sample)");
        if (h != null) w.sample("jmon_host_disk_free_bytes", Map.of(), h.diskFree());
        return w.out.toString();
    }

    private static Map<String, String> labels(ProcessInfo p) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("namespace", p.namespace() == null ? "" : p.namespace());
        l.put("name", p.name() == null ? "" : p.name());
        l.put("pm_id", Integer.toString(p.pmId()));
        l.put("instance", Integer.toString(p.instanceId()));
        return l;
    }

    /** Escapes a label value: backslash, double quote and line feed, nothing else. */
    public static String escapeLabel(String v) {
        StringBuilder b = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A sample value as Prometheus reads it: integers without a fraction, NaN and ±Inf by name. */
    public static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }

    private static final class Writer {
        final StringBuilder out = new StringBuilder(4096);

        void family(String name, String type, String help) {
            out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }

        void sample(String name, Map<String, String> labels, double value) {
            out.append(name);
            if (!labels.isEmpty()) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, String> l : labels.entrySet()) {
                    if (!first) out.append(',');
                    first = false;
                    out.append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
                }
                out.append('}');
            }
            out.append(' ').append(number(value)).append('\n');
        }
    }
}
