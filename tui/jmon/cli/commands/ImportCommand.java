package jmon.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jmon.api.AppSpec;
import jmon.api.Desired;
import jmon.api.LogSpec;
import jmon.api.RestartPolicy;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.engine.persist.DumpStore;

/**
 * import pm2: turns PM2's {@code dump.pm2} (an array of pm2_env objects, one per process) into jmon dumps, one
 * per namespace, written with the daemon's own {@link DumpStore} so {@code jmon resurrect} restores them.
 *
 * <p>Env rule: PM2 stores the caller's whole shell env merged with the app's declared env, so jmon keeps only
 * the keys of {@code pm2_env.env} that are not shell noise: it drops {@link #SHELL_NOISE} (PATH, HOME, ...),
 * every {@code LC_*}, {@code XDG_*}, {@code SSH_*}, {@code PM2_*}/{@code pm_*} key, {@code unique_id}, the
 * instance variable, the key PM2 names after the app, and any value that is not a string, number or boolean.
 */
final class ImportCommand implements Command {
    static final Set<String> SHELL_NOISE = Set.of("PATH", "HOME", "PWD", "OLDPWD", "SHELL", "USER", "LOGNAME",
            "USERNAME", "TERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "COLORTERM", "LANG", "LANGUAGE", "SHLVL",
            "_", "MAIL", "HOSTNAME", "HOSTTYPE", "OSTYPE", "MACHTYPE", "DISPLAY", "EDITOR", "VISUAL", "PAGER",
            "LESS", "LESSOPEN", "LESSCLOSE", "LS_COLORS", "TMUX", "TMUX_PANE", "STY", "WINDOW", "DBUS_SESSION_BUS_ADDRESS",
            "MOTD_SHOWN", "SUDO_USER", "SUDO_UID", "SUDO_GID", "SUDO_COMMAND", "NVM_DIR", "NVM_BIN", "NVM_INC",
            "NVM_CD_FLAGS", "TZ_", "INVOCATION_ID", "JOURNAL_STREAM", "MANPATH", "INFOPATH", "TMPDIR", "NODE_APP_INSTANCE",
            "unique_id", "SILENT", "PM2_USAGE", "PM2_HOME", "PM2_JSON_PROCESSING");
    private static final List<String> NOISE_PREFIXES = List.of("LC_", "XDG_", "SSH_", "PM2_", "pm_", "npm_", "GPG_",
            "WSL", "VSCODE_", "KDE_", "GNOME_", "GTK_", "QT_", "DESKTOP_", "SESSION_MANAGER");

    /** PM2 keys with no jmon equivalent, reported when set (with the value that is worth mentioning). */
    private static final Map<String, String> UNMAPPED = new LinkedHashMap<>();

    static {
        UNMAPPED.put("watch", "not carried over by import: set it in the ecosystem file (jmon watches)");
        UNMAPPED.put("ignore_watch", "not carried over by import: set it in the ecosystem file (jmon watches)");
        UNMAPPED.put("watch_delay", "not carried over by import: set it in the ecosystem file (jmon watches)");
        UNMAPPED.put("wait_ready", "not carried over by import: set it in the ecosystem file");
        UNMAPPED.put("listen_timeout", "not carried over by import: set it in the ecosystem file");
        UNMAPPED.put("shutdown_with_message", "not carried over by import: set it in the ecosystem file");
        UNMAPPED.put("increment_var", "not supported");
        UNMAPPED.put("source_map_support", "Node-specific, ignored");
        UNMAPPED.put("filter_env", "jmon never passes the shell env anyway");
        UNMAPPED.put("deep_monitoring", "PM2 Plus, ignored");
        UNMAPPED.put("pmx", "PM2 Plus, ignored");
    }

    @Override public String name() { return "import"; }

    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "import PM2's saved processes (dump.pm2) as jmon dumps, per namespace"; }
    @Override public String arguments() { return "pm2"; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.value("DIR", "PM2's home (default $PM2_HOME, else ~/.pm2)", "--pm2-home"),
                Opt.flag("print what would be imported, write nothing", "--dry-run"),
                Opt.flag("replace apps of the same name already in a jmon dump", "--force"));
    }

    /** One app built from PM2's processes of the same namespace and name. */
    record Imported(AppSpec spec, Desired desired, List<String> unmapped, List<String> keptEnv) {}

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        if (p.positional().size() != 1 || !p.positional().get(0).equals("pm2")) {
            throw new UsageException("what to import? only 'pm2' is supported");
        }
        String pm2Home = p.get("pm2-home");
        if (pm2Home == null) pm2Home = ctx.env().get("PM2_HOME");
        if (pm2Home == null) pm2Home = ctx.env().getOrDefault("HOME", System.getProperty("user.home")) + "/.pm2";
        Path dumpFile = ctx.cwd().resolve(pm2Home).resolve("dump.pm2");
        if (!Files.isRegularFile(dumpFile)) {
            throw new UsageException("no PM2 dump at " + dumpFile + " (run 'pm2 save' first, or give --pm2-home)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(dumpFile.toFile());
        } catch (java.io.IOException e) {
            ctx.err().println("jmon import: " + dumpFile + " is not valid JSON: " + e.getMessage());
            return 2;
        }
        if (root == null || !root.isArray()) {
            ctx.err().println("jmon import: " + dumpFile + " is not a JSON array of processes");
            return 2;
        }
        Map<String, List<Imported>> byNs = convert(root, ctx.err());
        boolean dry = p.has("dry-run");
        DumpStore store = new DumpStore(ctx.home().dir());
        if (!dry) ctx.trustedHome().ensure();
        int total = 0;
        for (var e : byNs.entrySet()) {
            String ns = e.getKey();
            List<DumpStore.Entry> entries = new ArrayList<>();
            Set<String> incoming = new LinkedHashSet<>();
            for (Imported i : e.getValue()) incoming.add(i.spec().name());
            DumpStore.Dump old = store.load(ns);
            if (old != null) {
                for (DumpStore.Entry x : old.apps()) {
                    if (incoming.contains(x.spec().name()) && !p.has("force")) {
                        ctx.out().println("[jmon] " + ns + "/" + x.spec().name() + ": already in " + store.fileOf(ns)
                                .getFileName() + ", kept (--force replaces it)");
                        incoming.remove(x.spec().name());
                        entries.add(x);
                    } else if (!incoming.contains(x.spec().name())) {
                        entries.add(x);
                    }
                }
            }
            for (Imported i : e.getValue()) {
                if (!incoming.contains(i.spec().name())) continue;
                entries.add(new DumpStore.Entry(i.spec(), i.desired()));
                total++;
                AppSpec s = i.spec();
                ctx.out().println("[jmon] " + (dry ? "would import " : "imported ") + ns + "/" + s.name() + ": "
                        + (s.interpreter() == null ? "" : s.interpreter() + " ") + s.script()
                        + (s.args().isEmpty() ? "" : " " + String.join(" ", jmon.format.Secrets.redactAll(s.args())))
                        + (s.instances() > 1 ? ", " + s.instances() + " instances" : "")
                        + (i.desired() == Desired.HALT ? ", stopped" : "")
                        + (i.keptEnv().isEmpty() ? "" : ", env " + String.join(" ", i.keptEnv())));
                for (String u : i.unmapped()) ctx.out().println("[jmon]   not mapped: " + u);
            }
            if (!dry) {
                Path f = store.save(new DumpStore.Dump(1, ns, System.currentTimeMillis(), "import-pm2", entries));
                ctx.out().println("[jmon] wrote " + f);
            }
        }
        if (byNs.isEmpty()) ctx.out().println("[jmon] " + dumpFile + " holds no processes");
        else if (!dry) ctx.out().println("[jmon] " + total + " app" + (total == 1 ? "" : "s")
                + " imported; 'jmon resurrect --dry-run' shows what comes back, 'jmon resurrect' starts them");
        return 0;
    }

    /** dump.pm2 → apps by namespace (sorted), instances folded into one app. */
    static Map<String, List<Imported>> convert(JsonNode root, java.io.PrintStream err) {
        Map<String, Map<String, List<JsonNode>>> groups = new TreeMap<>();
        for (JsonNode pe : root) {
            if (!pe.isObject() || !pe.hasNonNull("name")) continue;
            if (pe.path("pmx_module").asBoolean(false)) continue; // PM2 modules are not apps
            String ns = text(pe, "namespace");
            if (ns == null || ns.isBlank()) ns = AppSpec.DEFAULT_NAMESPACE;
            groups.computeIfAbsent(ns, k -> new TreeMap<>()).computeIfAbsent(pe.get("name").asText(),
                    k -> new ArrayList<>()).add(pe);
        }
        Map<String, List<Imported>> out = new LinkedHashMap<>();
        for (var g : groups.entrySet()) {
            List<Imported> apps = new ArrayList<>();
            for (var a : g.getValue().entrySet()) apps.add(app(g.getKey(), a.getKey(), a.getValue()));
            out.put(g.getKey(), apps);
        }
        return out;
    }

    static Imported app(String ns, String name, List<JsonNode> procs) {
        JsonNode pe = procs.get(0);
        List<String> unmapped = new ArrayList<>();
        String script = text(pe, "pm_exec_path");
        if (script == null) script = text(pe, "script");
        String interp = text(pe, "exec_interpreter");
        if (interp == null || interp.equals("none")) interp = null;
        int instances = pe.has("instances") && pe.get("instances").canConvertToInt() && pe.get("instances").asInt() > 0
                ? pe.get("instances").asInt() : procs.size();
        String instanceVar = text(pe, "instance_var");
        if ("cluster_mode".equals(text(pe, "exec_mode"))) {
            unmapped.add("exec_mode cluster_mode: jmon runs " + instances + " separate processes (no shared port)");
        }
        for (var u : UNMAPPED.entrySet()) {
            JsonNode v = pe.get(u.getKey());
            if (v == null || v.isNull() || (v.isBoolean() && !v.asBoolean()) || (v.isArray() && v.isEmpty())) continue;
            unmapped.add(u.getKey() + "=" + v + " (" + u.getValue() + ")");
        }
        Map<String, String> env = new TreeMap<>();
        List<String> dropped = new ArrayList<>();
        JsonNode envNode = pe.get("env");
        if (envNode != null && envNode.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = envNode.fields(); it.hasNext(); ) {
                var f = it.next();
                String k = f.getKey();
                JsonNode v = f.getValue();
                if (isNoise(k, name, instanceVar) || !v.isValueNode() || v.isNull()) {
                    dropped.add(k);
                    continue;
                }
                env.put(k, v.asText());
            }
        }
        RestartPolicy d = RestartPolicy.defaults();
        List<Integer> stopCodes = new ArrayList<>();
        JsonNode sc = pe.get("stop_exit_codes");
        if (sc != null && sc.isArray()) for (JsonNode c : sc) stopCodes.add(c.asInt());
        else if (sc != null && sc.canConvertToInt()) stopCodes.add(sc.asInt());
        RestartPolicy rp = new RestartPolicy(
                pe.path("autorestart").asBoolean(true),
                (int) num(pe, "max_restarts", d.maxRestarts()),
                ms(pe, "min_uptime", d.minUptimeMs()),
                ms(pe, "restart_delay", 0),
                ms(pe, "exp_backoff_restart_delay", 0),
                stopCodes,
                ms(pe, "kill_timeout", d.killTimeoutMs()),
                d.stopSignal(),
                bytes(pe, "max_memory_restart"),
                text(pe, "cron_restart"));
        LogSpec logs = new LogSpec(null, null, null, pe.path("merge_logs").asBoolean(false),
                pe.path("time").asBoolean(false), text(pe, "log_date_format"), text(pe, "log_type"));
        String status = text(pe, "status");
        Desired desired = "stopped".equals(status) || "stopping".equals(status) ? Desired.HALT : Desired.RUN;
        AppSpec spec = new AppSpec(ns, name, script, words(pe.get("args")), interp, words(pe.get("node_args")),
                text(pe, "pm_cwd"), env, instances, instanceVar, rp, logs, 0, false, null,
                pe.path("autostart").asBoolean(true), "pm2:" + name);
        if (!dropped.isEmpty()) unmapped.add("env: dropped " + dropped.size() + " inherited shell/PM2 variable"
                + (dropped.size() == 1 ? "" : "s") + " (" + String.join(" ", dropped.stream().limit(8).toList())
                + (dropped.size() > 8 ? " ..." : "") + ")");
        unmapped.add("logs: PM2's log files stay where they are; jmon logs to $JMON_HOME/logs/" + ns + "/");
        return new Imported(spec, desired, unmapped, new ArrayList<>(env.keySet()));
    }

    static boolean isNoise(String k, String appName, String instanceVar) {
        if (SHELL_NOISE.contains(k) || k.equals(appName) || k.equals(instanceVar)) return true;
        for (String pre : NOISE_PREFIXES) if (k.startsWith(pre)) return true;
        return false;
    }

    private static String text(JsonNode n, String k) {
        JsonNode v = n.get(k);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static long num(JsonNode n, String k, long dflt) {
        JsonNode v = n.get(k);
        if (v == null || v.isNull()) return dflt;
        if (v.isNumber()) return v.asLong();
        try {
            return Long.parseLong(v.asText().trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** Milliseconds: a number, or PM2's "5s"/"2m"/"1h" strings. */
    static long ms(JsonNode n, String k, long dflt) {
        JsonNode v = n.get(k);
        if (v == null || v.isNull()) return dflt;
        if (v.isNumber()) return v.asLong();
        String s = v.asText().trim().toLowerCase();
        try {
            if (s.endsWith("ms")) return Long.parseLong(s.substring(0, s.length() - 2));
            if (s.endsWith("s")) return Long.parseLong(s.substring(0, s.length() - 1)) * 1000;
            if (s.endsWith("m")) return Long.parseLong(s.substring(0, s.length() - 1)) * 60_000;
            if (s.endsWith("h")) return Long.parseLong(s.substring(0, s.length() - 1)) * 3_600_000;
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** Bytes: a number (PM2 stores bytes), or "200M"/"1G"/"512K". */
    static long bytes(JsonNode n, String k) {
        JsonNode v = n.get(k);
        if (v == null || v.isNull()) return 0;
        if (v.isNumber()) return v.asLong();
        String s = v.asText().trim().toUpperCase();
        long mult = 1;
        if (s.endsWith("K")) mult = 1024;
        else if (s.endsWith("M")) mult = 1024 * 1024;
        else if (s.endsWith("G")) mult = 1024L * 1024 * 1024;
        if (mult > 1) s = s.substring(0, s.length() - 1);
        try {
            return Long.parseLong(s) * mult;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** PM2 keeps args and node_args as arrays, or as one string in older dumps. */
    static List<String> words(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (n.isArray()) {
            for (JsonNode x : n) out.add(x.asText());
        } else {
            for (String w : n.asText().trim().split("\\s+")) if (!w.isEmpty()) out.add(w);
        }
        return out;
    }
}
