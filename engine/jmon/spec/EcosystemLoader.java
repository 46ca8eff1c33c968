package jmon.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jmon.api.AppSpec;

/**
 * Reads PM2-style ecosystem files (JSON and YAML natively, .js/.cjs/.mjs through node) into resolved {@link AppSpec}s.
 * Never throws for bad content: every problem in every file is collected, and any problem means no apps, so a
 * half-valid file can never start half its apps.
 */
public final class EcosystemLoader {
    /** Keys of the file object; any of them marks an object as a file rather than a single app. */
    private static final List<String> FILE_KEYS = List.of("apps", "namespace", "tier", "include", "deploy", "hooks");
    private static final Set<String> FILE_MARKERS = Set.of("apps", "tier", "include", "deploy", "static");

    /** Largest ecosystem file read (16 MiB). */
    static final long MAX_FILE_BYTES = 16L << 20;

    private final Map<String, String> env;
    private final Executables exe;
    private final Resolver resolver;

    /** @param env the caller's environment: its PATH finds node, interpreters and bare commands */
    public EcosystemLoader(Map<String, String> env) {
        this.env = env == null ? Map.of() : Map.copyOf(env);
        this.exe = new Executables(this.env);
        this.resolver = new Resolver(exe, this.env);
    }

    /**
     * Whether a {@code start} argument names an ecosystem file rather than a script. As PM2 decides it: any
     * .json, .yml or .yaml, and .js/.cjs/.mjs only when named like a config ({@code *.config.js}, {@code ecosystem*.js}) since
     * {@code jmon start app.js} runs app.js.
     */
    /** True when {@code bare} names a program on the caller's PATH (so {@code jmon start sleep} can run it). */
    public boolean isOnPath(String bare) {
        return bare.indexOf('/') < 0 && new Executables(env).find(bare) != null;
    }

    public static boolean isEcosystemFile(String arg) {
        if (arg == null) return false;
        String name = arg.substring(arg.lastIndexOf('/') + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json") || lower.endsWith(".yml") || lower.endsWith(".yaml")) return true;
        if (!(lower.endsWith(".js") || lower.endsWith(".cjs") || lower.endsWith(".mjs"))) return false;
        String stem = lower.substring(0, lower.lastIndexOf('.'));
        return stem.startsWith("ecosystem") || stem.endsWith(".config") || stem.equals("config");
    }

    /** Loads {@code file} and everything it includes. */
    public LoadResult load(Path file, LoadOptions opts) {
        LoadOptions o = opts == null ? LoadOptions.none() : opts;
        Path abs = file.toAbsolutePath().normalize();
        Run run = new Run(abs.toString());
        if (!Files.isRegularFile(abs)) {
            run.problems.add(new Problem(abs.toString(), 0, 0, "", Files.exists(abs)
                    ? "not a regular file" : "file not found"));
            return new LoadResult(List.of(), run.problems);
        }
        loadFile(run, abs, null, null, new ArrayList<>());
        return finish(run, o);
    }

    /**
     * Apps from ecosystem text that is no file: a config piped to {@code jmon start -}, or the app object the CLI
     * builds from a script and its start flags. {@code origin} names it in problems; relative paths resolve
     * against {@code baseDir} (the caller's folder).
     */
    public LoadResult loadText(String text, String origin, Path baseDir, LoadOptions opts) {
        LoadOptions o = opts == null ? LoadOptions.none() : opts;
        Run run = new Run(origin);
        Diag diag = new Diag(origin, run.problems);
        JsonSource.Parsed parsed = JsonSource.parse(text == null ? "" : text, origin, true);
        if (parsed.problem() != null) run.problems.add(parsed.problem());
        if (parsed.root() == null) return new LoadResult(List.of(), run.problems);
        Path pseudo = baseDir.toAbsolutePath().normalize().resolve(origin);
        readRoot(run, parsed.root(), diag, pseudo, null, null, new ArrayList<>());
        return finish(run, o);
    }

    /** One app from a bare script: {@code jmon start script.sh --name x}. */
    public LoadResult fromScript(Path cwd, String script, LoadOptions opts, String interpreter) {
        LoadOptions o = opts == null ? LoadOptions.none() : opts;
        Run run = new Run(script == null ? "" : script);
        Diag diag = new Diag(run.topFile, run.problems);
        AppDraft d = new AppDraft(diag, "", null);
        d.script = script == null || script.isBlank() ? null : script;
        d.interpreter = interpreter == null || interpreter.isBlank() ? null : interpreter;
        d.name = o.nameOverride();
        d.baseDir = cwd.toAbsolutePath().normalize();
        run.drafts.add(d);
        return finish(run, o.nameOverride() == null ? o
                : new LoadOptions(o.namespace(), o.envName(), Set.of(), null, o.extraArgs()));
    }

    /** State of one load: the drafts of every file, problems, and which files were read. */
    private static final class Run {
        final String topFile;
        final List<Problem> problems = new ArrayList<>();
        final List<AppDraft> drafts = new ArrayList<>();
        final Set<Path> loaded = new HashSet<>();

        Run(String topFile) { this.topFile = topFile; }
    }

    // ---- reading files ------------------------------------------------------------------------------------

    /**
     * @param inheritedNs   the includer's namespace, used when this file declares none
     * @param stack         files being included right now, to name a cycle
     */
    private void loadFile(Run run, Path file, String inheritedNs, String inheritedTier, List<Path> stack) {
        Path identity = realPath(file);
        run.loaded.add(identity);
        Diag diag = new Diag(file.toString(), run.problems);
        SrcNode root = parseFile(run, file);
        if (root == null) return;
        stack.add(identity);
        try {
            readRoot(run, root, diag, file, inheritedNs, inheritedTier, stack);
        } finally {
            stack.remove(stack.size() - 1);
        }
    }

    private SrcNode parseFile(Run run, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String f = file.toString();
        JsonSource.Parsed parsed;
        if (name.endsWith(".js") || name.endsWith(".cjs") || name.endsWith(".mjs")) {
            Path node = exe.find("node");
            if (node == null) {
                run.problems.add(new Problem(f, 0, 0, "", "node is not on PATH: it is needed to read a ."
                        + name.substring(name.lastIndexOf('.') + 1) + " ecosystem file (or write it as .json)"));
                return null;
            }
            NodeEval.Result r = NodeEval.eval(file, node, env);
            if (r.error() != null) {
                run.problems.add(new Problem(f, 0, 0, "", r.error()));
                return null;
            }
            parsed = JsonSource.parse(r.json(), f, false);
        } else {
            byte[] bytes;
            try {
                long size = Files.size(file);
                if (size > MAX_FILE_BYTES) { // an ecosystem file is a few KiB; this is a mistake or an attack
                    run.problems.add(new Problem(f, 0, 0, "", "file is " + size + " bytes, at most " + MAX_FILE_BYTES));
                    return null;
                }
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                run.problems.add(new Problem(f, 0, 0, "", "cannot read: " + e.getMessage()));
                return null;
            }
            Utf8Text.Decoded text = Utf8Text.decode(bytes, f);
            if (text.problem() != null) {
                run.problems.add(text.problem());
                return null;
            }
            if (name.endsWith(".yml") || name.endsWith(".yaml")) parsed = YamlSource.parse(text.text(), f);
            else parsed = parseJson(run, file, text.text());
        }
        if (parsed.problem() != null) run.problems.add(parsed.problem());
        return parsed.root();
    }

    /**
     * JSON, with what JSON5 allows (comments, trailing commas, single quotes); failing that, as PM2 does, the
     * file is one JavaScript expression evaluated by node (positions are then lost, so JSON is tried first).
     */
    private JsonSource.Parsed parseJson(Run run, Path file, String text) {
        String f = file.toString();
        JsonSource.Parsed parsed = JsonSource.parse(text, f, true);
        if (parsed.problem() == null || parsed.problem().message().startsWith("key '")
                || parsed.problem().message().equals("file is empty")) {
            return parsed;
        }
        Problem jsonProblem = parsed.problem();
        Path node = exe.find("node");
        if (node == null) {
            return new JsonSource.Parsed(null, new Problem(f, jsonProblem.line(), jsonProblem.column(),
                    jsonProblem.field(), jsonProblem.message() + " (PM2 evaluates a .json file as JavaScript; if this"
                    + " file uses JavaScript expressions, put node on PATH or rename it to .js)"));
        }
        NodeEval.Result r = NodeEval.evalExpression(file, node, env);
        if (r.error() != null) {
            return new JsonSource.Parsed(null, new Problem(f, jsonProblem.line(), jsonProblem.column(),
                    jsonProblem.field(), jsonProblem.message() + " (evaluated as JavaScript, as PM2 does, it fails"
                    + " too: " + r.error().replace("node could not evaluate the file (exit 1):\n", "") + ")"));
        }
        return JsonSource.parse(r.json(), f, false);
    }

    /** The three shapes: a file object with "apps", a bare array of apps, or one app object. */
    private void readRoot(Run run, SrcNode root, Diag diag, Path file, String inheritedNs, String inheritedTier,
                          List<Path> stack) {
        if (root instanceof SrcNode.Arr arr) {
            readApps(run, arr, "", diag, file, inheritedNs, inheritedTier);
            return;
        }
        if (!(root instanceof SrcNode.Obj obj)) {
            diag.at(root, "", "expected an object with \"apps\", an array of apps, or one app; got "
                    + SrcNode.describe(root));
            return;
        }
        if (obj.members().keySet().stream().noneMatch(FILE_MARKERS::contains)) {
            addDraft(run, AppReader.read(obj, "", diag), file, inheritedNs, inheritedTier);
            return;
        }
        Map<String, SrcNode.Member> m = obj.members();
        String ns = inheritedNs, tier = inheritedTier;
        if (m.containsKey("namespace")) {
            SrcNode n = m.get("namespace").value();
            String own = Conv.NON_EMPTY.read(n, "namespace", diag);
            if (own != null && Names.namespaceProblem(own) != null) diag.at(n, "namespace", Names.namespaceProblem(own));
            else if (own != null) ns = own;
        }
        if (m.containsKey("tier")) {
            String own = Conv.oneOf("production", "test", "development").read(m.get("tier").value(), "tier", diag);
            if (own != null) tier = own;
        }
        List<jmon.api.HookSpec> fileHooks = m.containsKey("hooks") ? HealthConv.HOOKS.read(m.get("hooks").value(), "hooks", diag) : null;
        int before = run.drafts.size();
        for (SrcNode.Member member : m.values()) {
            String key = member.key();
            if (FILE_KEYS.contains(key)) continue;
            if (key.equals("static")) diag.atKey(member, key, "static is not supported by jmon yet");
            else if (AppKeys.lookup(key) != null || AppKeys.NOT_YET.contains(key)) {
                diag.atKey(member, key, "'" + key + "' belongs inside an app of \"apps\", not at file level");
            } else {
                String near = Suggest.nearest(key, FILE_KEYS);
                diag.atKey(member, key, "unknown key '" + key + "'" + (near == null ? "" : ": did you mean '" + near + "'?"));
            }
        }
        if (m.containsKey("apps")) {
            SrcNode apps = m.get("apps").value();
            if (apps instanceof SrcNode.Arr arr) readApps(run, arr, "apps", diag, file, ns, tier);
            else if (apps instanceof SrcNode.Obj) addDraft(run, AppReader.read(apps, "apps", diag), file, ns, tier);
            else Conv.wrong(apps, "apps", diag, "an array of apps");
        }
        // the file's hooks reach the apps of this file (not those of the files it includes)
        for (int i = before; i < run.drafts.size(); i++) run.drafts.get(i).fileHooks = fileHooks;
        if (m.containsKey("include")) readIncludes(run, m.get("include").value(), diag, file, ns, tier, stack);
    }

    private void readApps(Run run, SrcNode.Arr arr, String prefix, Diag diag, Path file, String ns, String tier) {
        for (int i = 0; i < arr.items().size(); i++) {
            addDraft(run, AppReader.read(arr.items().get(i), prefix + "[" + i + "]", diag), file, ns, tier);
        }
    }

    private void addDraft(Run run, AppDraft d, Path file, String ns, String tier) {
        if (d == null) return;
        d.fileNamespace = ns;
        d.fileTier = tier;
        d.baseDir = file.getParent();
        d.source = file.toString();
        run.drafts.add(d);
    }

    /** Includes resolve against the including file's folder; a file already read is not read twice. */
    private void readIncludes(Run run, SrcNode node, Diag diag, Path file, String ns, String tier, List<Path> stack) {
        List<SrcNode> entries;
        if (node instanceof SrcNode.Arr a) entries = a.items();
        else if (node instanceof SrcNode.Val v && v.isString()) entries = List.of(node);
        else {
            Conv.wrong(node, "include", diag, "an array of file paths");
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            SrcNode e = entries.get(i);
            String field = node instanceof SrcNode.Arr ? "include[" + i + "]" : "include";
            String rel = Conv.NON_EMPTY.read(e, field, diag);
            if (rel == null) continue;
            Path target = resolver.path(rel, file.getParent());
            if (target == null || !Files.isRegularFile(target)) {
                diag.at(e, field, "included file not found: " + (target == null ? rel : target));
                continue;
            }
            Path identity = realPath(target);
            int at = stack.indexOf(identity);
            if (at >= 0) {
                String cycle = stack.subList(at, stack.size()).stream().map(p -> p.getFileName().toString())
                        .collect(Collectors.joining(" -> ")) + " -> " + identity.getFileName();
                diag.at(e, field, "include cycle: " + cycle);
                continue;
            }
            if (run.loaded.contains(identity)) continue; // included twice (a diamond): its apps are already in
            loadFile(run, target, ns, tier, stack);
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    // ---- from drafts to specs -----------------------------------------------------------------------------

    private LoadResult finish(Run run, LoadOptions opts) {
        List<Problem> problems = run.problems;
        if (opts.namespace() != null && Names.namespaceProblem(opts.namespace()) != null) {
            problems.add(new Problem(run.topFile, 0, 0, "--namespace", Names.namespaceProblem(opts.namespace())));
        }
        // names and namespaces first: --only, duplicates and the namespace guard all depend on them
        List<AppDraft> named = new ArrayList<>();
        List<String> namespaces = new ArrayList<>();
        Map<String, AppDraft> byId = new HashMap<>();
        for (AppDraft d : run.drafts) {
            if (d.script == null) {
                if (!d.nodes.containsKey("script")) d.problem("script", "script is required");
                continue; // a bad script value was reported when read
            }
            String name = d.effectiveName();
            String nameProblem = Names.appNameProblem(name);
            if (nameProblem != null) {
                boolean fromFlag = d.source == null && d.name != null; // a script on the command line: named by --name
                d.problem(fromFlag ? "--name" : d.name != null ? "name" : "script", nameProblem);
                continue;
            }
            String declared = d.declaredNamespace();
            if (d.namespace != null && Names.namespaceProblem(d.namespace) != null) {
                d.problem("namespace", Names.namespaceProblem(d.namespace));
                continue;
            }
            if (declared != null && opts.namespace() != null && !declared.equals(opts.namespace())) {
                d.problem("namespace", "app '" + name + "' belongs to namespace '" + declared + "'"
                        + (d.namespace == null ? " (set by the file)" : "") + ", not to --namespace "
                        + opts.namespace() + "; refusing to load another namespace's apps");
                continue;
            }
            String ns = declared != null ? declared : opts.namespace() != null ? opts.namespace()
                    : AppSpec.DEFAULT_NAMESPACE;
            AppDraft first = byId.putIfAbsent(ns + "/" + name, d);
            if (first != null) {
                d.problem(d.name != null ? "name" : "script", "duplicate app '" + name + "' in namespace '" + ns
                        + "': also declared at " + place(first));
                continue;
            }
            named.add(d);
            namespaces.add(ns);
        }

        Set<String> only = splitOnly(opts.only());
        if (!only.isEmpty()) {
            Set<String> existing = new LinkedHashSet<>();
            for (AppDraft d : run.drafts) if (d.effectiveName() != null) existing.add(d.effectiveName());
            for (String want : only) {
                if (!existing.contains(want)) {
                    problems.add(new Problem(run.topFile, 0, 0, "--only", "no app named '" + want + "'; apps: "
                            + (existing.isEmpty() ? "(none)" : String.join(", ", existing))));
                }
            }
        }

        List<AppSpec> apps = new ArrayList<>();
        for (int i = 0; i < named.size(); i++) {
            AppDraft d = named.get(i);
            if (!only.isEmpty() && !only.contains(d.effectiveName())) continue;
            AppSpec spec = resolver.resolve(d, namespaces.get(i), opts);
            if (spec == null) continue;
            // the daemon's own rules (ranges, lengths), placed at the line they were written on
            List<SpecRules.Violation> violations = SpecRules.of(spec);
            for (SpecRules.Violation v : violations) d.problemNested(v.key(), v.message());
            if (violations.isEmpty()) apps.add(spec);
        }
        long processes = apps.stream().mapToLong(AppSpec::instances).sum();
        if (processes > Limits.MAX_PROCESSES_PER_REQUEST) {
            problems.add(new Problem(run.topFile, 0, 0, "instances", "these apps would start " + processes
                    + " processes, at most " + Limits.MAX_PROCESSES_PER_REQUEST + " in one start"));
        }

        if (opts.nameOverride() != null) {
            String bad = Names.appNameProblem(opts.nameOverride());
            if (bad != null) problems.add(new Problem(run.topFile, 0, 0, "--name", bad));
            else if (apps.size() > 1) {
                problems.add(new Problem(run.topFile, 0, 0, "--name", "--name renames one app, but "
                        + apps.size() + " apps were selected; use --only to pick one"));
            } else if (apps.size() == 1) {
                apps.set(0, apps.get(0).withName(opts.nameOverride()));
            }
        }
        String cycle = DependencyCycles.find(apps);
        if (cycle != null) {
            AppSpec first = apps.stream().filter(a -> cycle.startsWith(a.namespace() + "/" + a.name() + " ")).findFirst()
                    .orElse(apps.get(0));
            problems.add(new Problem(first.source() == null ? run.topFile : first.source(), 0, 0, "depends_on",
                    "dependency cycle: " + cycle));
        }
        return new LoadResult(problems.isEmpty() ? apps : List.of(), inReadingOrder(problems));
    }

    /** Files in the order they were met, each top to bottom: the order an operator fixes them in. */
    private static List<Problem> inReadingOrder(List<Problem> problems) {
        Map<String, Integer> fileOrder = new HashMap<>();
        for (Problem p : problems) fileOrder.putIfAbsent(p.file(), fileOrder.size());
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((Problem p) -> fileOrder.get(p.file()))
                .thenComparingInt(Problem::line).thenComparingInt(Problem::column));
        return sorted;
    }

    /** --only accepts "a,b" and "a b" as PM2 does, even when the caller did not split it. */
    private static Set<String> splitOnly(Set<String> only) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : only) {
            if (s == null) continue;
            Arrays.stream(s.split("[,\\s]+")).filter(x -> !x.isEmpty()).forEach(out::add);
        }
        return out;
    }

    private static String place(AppDraft d) {
        String at = d.diag.file;
        if (d.where != null && d.where.line() > 0) at += ":" + d.where.line() + ":" + d.where.column();
        return at + (d.path.isEmpty() ? "" : " (" + d.path + ")");
    }
}
