package jmon.tui;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Opens the incident wizard on this process's terminal. */
public final class WizardMain {
    private WizardMain() {}

    public static int run(Map<String, String> env, Path home, Path cwd, String version, String scope, PrintStream err) throws Exception {
        err.println("jmon incident: the wizard is not available yet");
        return 2;
    }
}
