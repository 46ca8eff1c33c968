package jmon.cli.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jmon.api.AppSpec;
import jmon.api.JmonApi;
import jmon.api.Selector;
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
 * start / startOrRestart / startOrReload: an ecosystem file, a script, or existing processes by name.
 * A file with any problem starts nothing.
 */
final class StartCommand implements Command {
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
                : "start an ecosystem file, a script, or stopped processes by name";
    }

    @Override public String arguments() { return "<ecosystem.json|script|name...> [-- args]"; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.NAMESPACE,
                Opt.value("a,b", "only these apps of the file", "--only"),
                Opt.value("ENV", "apply env_<ENV> of the file", "--env"),
                Opt.value("NAME", "name of the app (script or single-app file)", "--name"),
                Opt.value("PATH", "interpreter for a script", "--interpreter"),
                Opt.value("N", "number of instances", "--instances", "-i"),
                Opt.ALL_NAMESPACES, Opt.FORCE, CallerEnv.UPDATE_ENV, NO_DEPS);
    }

    static final Opt NO_DEPS = Opt.flag("do not start what the named apps depend on (they wait for it)", "--no-deps");

    @Override
    public int run(Context ctx, Parsed p) {
        if (p.positional().isEmpty()) throw new UsageException("what to start? give an ecosystem file, a script or a name");
        String first = p.positional().get(0);
        Path asPath = ctx.cwd().resolve(first);
        String ns = ctx.namespace(p);
        ctx.overrideFreeze(p.has("force"));
        if (Files.isRegularFile(asPath) || (p.positional().size() == 1 && isCommandNotProcess(ctx, first, ns))) {
            if (p.positional().size() > 1) throw new UsageException("one file at a time; extra arguments go after --");
            if (p.has("no-deps")) throw new UsageException("--no-deps applies to starting existing apps by name");
            List<AppSpec> apps = load(ctx, p, Files.isRegularFile(asPath) ? asPath : Path.of(first), ns);
            if (apps == null) return 2;
            if (p.has("instances")) {
                int n = parseInstances(p.get("instances"));
                apps = apps.stream().map(a -> a.withInstances(n)).toList();
            }
            apps = CallerEnv.apply(ctx, apps, p.has("update-env"));
            JmonApi api = ctx.apiStartingDaemon();
            return Output.action(ctx, name, api.start(apps, restartExisting));
        }
        // not a file: existing processes by name, id or glob
        JmonApi api = ctx.apiStartingDaemon();
        Selector sel = new Selector(ns, p.positional(), p.has("all-namespaces"), false, p.has("no-deps"));
        if (p.has("update-env")) return Output.action(ctx, name, api.start(CallerEnv.selected(ctx, api, sel), true));
        Verb v = !restartExisting ? Verb.START : name.equals("startOrReload") ? Verb.RELOAD : Verb.RESTART;
        return Output.action(ctx, name, api.act(v, sel));
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

    /** Loads and validates; prints every problem and returns null when there is any. */
    static List<AppSpec> load(Context ctx, Parsed p, Path file, String ns) {
        Set<String> only = new LinkedHashSet<>();
        if (p.has("only")) {
            for (String s : p.get("only").split("[,\\s]+")) if (!s.isBlank()) only.add(s);
        }
        LoadOptions opts = new LoadOptions(ns, p.get("env"), only, p.get("name"), new ArrayList<>(p.rest()));
        EcosystemLoader loader = new EcosystemLoader(ctx.env());
        String fn = file.getFileName().toString();
        LoadResult r = EcosystemLoader.isEcosystemFile(fn) ? loader.load(file, opts)
                : loader.fromScript(ctx.cwd(), file.toString(), opts, p.get("interpreter"));
        if (!r.ok()) {
            for (Problem pr : r.problems()) ctx.err().println(pr);
            ctx.err().println("jmon: " + r.problems().size() + " problem" + (r.problems().size() == 1 ? "" : "s")
                    + " in " + file + "; nothing was started");
            return null;
        }
        if (r.apps().isEmpty()) {
            ctx.err().println("jmon: " + file + " declares no apps; nothing was started");
            return null;
        }
        return r.apps();
    }
}
