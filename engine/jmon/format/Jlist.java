package jmon.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.LogSpec;
import jmon.api.ProcessInfo;
import jmon.api.RestartPolicy;

/**
 * {@code jmon jlist}: PM2's {@code pm2 jlist} shape, so PM2-aware scripts and {@code jq} one-liners keep
 * working. A JSON array; per element, in this order: {@code pid}, {@code name}, {@code pm2_env}, {@code pm_id},
 * {@code monit {memory, cpu}}.
 *
 * <p>Differences from PM2, on purpose:
 * <ul>
 *   <li>PM2 copies every scalar of {@code env} a second time at the top level of {@code pm2_env}
 *       ({@code Utility.extend(env_copy, env_copy.env)} in {@code lib/God.js}). jmon never does: env keys could
 *       then shadow real fields (an app declaring {@code status=online}) and would leak outside {@code env}.
 *       The only such key PM2 tools read, {@code NODE_APP_INSTANCE}, is emitted explicitly.</li>
 *   <li>{@code env} holds only the variables the app declared (never the caller's shell), is present only
 *       when asked for ({@code --with-env}), and has secret values redacted ({@link Secrets}).</li>
 *   <li>jmon's own fields live under {@code pm2_env.jmon}, out of PM2's namespace.</li>
 * </ul>
 */
public final class Jlist {
    private Jlist() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static String toJson(List<ProcessInfo> ps, boolean withEnv, long nowMs) {
        try {
            return MAPPER.writeValueAsString(toTree(ps, withEnv, nowMs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("jlist: cannot write JSON", e); // a tree of plain nodes always writes
        }
    }

    /** The same document as a Jackson tree (for callers that embed it, e.g. an incident snapshot). */
    public static ArrayNode toTree(List<ProcessInfo> ps, boolean withEnv, long nowMs) {
        ArrayNode arr = MAPPER.createArrayNode();
        if (ps == null) return arr;
        for (ProcessInfo p : ps) arr.add(element(p, withEnv, nowMs));
        return arr;
    }

    private static ObjectNode element(ProcessInfo p, boolean withEnv, long nowMs) {
        boolean live = Facts.live(p);
        ObjectNode o = MAPPER.createObjectNode();
        o.put("pid", Facts.jlistPid(p));
        o.put("name", p.name());
        o.set("pm2_env", pm2Env(p, withEnv, nowMs));
        o.put("pm_id", p.pmId());
        ObjectNode monit = o.putObject("monit");
        monit.put("memory", live ? Math.max(0, p.memory()) : 0);
        monit.put("cpu", live ? oneDecimal(p.cpu()) : 0.0);
        return o;
    }

    private static ObjectNode pm2Env(ProcessInfo p, boolean withEnv, long nowMs) {
        AppSpec spec = p.spec();
        RestartPolicy rp = spec == null ? RestartPolicy.defaults() : spec.restart();
        LogSpec logs = spec == null ? LogSpec.defaults() : spec.logs();
        ObjectNode e = MAPPER.createObjectNode();
        // identity
        e.put("name", p.name());
        e.put("namespace", p.namespace());
        e.put("pm_id", p.pmId());
        if (withEnv) {
            ObjectNode env = e.putObject("env");
            Map<String, String> red = Secrets.redact(spec == null ? Map.of() : spec.env());
            red.forEach(env::put);
        }
        // echo of the config
        e.put("instances", spec == null ? 1 : spec.instances());
        e.put("exec_mode", "fork_mode");
        e.put("exec_interpreter", spec == null || spec.interpreter() == null ? "none" : spec.interpreter());
        strings(e.putArray("node_args"), spec == null ? List.of() : spec.interpreterArgs());
        strings(e.putArray("args"), spec == null ? List.of() : spec.args());
        e.put("autostart", spec == null || spec.autostart());
        e.put("autorestart", rp.autorestart());
        e.put("max_restarts", rp.maxRestarts());
        e.put("min_uptime", rp.minUptimeMs());
        e.put("restart_delay", rp.restartDelayMs());
        e.put("exp_backoff_restart_delay", rp.expBackoffRestartDelayMs());
        e.put("kill_timeout", rp.killTimeoutMs());
        if (rp.maxMemoryRestartBytes() > 0) e.put("max_memory_restart", rp.maxMemoryRestartBytes());
        if (rp.cronRestart() != null) e.put("cron_restart", rp.cronRestart());
        ArrayNode codes = e.putArray("stop_exit_codes");
        rp.stopExitCodes().forEach(codes::add);
        e.put("merge_logs", logs.mergeLogs());
        e.put("instance_var", spec == null ? "NODE_APP_INSTANCE" : spec.instanceVar());
        e.put("NODE_APP_INSTANCE", p.instanceId());
        // paths
        e.put("pm_exec_path", spec == null ? null : spec.script());
        e.put("pm_cwd", spec == null ? null : spec.cwd());
        e.put("pm_out_log_path", p.outLogPath());
        e.put("pm_err_log_path", p.errLogPath());
        // runtime state
        e.put("status", p.status() == null ? null : p.status().wire());
        e.put("pm_uptime", p.startedAt());
        e.put("created_at", p.createdAt());
        e.put("restart_time", p.restarts());
        e.put("unstable_restarts", p.unstableRestarts());
        if (p.lastExitCode() != null) e.put("exit_code", p.lastExitCode());
        e.putNull("versioning");
        // app telemetry: the process's own METRIC lines, where PM2-aware tools look for custom metrics
        e.putArray("axm_actions");
        ObjectNode axm = e.putObject("axm_monitor");
        jmon.api.HealthInfo h = p.health();
        if (h != null && h.metrics() != null) {
            h.metrics().forEach((name, m) -> {
                ObjectNode o = axm.putObject(name);
                o.put("value", m.value());
                if (m.unit() != null) o.put("unit", m.unit());
            });
        }
        // jmon's own fields
        ObjectNode j = e.putObject("jmon");
        j.put("desired", p.desired() == null ? null : p.desired().name().toLowerCase(java.util.Locale.ROOT));
        j.put("ready", p.ready());
        j.put("priority", spec == null ? 0 : spec.priority());
        j.put("protected", spec != null && spec.isProtected());
        j.put("tier", spec == null ? null : spec.tier());
        j.put("reason", p.reason());
        j.put("last_signal", p.lastSignal());
        j.put("source", spec == null ? null : spec.source());
        j.put("instance_id", p.instanceId());
        j.put("stop_signal", rp.stopSignal());
        j.put("uptime", Math.max(0, Facts.uptimeMs(p, nowMs)));
        if (h != null) {
            j.put("status_text", h.statusText());
            strings(j.putArray("capabilities"), h.capabilities());
            if (h.health() != null) j.set("health", MAPPER.valueToTree(h.health()));
            if (h.readiness() != null) j.set("readiness", MAPPER.valueToTree(h.readiness()));
            if (h.liveness() != null) j.set("liveness", MAPPER.valueToTree(h.liveness()));
            if (!h.waitingFor().isEmpty()) strings(j.putArray("waiting_for"), h.waitingFor());
            j.put("notify_garbage", h.notifyGarbage());
        }
        return e;
    }

    private static void strings(ArrayNode a, List<String> xs) {
        xs.forEach(a::add);
    }

    /** PM2's monit.cpu has one decimal. */
    private static double oneDecimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) return 0.0;
        return Math.round(v * 10) / 10.0;
    }
}
