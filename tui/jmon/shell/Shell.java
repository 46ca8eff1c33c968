package jmon.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jmon.cli.Cli;
import jmon.cli.Command;
import jmon.cli.Completion;
import jmon.cli.Context;
import jmon.engine.Home;
import jmon.rpc.RpcClient;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code jmon shell}: the CLI's verbs in a REPL. Each line is split shell-like (quotes, backslashes) and run
 * by the same {@link Cli} as the command line, with the shell's namespace passed as {@code JMON_NAMESPACE}
 * (an explicit {@code -n} on the line still wins). Built-ins: {@code use <ns>|*}, {@code help}, {@code exit}.
 * History in {@code $JMON_HOME/shell_history}; Tab completes verbs, flags, names (in scope) and namespaces.
 */
public final class Shell {
    private static final List<String> BUILTINS = List.of("use", "exit", "quit", "help");

    private final Map<String, String> env;
    private final Path cwd;
    private final List<Command> commands;
    private String namespace;

    public Shell(Map<String, String> env, Path cwd, String namespace) {
        this.env = env;
        this.cwd = cwd;
        this.namespace = namespace;
        this.commands = new Cli(env, System.out, System.err, cwd, false).commands();
    }

    public String namespace() { return namespace; }

    /** A terminal on the process's own stdin/stdout: the system one on a TTY, else a silent dumb one. */
    public static Terminal systemTerminal(boolean tty) throws IOException {
        if (tty) return TerminalBuilder.builder().system(true).name("jmon").build();
        // no TTY (a pipe, CI): jline falls back to a dumb terminal; dumb(true) keeps it from warning about it
        return TerminalBuilder.builder().system(true).dumb(true).name("jmon").build();
    }

    /** A dumb terminal over given streams (scripts, tests). */
    public static Terminal streamTerminal(java.io.InputStream in, java.io.OutputStream out) throws IOException {
        return new org.jline.terminal.impl.DumbTerminal("jmon", Terminal.TYPE_DUMB, in, out, StandardCharsets.UTF_8);
    }

    /** Reads and runs lines until exit or end of input; returns the exit code of the last command. */
    public int run(Terminal terminal, PrintStream err) {
        PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
        boolean dumb = Terminal.TYPE_DUMB.equals(terminal.getType()) || "dumb".equals(terminal.getType());
        DefaultParser parser = new DefaultParser();
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("jmon")
                .parser(parser)
                .completer(completer())
                .variable(LineReader.HISTORY_FILE, Home.fromEnv(env).dir().resolve("shell_history"))
                .variable(LineReader.HISTORY_SIZE, 1000)
                .build();
        int last = 0;
        while (true) {
            String line;
            try {
                line = reader.readLine(dumb ? "" : prompt());
            } catch (UserInterruptException e) {
                continue; // Ctrl-C clears the line
            } catch (EndOfFileException e) {
                break;
            }
            List<String> words = words(parser, line);
            if (words.isEmpty() || words.get(0).startsWith("#")) continue;
            if (words.get(0).equals("jmon")) words = words.subList(1, words.size());
            if (words.isEmpty()) continue;
            String verb = words.get(0);
            if (verb.equals("exit") || verb.equals("quit")) break;
            if (verb.equals("use")) {
                last = use(words, out, err);
                continue;
            }
            if (verb.equals("shell")) {
                err.println("jmon shell: already in the shell");
                last = 2;
                continue;
            }
            if (verb.equals("help") && words.size() == 1) {
                out.print(help());
                last = 0;
                continue;
            }
            last = new Cli(scopedEnv(), out, err, cwd, !dumb).run(words.toArray(String[]::new));
            out.flush();
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            err.println("jmon shell: could not save history: " + e.getMessage());
        }
        return last;
    }

    private String help() {
        return """
                jmon shell: any jmon command without 'jmon', e.g. 'list', 'restart api', 'logs api --lines 20'.
                  use <namespace>   scope every command to a namespace (use * for all)
                  help <command>    the command's options
                  exit, Ctrl-D      leave
                Tab completes commands, options, process names (in the current namespace) and namespaces.
                """;
    }

    private int use(List<String> words, PrintStream out, PrintStream err) {
        if (words.size() == 1) {
            out.println(namespace == null ? "*" : namespace);
            return 0;
        }
        if (words.size() > 2) {
            err.println("jmon shell: use <namespace> or use *");
            return 2;
        }
        String ns = words.get(1);
        namespace = ns.equals("*") ? null : ns;
        return 0;
    }

    static List<String> words(DefaultParser parser, String line) {
        try {
            ParsedLine pl = parser.parse(line, line.length(), org.jline.reader.Parser.ParseContext.ACCEPT_LINE);
            List<String> w = new ArrayList<>(pl.words());
            if (!w.isEmpty() && w.get(w.size() - 1).isEmpty() && (line.isEmpty()
                    || Character.isWhitespace(line.charAt(line.length() - 1)))) {
                w.remove(w.size() - 1);
            }
            return w;
        } catch (org.jline.reader.EOFError e) {
            return List.of(line.trim().split("\\s+"));
        }
    }

    /** The environment a line runs with: the shell's namespace as JMON_NAMESPACE. */
    Map<String, String> scopedEnv() {
        Map<String, String> e = new HashMap<>(env);
        if (namespace == null) e.remove("JMON_NAMESPACE");
        else e.put("JMON_NAMESPACE", namespace);
        return e;
    }

    /** {@code jmon[prod]> }, {@code jmon[*] (daemon down)> }, {@code jmon@web1[prod]> } with a host. */
    public String prompt() {
        String host = env.get("JMON_HOST");
        String ns = namespace == null ? "*" : namespace;
        if (host != null && !host.isBlank()) return "jmon@" + host + "[" + ns + "]> ";
        boolean up = RpcClient.reachable(Home.fromEnv(env).socket());
        return "jmon[" + ns + "]" + (up ? "" : " (daemon down)") + "> ";
    }

    /** Tab completion over the command table and the live daemon. */
    public Completer completer() {
        return (reader, line, candidates) -> {
            List<String> before = new ArrayList<>(line.words().subList(0, line.wordIndex()));
            if (!before.isEmpty() && before.get(0).equals("jmon")) before.remove(0);
            List<String> values;
            try (Context ctx = new Context(scopedEnv(), System.out, System.err, cwd, false)) {
                Completion.Source src = Completion.of(ctx);
                if (before.isEmpty()) {
                    values = new ArrayList<>(Completion.verbs(commands));
                    values.addAll(BUILTINS);
                } else if (before.get(0).equals("use") && before.size() == 1) {
                    values = new ArrayList<>(Completion.namespaces(src));
                    values.add("*");
                } else if (before.get(0).equals("help") && before.size() == 1) {
                    values = Completion.verbs(commands);
                } else {
                    values = Completion.candidates(commands, before, line.word(), namespace, src);
                }
            }
            for (String v : values) candidates.add(new Candidate(v, v, null, null, null, null, true));
        };
    }
}
