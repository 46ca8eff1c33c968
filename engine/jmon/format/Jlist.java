package jmon.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.LogSpec;
import jmon.api.ProcessInfo;
import jmon.api.RestartPolicy;
import jmon.rpc.Json;

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

    public static String toJson(List<ProcessInfo> ps, boolean withEnv, long nowMs) {
        return Json.writeDocument(toTree(ps, withEnv, nowMs));
    }

    /** The same document as plain maps and lists (for callers that add to it, e.g. the HTTP endpoint). */
    public static List<Map<String, Object>> toTree(List<ProcessInfo> ps, boolean withEnv, long nowMs) {
        List<Map<String, Object>> arr = new ArrayList<>();
        if (ps == null) return arr;
        for (ProcessInfo p : ps) arr.add(element(p, withEnv, nowMs));
        return arr;
    }

    private static Map<String, Object> element(ProcessInfo p, boolean withEnv, long nowMs) {
        boolean live = Facts.live(p);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("pid", Facts.jlistPid(p));
        o.put("name", p.name());
        o.put("pm2_env", pm2Env(p, withEnv, nowMs));
        o.put("pm_id", p.pmId());
        Map<String, Object> monit = new LinkedHashMap<>();
        monit.put("memory", live ? Math.max(0, p.memory()) : 0);
        monit.put("cpu", live ? oneDecimal(p.cpu()) : 0.0);
        o.put("monit", monit);
        return o;
    }

    private static Map<String, Object> pm2Env(ProcessInfo p, boolean withEnv, long nowMs) {
        AppSpec spec = p.spec();
        RestartPolicy rp = spec == null ? RestartPolicy.defaults() : spec.restart();
        LogSpec logs = spec == null ? LogSpec.defaults() : spec.logs();
        Map<String, Object> e = new LinkedHashMap<>();
        // identity
        e.put("name", p.name());
        e.put("namespace", p.namespace());
        e.put("pm_id", p.pmId());
        if (withEnv) e.put("env", new LinkedHashMap<>(Secrets.redact(spec == null ? Map.of() : spec.env())));
        // echo of the config
        e.put("instances", spec == null ? 1 : spec.instances());
        e.put("exec_mode", "fork_mode");
        e.put("exec_interpreter", spec == null || spec.interpreter() == null ? "none" : spec.interpreter());
        e.put("node_args", spec == null ? List.of() : spec.interpreterArgs());
        e.put("args", spec == null ? List.of() : Secrets.redactAll(spec.args()));
        e.put("autostart", spec == null || spec.autostart());
        e.put("autorestart", rp.autorestart());
        e.put("max_restarts", rp.maxRestarts());
        e.put("min_uptime", rp.minUptimeMs());
        e.put("restart_delay", rp.restartDelayMs());
        e.put("exp_backoff_restart_delay", rp.expBackoffRestartDelayMs());
        e.put("kill_timeout", rp.killTimeoutMs());
        if (rp.maxMemoryRestartBytes() > 0) e.put("max_memory_restart", rp.maxMemoryRestartBytes());
        if (rp.cronRestart() != null) e.put("cron_restart", rp.cronRestart());
        e.put("stop_exit_codes", rp.stopExitCodes());
        e.put("merge_logs", logs.mergeLogs());
        e.put("instance_var", spec == null ? "NODE_APP_INSTANCE" : spec.instanceVar());
        e.put("NODE_APP_INSTANCE", p.instanceId());
        // paths
        e.put("pm_exec_path", spec == null ? null : spec.script());
        e.put("pm_cwd", spec == null ? null : spec.cwd());
        e.put("pm_out_log_path", p.outLogPath());
        e.put("pm_err_log_path", p.errLogPath());
        String pidPath = logs.pidPathFor(p.pmId());
        if (pidPath != null) e.put("pm_pid_path", pidPath);
        // runtime state
        e.put("status", p.status() == null ? null : p.status().wire());
        e.put("pm_uptime", p.startedAt());
        e.put("created_at", p.createdAt());
        e.put("restart_time", p.restarts());
        e.put("unstable_restarts", p.unstableRestarts());
        if (p.lastExitCode() != null) e.put("exit_code", p.lastExitCode());
        // PM2's watch as it was written: true for the app's folder, else the paths (relative to cwd when inside it);
        // absent, with its companions, when the app does not watch (as PM2 leaves out what was not set)
        if (rp.watch() != null) {
            e.put("watch", watchAsWritten(rp, spec));
            e.put("ignore_watch", rp.ignoreWatch());
            e.put("watch_delay", rp.watchDelayMs());
        }
        if (spec != null && spec.health().listenTimeoutMs() > 0) e.put("listen_timeout", spec.health().listenTimeoutMs());
        if (spec != null && spec.health().waitReady()) e.put("wait_ready", true);
        if (spec != null && spec.health().shutdownWithMessage()) e.put("shutdown_with_message", true);
        e.put("time", logs.time());
        if (logs.logDateFormat() != null) e.put("log_date_format", logs.logDateFormat());
        e.put("username", USER);
        // PM2's per-app UUID, shared by the instances; derived from the identity, so it is stable across restarts
        e.put("unique_id", java.util.UUID.nameUUIDFromBytes((p.namespace() + "/" + p.name())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        // package.json version and the git checkout, read by the daemon (AppVersion); PM2's "N/A" and null without
        jmon.api.AppVersion v = p.version();
        e.put("version", v == null || v.version() == null ? "N/A" : v.version());
        e.put("versioning", v == null || v.versioning() == null ? null : versioning(v.versioning()));
        // app telemetry: the process's own METRIC lines, where PM2-aware tools look for custom metrics
        e.put("axm_actions", List.of());
        Map<String, Object> axm = new LinkedHashMap<>();
        jmon.api.HealthInfo h = p.health();
        if (h != null && h.metrics() != null) {
            h.metrics().forEach((name, m) -> {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("value", m.value());
                if (m.unit() != null) o.put("unit", m.unit());
                axm.put(name, o);
            });
        }
        e.put("axm_monitor", axm);
        e.put("axm_options", Map.of());
        e.put("axm_dynamic", Map.of());
        // jmon's own fields
        Map<String, Object> j = new LinkedHashMap<>();
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
            j.put("capabilities", h.capabilities());
            if (h.health() != null) j.put("health", h.health());
            if (h.readiness() != null) j.put("readiness", h.readiness());
            if (h.liveness() != null) j.put("liveness", h.liveness());
            if (!h.waitingFor().isEmpty()) j.put("waiting_for", h.waitingFor());
            j.put("notify_garbage", h.notifyGarbage());
        }
        if (p.logWrite() != null) { // only while the log files cannot be written
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("error", p.logWrite().error());
            w.put("bytes_not_written", p.logWrite().bytesNotWritten());
            w.put("since", p.logWrite().since());
            j.put("log_write", w);
        }
        e.put("jmon", j);
        return e;
    }

    private static final String USER = System.getProperty("user.name", "");

    private static Object watchAsWritten(RestartPolicy rp, AppSpec spec) {
        List<String> w = rp.watch();
        String cwd = spec == null ? null : spec.cwd();
        if (w.isEmpty() || w.size() == 1 && w.get(0).equals(cwd)) return true;
        List<String> out = new ArrayList<>(w.size());
        for (String path : w) {
            out.add(cwd != null && path.startsWith(cwd + "/") ? path.substring(cwd.length() + 1) : path);
        }
        return out;
    }

    /** PM2's vizion object, its field names and types (url and tags left out when there are none, as PM2). */
    private static Map<String, Object> versioning(jmon.api.AppVersion.Versioning g) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", g.type());
        if (g.url() != null) o.put("url", g.url());
        o.put("revision", g.revision());
        o.put("comment", g.comment());
        o.put("unstaged", g.unstaged());
        o.put("branch", g.branch());
        o.put("remotes", g.remotes());
        o.put("remote", g.remote());
        o.put("branch_exists_on_remote", g.branchExistsOnRemote());
        o.put("update_time", g.updateTime());
        if (!g.tags().isEmpty()) o.put("tags", g.tags());
        o.put("repo_path", g.repoPath());
        return o;
    }

    /** PM2's monit.cpu has one decimal. */
    private static double oneDecimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) return 0.0;
        return Math.round(v * 10) / 10.0;
    }
}
