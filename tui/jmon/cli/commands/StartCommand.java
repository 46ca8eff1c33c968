package jmon.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jmon.api.AppSpec;
import jmon.api.JmonApi;
import jmon.api.ActionResult;
import jmon.api.Verb;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.spec.EcosystemLoader;
import jmon.spec.LoadOptions;
import jmon.spec.LoadResult;
import jmon.spec.Problem;

/**
 * start / startOrRestart / startOrReload: ecosystem files, scripts (several in one start, as PM2), a config on
 * stdin ({@code start -}), or existing processes by name ({@code start NAME -i N} scales). PM2's start flags
 * become the ecosystem keys they stand for, read by the same loader, so a flag obeys a key's rules and ranges.
 * A file or flag with any problem starts nothing.
 */
final class StartCommand implements Command {
    /** The origin named in problems of apps made from the command line and of a config read from stdin. */
    static final String COMMAND_LINE = "(command line)";
    static final String STDIN = "(stdin)";

    /** PM2's script flags: option key → the ecosystem key it sets. Applied to script starts only, as PM2 does. */
    private static final Map<String, String> SCRIPT_FLAGS = new LinkedHashMap<>();

    static {
        SCRIPT_FLAGS.put("output", "out_file");
        SCRIPT_FLAGS.put("error", "error_file");
        SCRIPT_FLAGS.put("log", "log_file");
        SCRIPT_FLAGS.put("merge-logs", "merge_logs");
        SCRIPT_FLAGS.put("wait-ready", "wait_ready");
        SCRIPT_FLAGS.put("listen-timeout", "listen_timeout");
        SCRIPT_FLAGS.put("log-date-format", "log_date_format");
        SCRIPT_FLAGS.put("no-autorestart", "autorestart");
        SCRIPT_FLAGS.put("cron", "cron_restart");
        SCRIPT_FLAGS.put("interpreter-args", "interpreter_args");
        SCRIPT_FLAGS.put("node-args", "node_args");
        SCRIPT_FLAGS.put("shutdown-with-message", "shutdown_with_message");
        SCRIPT_FLAGS.put("kill-timeout", "kill_timeout");
        SCRIPT_FLAGS.put("max-memory-restart", "max_memory_restart");
        SCRIPT_FLAGS.put("restart-delay", "restart_delay");
        SCRIPT_FLAGS.put("max-restarts", "max_restarts");
    }

    private final String name;
    private final boolean restartExisting;

    StartCommand(String name, boolean restartExisting) {
        this.name = name;
        this.restartExisting = restartExisting;
    }

    @Override public String name() { return name; }

    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }

    @Override
    public String summary() {
        return restartExisting ? "start the apps of a file, restarting those already running (" + name + ")"
                : "start ecosystem files, scripts, a config on stdin (-), or stopped processes by name";
    }

    @Override public String arguments() { return "<ecosystem.json|script...|-|name...> [-- args]"; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.NAMESPACE,
                Opt.value("a,b", "only these apps of the file", "--only"),
                Opt.value("ENV", "apply env_<ENV> of the file", "--env"),
                Opt.value("NAME", "name of the app (script or single-app file)", "--name"),
                Opt.value("PATH", "interpreter for a script", "--interpreter"),
                Opt.value("N", "number of instances (on a running app: scale to N)", "--instances", "-i"),
                Opt.flag("watch the app's folder and restart on changes (files too, as PM2)", "--watch"),
                Opt.value("PATH", "stdout log file (script)", "--output", "-o"),
                Opt.value("PATH", "stderr log file (script)", "--error", "-e"),
                Opt.value("PATH", "one log file for stdout and stderr (script)", "--log", "-l"),
                Opt.flag("one log for every instance (script)", "--merge-logs"),
                Opt.flag("ready only when the app says so (process.send('ready') or READY=1) (script)", "--wait-ready"),
                Opt.value("MS", "how long to wait for ready (script)", "--listen-timeout"),
                Opt.value("FORMAT", "timestamp each log line (script)", "--log-date-format"),
                Opt.flag("never restart it when it exits (script)", "--no-autorestart"),
                Opt.value("CRON", "restart on a cron schedule (script)", "--cron", "--cron-restart", "-c"),
                Opt.value("ARGS", "arguments for the interpreter (script)", "--interpreter-args"),
                Opt.value("ARGS", "arguments for node (script; same as --interpreter-args)", "--node-args"),
                Opt.flag("accepted for PM2: every instance is its own process (fork mode) in jmon", "--execute-command", "-x"),
                Opt.flag("stop it with the message 'shutdown' (Node IPC, else stdin) before the signal (script)",
                        "--shutdown-with-message"),
                Opt.value("MS", "wait before SIGKILL on stop (script)", "--kill-timeout", "-k"),
                Opt.value("SIZE", "restart above this memory (script)", "--max-memory-restart"),
                Opt.value("MS", "delay between restarts (script)", "--restart-delay"),
                Opt.value("N", "unstable restarts allowed (script)", "--max-restarts"),
                Opt.ALL_NAMESPACES,
                Opt.flag("start a script again when it already runs (restarts it); change a frozen namespace anyway",
                        "--force", "-f"),
                CallerEnv.UPDATE_ENV, NO_DEPS);
    }

    static final Opt NO_DEPS = Opt.flag("do not start what the named apps depend on (they wait for it)", "--no-deps");

    @Override
    public int run(Context ctx, Parsed p) {
        if (p.positional().isEmpty()) throw new UsageException("what to start? give an ecosystem file, a script or a name");
        String ns = ctx.namespace(p);
        ctx.overrideFreeze(p.has("force"));
        Integer instances = p.has("instances") ? parseInstances(p.get("instances")) : null;
        List<String> args = p.positional();
        if (args.size() == 1 && args.get(0).equals("-")) {
            refuseScriptFlags(p, STDIN);
            List<AppSpec> apps = fromStdin(ctx, p, ns);
            if (apps == null) return 2;
            return send(ctx, p, tuned(apps, instances), false);
        }
        List<AppSpec> apps = new ArrayList<>();
        boolean scripts = false, anyLoaded = false;
        for (String a : args) {
            Path asPath = ctx.cwd().resolve(a);
            boolean file = Files.isRegularFile(asPath);
            if (!file && !(isCommandNotProcess(ctx, a, ns))) {
                if (anyLoaded) throw new UsageException("'" + a + "' is neither a file nor a command on PATH");
                return startExisting(ctx, p, ns, instances);
            }
            anyLoaded = true;
            if (p.has("no-deps")) throw new UsageException("--no-deps applies to starting existing apps by name");
            boolean eco = EcosystemLoader.isEcosystemFile(a);
            if (eco) refuseScriptFlags(p, a);
            else scripts = true;
            if (p.has("name") && args.size() > 1) throw new UsageException("--name names one app; give one script with it");
            List<AppSpec> loaded = eco ? load(ctx, p, asPath, ns) : fromScript(ctx, p, file ? asPath.toString() : a, ns);
            if (loaded == null) return 2;
            apps.addAll(loaded);
        }
        apps = CallerEnv.apply(ctx, tuned(apps, instances), p.has("update-env"));
        if (!scripts || restartExisting || p.has("force")) return send(ctx, p, apps, scripts && p.has("force"));
        // PM2: a script that already runs is refused without -f ("Script already launched"), exit 1
        ActionResult r = ctx.apiStartingDaemon().start(apps, false);
        for (String n : r.notes()) {
            for (AppSpec a : apps) {
                if (n.startsWith(a.namespace() + "/" + a.name() + " is already ")) {
                    ctx.err().println("jmon " + name + ": " + n + "; add -f to restart it");
                    return 1;
                }
            }
        }
        return Output.action(ctx, name, r);
    }

    /** -f on a script: PM2 starts a second copy; jmon's names are unique, so the running one is restarted. */
    private int send(Context ctx, Parsed p, List<AppSpec> apps, boolean force) {
        JmonApi api = ctx.apiStartingDaemon();
        jmon.api.StartMode mode = force ? jmon.api.StartMode.RESTART : !restartExisting ? jmon.api.StartMode.ADD
                : name.equals("startOrReload") ? jmon.api.StartMode.RELOAD : jmon.api.StartMode.RESTART;
        return Output.action(ctx, name, api.start(CallerEnv.apply(ctx, apps, p.has("update-env")), mode));
    }

    /** -i applies to file apps too, as PM2 does. */
    private static List<AppSpec> tuned(List<AppSpec> apps, Integer instances) {
        List<AppSpec> out = new ArrayList<>(apps.size());
        for (AppSpec a : apps) out.add(instances == null ? a : a.withInstances(instances));
        return out;
    }

    /** Existing processes by name, id or glob; {@code start NAME -i N} scales a running app to N instances. */
    private int startExisting(Context ctx, Parsed p, String ns, Integer instances) {
        for (String f : SCRIPT_FLAGS.keySet()) {
            if (p.has(f)) throw new UsageException("--" + f + " applies to a script start, not to an existing app");
        }
        JmonApi api = ctx.apiStartingDaemon();
        if (instances != null) {
            if (p.positional().size() != 1) throw new UsageException("-i scales one app: give one name");
            return Output.action(ctx, "scale", api.scale(ns, p.positional().get(0), instances));
        }
        Verb v = !restartExisting ? Verb.START : name.equals("startOrReload") ? Verb.RELOAD : Verb.RESTART;
        // PM2's target forms here too: start <namespace>, start /regex/
        // --update-env: the new environment replaces the apps' specs, a startOrRestart of exactly these apps
        return Output.action(ctx, name, Targets.act(ctx, p, api, false, sel -> p.has("update-env")
                ? api.start(CallerEnv.selected(ctx, api, sel), true)
                : api.act(v, p.has("no-deps") ? sel.withoutDeps() : sel)));
    }

    /** PM2 reads its script flags only for scripts; jmon says so instead of ignoring them. */
    private static void refuseScriptFlags(Parsed p, String file) {
        if (p.has("watch")) throw new UsageException("--watch applies to a script start; set \"watch\": true in " + file + " instead");
        for (Map.Entry<String, String> e : SCRIPT_FLAGS.entrySet()) {
            if (p.has(e.getKey())) {
                throw new UsageException("--" + e.getKey() + " applies to a script start; set \"" + e.getValue()
                        + "\" in " + file + " instead");
            }
        }
    }

    /** A bare command on PATH (e.g. "sleep") that is not the name of an existing process. */
    private static boolean isCommandNotProcess(Context ctx, String arg, String ns) {
        if (!new EcosystemLoader(ctx.env()).isOnPath(arg)) return false;
        if (!jmon.rpc.RpcClient.reachable(ctx.home().socket())) return true;
        return ctx.api().list(ns).stream().noneMatch(x -> x.name().equals(arg));
    }

    private static int parseInstances(String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--instances needs a whole number ≥ 1, got '" + v + "'");
        }
    }

    private static LoadOptions options(Parsed p, String ns, boolean withName) {
        Set<String> only = new LinkedHashSet<>();
        if (p.has("only")) {
            for (String s : p.get("only").split("[,\\s]+")) if (!s.isBlank()) only.add(s);
        }
        return new LoadOptions(ns, p.get("env"), only, withName ? p.get("name") : null, new ArrayList<>(p.rest()));
    }

    /** A config piped in, PM2's {@code start -}: JSON (an object with "apps", an array, or one app). */
    private static List<AppSpec> fromStdin(Context ctx, Parsed p, String ns) {
        String text;
        try {
            text = new String(System.in.readNBytes(16 << 20), StandardCharsets.UTF_8);
        } catch (IOException e) {
            ctx.err().println("jmon: cannot read stdin: " + e.getMessage());
            return null;
        }
        LoadResult r = new EcosystemLoader(ctx.env()).loadText(text, STDIN, ctx.cwd(), options(p, ns, true));
        return report(ctx, r, STDIN);
    }

    /**
     * One script and PM2's flags, as the app object they stand for, through the loader's own rules. Without such a
     * flag the loader takes the script directly (no JSON parser on the common {@code jmon start app.sh} path).
     */
    private static List<AppSpec> fromScript(Context ctx, Parsed p, String script, String ns) {
        if (!anyScriptFlag(p)) {
            LoadResult r = new EcosystemLoader(ctx.env()).fromScript(ctx.cwd(), script, options(p, ns, true),
                    p.get("interpreter"));
            return report(ctx, r, script);
        }
        StringBuilder app = new StringBuilder(256).append("{\"script\":");
        string(app, script);
        if (p.has("name")) app.append(",\"name\":").append(quoted(p.get("name")));
        if (p.has("interpreter")) app.append(",\"interpreter\":").append(quoted(p.get("interpreter")));
        if (p.has("watch")) app.append(",\"watch\":true");
        for (Map.Entry<String, String> e : SCRIPT_FLAGS.entrySet()) {
            String v = p.get(e.getKey());
            if (v == null) continue;
            app.append(",\"").append(e.getValue()).append("\":");
            if (e.getKey().equals("no-autorestart")) app.append("false");
            else if (v.equals("true") && !takesValue(e.getKey())) app.append("true");
            else if (isWholeNumber(v) && !e.getValue().endsWith("_args")) app.append(v);
            else string(app, v);
        }
        if (!p.rest().isEmpty()) {
            app.append(",\"args\":[");
            for (int i = 0; i < p.rest().size(); i++) {
                if (i > 0) app.append(',');
                string(app, p.rest().get(i));
            }
            app.append(']');
        }
        app.append('}');
        LoadOptions o = new LoadOptions(ns, p.get("env"), Set.of(), null, List.of());
        LoadResult r = new EcosystemLoader(ctx.env()).loadText(app.toString(), COMMAND_LINE, ctx.cwd(), o);
        return report(ctx, r, script);
    }

    private static boolean anyScriptFlag(Parsed p) {
        if (p.has("watch")) return true;
        for (String f : SCRIPT_FLAGS.keySet()) if (p.has(f)) return true;
        return false;
    }

    private static boolean takesValue(String key) {
        return !(key.equals("merge-logs") || key.equals("wait-ready") || key.equals("shutdown-with-message"));
    }

    private static boolean isWholeNumber(String v) {
        if (v.isEmpty() || v.length() > 18) return false;
        for (int i = 0; i < v.length(); i++) if (v.charAt(i) < '0' || v.charAt(i) > '9') return false;
        return true;
    }

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        string(sb, s);
        return sb.toString();
    }

    /** A JSON string literal (quotes, backslashes and control characters escaped). */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            else sb.append(c);
        }
        sb.append('"');
    }

    /** Loads and validates; prints every problem and returns null when there is any. */
    static List<AppSpec> load(Context ctx, Parsed p, Path file, String ns) {
        LoadResult r = new EcosystemLoader(ctx.env()).load(file, options(p, ns, true));
        return report(ctx, r, file.toString());
    }

    private static List<AppSpec> report(Context ctx, LoadResult r, String what) {
        if (!r.ok()) {
            for (Problem pr : r.problems()) ctx.err().println(pr);
            ctx.err().println("jmon: " + r.problems().size() + " problem" + (r.problems().size() == 1 ? "" : "s")
                    + " in " + what + "; nothing was started");
            return null;
        }
        if (r.apps().isEmpty()) {
            ctx.err().println("jmon: " + what + " declares no apps; nothing was started");
            return null;
        }
        return r.apps();
    }
}
