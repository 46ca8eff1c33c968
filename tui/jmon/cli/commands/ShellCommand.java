package jmon.cli.commands;

import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.shell.Shell;
import org.jline.terminal.Terminal;

/** shell: the CLI's verbs in a REPL (jline), scoped by {@code use <namespace>}. */
final class ShellCommand implements Command {
    @Override public String name() { return "shell"; }
    /** Runs any verb. */
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "an interactive shell: jmon's commands with history, Tab completion and 'use <namespace>'"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(Opt.NAMESPACE); }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>(ctx.env());
        if (ctx.host() != null) env.put("JMON_HOST", ctx.host());
        Shell shell = new Shell(env, ctx.cwd(), ctx.namespace(p));
        try (Terminal t = Shell.systemTerminal(System.console() != null)) {
            return shell.run(t, ctx.err());
        }
    }
}
