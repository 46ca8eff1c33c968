package jmon.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jmon.api.JmonException;
import jmon.api.Version;
import jmon.cli.commands.Commands;

/**
 * The command line: finds the verb, parses its options, runs it, and maps failures to exit codes
 * (0 ok, 1 operation failed, 2 bad usage or input, 3 daemon unreachable).
 */
public final class Cli {
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Path cwd;
    private final boolean tty;
    private final Map<String, Command> byName = new LinkedHashMap<>();
    private final List<Command> commands;

    public Cli(Map<String, String> env, PrintStream out, PrintStream err, Path cwd, boolean tty) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.cwd = cwd;
        this.tty = tty;
        this.commands = Commands.all();
        for (Command c : commands) {
            byName.put(c.name(), c);
            for (String a : c.aliases()) byName.put(a, c);
        }
    }

    public List<Command> commands() { return commands; }

    public int run(String... argv) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        Map<String, String> env = this.env;
        // global options before the verb: --host user@server (same as JMON_HOST), --timeout SECONDS (JMON_TIMEOUT)
        boolean timeoutFlag = false;
        while (!args.isEmpty()) {
            if (args.get(0).equals(jmon.engine.HomeTrust.ALLOW_FOREIGN_FLAG)) {
                // accept a JMON_HOME owned by another user (root with sudo -E); the daemon audits it
                args.remove(0);
                env = new java.util.HashMap<>(env);
                env.put(jmon.engine.HomeTrust.ALLOW_FOREIGN_VAR, "1");
                continue;
            }
            String flag = globalFlag(args.get(0));
            if (flag == null) break;
            String v;
            if (args.get(0).equals(flag)) {
                if (args.size() < 2) {
                    err.println("jmon: " + flag + " needs a value (" + (flag.equals("--host") ? "user@server" : "SECONDS") + ")");
                    return 2;
                }
                v = args.get(1);
                args.subList(0, 2).clear();
            } else {
                v = args.get(0).substring(flag.length() + 1);
                args.remove(0);
            }
            env = new java.util.HashMap<>(env);
            env.put(flag.equals("--host") ? "JMON_HOST" : "JMON_TIMEOUT", v);
            timeoutFlag |= flag.equals("--timeout");
        }
        String badTimeout = Timeouts.problem(env.get("JMON_TIMEOUT"));
        if (badTimeout != null) {
            err.println("jmon: " + (timeoutFlag ? "--timeout" : "JMON_TIMEOUT")
                    + ": " + badTimeout);
            return 2;
        }
        if (args.isEmpty() || opensConsole(args)) args.add(0, "console"); // jmon, jmon -n prod: the console
        if (args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            if (args.size() > 1 && byName.containsKey(args.get(1))) {
                out.print(Help.command(byName.get(args.get(1))));
            } else {
                out.print(Help.overview(commands));
            }
            return 0;
        }
        if (args.get(0).equals("--version") || args.get(0).equals("-v") || args.get(0).equals("version")) {
            out.println(Version.get());
            return 0;
        }
        Command c = byName.get(args.get(0));
        if (c == null) {
            err.println("jmon: unknown command '" + args.get(0) + "'" + nearest(args.get(0))
                    + "; 'jmon --help' lists the commands");
            return 2;
        }
        try (Context ctx = new Context(env, out, err, cwd, tty)) {
            ctx.commandLine(Arrays.asList(argv));
            List<Opt> opts = new ArrayList<>(c.options());
            opts.add(Opt.HELP);
            Parsed p = Parsed.parse(args.subList(1, args.size()), opts);
            if (p.has("help")) {
                out.print(Help.command(c));
                return 0;
            }
            InputChecks.check(c, p, env, cwd); // before any request: a bad -n or name changes nothing
            return c.run(ctx, p);
        } catch (UsageException e) {
            err.println("jmon " + c.name() + ": " + e.getMessage());
            err.println("usage: " + Help.usageLine(c) + "  (jmon " + c.name() + " --help)");
            return 2;
        } catch (JmonException e) {
            err.println("jmon " + c.name() + ": " + e.getMessage());
            return e.code().exitCode();
        } catch (Exception e) {
            err.println("jmon " + c.name() + ": " + e);
            return 1;
        }
    }

    /** The global flag {@code arg} is ({@code --host} or {@code --timeout}, also as {@code --flag=value}), or null. */
    private static String globalFlag(String arg) {
        for (String f : List.of("--host", "--timeout")) if (arg.equals(f) || arg.startsWith(f + "=")) return f;
        return null;
    }

    /** True when argv is only console options ({@code -n NS}, {@code --read-only}, {@code --keymap K}, {@code --theme T}). */
    static boolean opensConsole(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            Opt o = null;
            for (Opt c : jmon.cli.commands.ConsoleCommand.OPTIONS) if (c.names().contains(name)) o = c;
            if (o == null) return false;
            if (o.takesValue() && !a.contains("=")) i++;
        }
        return true;
    }

    private String nearest(String word) {
        String best = null;
        int bestD = 3;
        for (String n : byName.keySet()) {
            int d = jmon.spec.Suggest.levenshtein(word.toLowerCase(), n.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = n;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }
}
