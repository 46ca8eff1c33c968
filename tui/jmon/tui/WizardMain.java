package jmon.tui;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import jmon.cli.commands.Commands;
import jmon.engine.Home;
import jmon.rpc.RpcClient;

/** {@code jmon incident} on a terminal: the console opened straight on the incident wizard; closing it quits. */
public final class WizardMain {
    private WizardMain() {}

    public static int run(Map<String, String> env, Path home, Path cwd, String version, String scope, PrintStream err) throws Exception {
        Path socket = new Home(home).socket();
        ConsoleMain.Parts parts = ConsoleMain.build(new ConsoleMain.Options(scope, false, null, null), env,
                () -> new RpcClient(socket, version), ConsoleMain.cliRunner(env, cwd), ConsoleMain.verbs(Commands.all()), version);
        for (String p : parts.problems()) err.println("jmon incident: " + p);
        parts.controller().setWizardFactory(ConsoleMain.wizardFactory(parts, env, socket, version, scope), true);
        return ConsoleMain.terminal(parts, true);
    }
}
