package jmon.tui;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import jmon.cli.commands.Commands;
import jmon.rpc.RpcClient;

/** {@code jmon incident} on a terminal: the console opened straight on the incident wizard; closing it quits. */
public final class WizardMain {
    private WizardMain() {}

    /** @param clients a fresh client each time: the local socket, or ssh to {@code --host} (the wizard acts there) */
    public static int run(Map<String, String> env, Path home, Path cwd, String version, String scope, PrintStream err,
                          java.util.function.Supplier<RpcClient> clients) throws Exception {
        ConsoleMain.Parts parts = ConsoleMain.build(new ConsoleMain.Options(scope, false, null, null), env,
                clients::get, ConsoleMain.cliRunner(env, cwd), ConsoleMain.verbs(Commands.all()), version);
        for (String p : parts.problems()) err.println("jmon incident: " + p);
        parts.controller().setWizardFactory(ConsoleMain.wizardFactory(parts, env, clients, home, scope), true);
        return ConsoleMain.terminal(parts, true);
    }
}
