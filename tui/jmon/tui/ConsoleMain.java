package jmon.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmon.cli.Cli;
import jmon.cli.Command;
import jmon.cli.Opt;
import jmon.rpc.RpcClient;
import jmon.tui.keymap.Keymap;
import jmon.tui.keymap.KeymapLoader;
import jmon.tui.model.ConsoleModel;
import jmon.tui.theme.Theme;
import jmon.tui.theme.ThemeLoader;
import jmon.tui.view.ConsoleView;
import jmon.tui.view.KeyInput;

/** Opens the console on a real terminal: loads keymap and theme, wires model, view and controller, runs the UI loop. */
public final class ConsoleMain {
    private ConsoleMain() {}

    /** What the console was asked for on the command line. */
    public record Options(String scope, boolean readOnly, String keymap, String theme) {}

    /** Everything a console needs, built the same way for the real terminal and for tests. */
    public record Parts(ConsoleModel model, ConsoleView view, ConsoleController controller, List<String> problems) {}

    public static Parts build(Options o, Map<String, String> env, ConsoleController.ApiFactory apis,
                              ConsoleController.CommandRunner cli, ConsoleController.Verbs verbs, String version) {
        List<String> problems = new ArrayList<>();
        KeymapLoader.Result km = new KeymapLoader(KeymapLoader.userDir(env)).load(o.keymap());
        problems.addAll(km.problems());
        Keymap keymap = o.readOnly() ? km.keymap().readOnly() : km.keymap();
        boolean noColor = env.containsKey("NO_COLOR");
        ThemeLoader tl = new ThemeLoader(ThemeLoader.userDir(env));
        String themeName = noColor ? "mono" : o.theme() == null ? "default" : o.theme();
        ThemeLoader.Result tr = tl.load(themeName);
        problems.addAll(tr.problems());
        if (!tr.problems().isEmpty()) themeName = "default";
        ConsoleModel m = new ConsoleModel(o.scope(), o.readOnly());
        m.setThemeName(themeName);
        ConsoleView view = new ConsoleView(m, keymap, tr.theme(), version, jmon.tui.theme.ColorDepth.of(env));
        List<String> cycle = noColor ? List.of("mono") : ThemeLoader.BUNDLED;
        ConsoleController c = new ConsoleController(m, view, apis, cli, verbs, n -> tl.load(n).theme(), cycle);
        if (!problems.isEmpty()) m.flash(problems.get(0) + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "")
                + "; using the bundled default", true);
        return new Parts(m, view, c, problems);
    }

    /** The verbs of the CLI's command tree, for the {@code :} line; what each may do is the verb's own attribute. */
    public static ConsoleController.Verbs verbs(List<Command> commands) {
        List<String> all = new ArrayList<>(), namespaced = new ArrayList<>();
        for (Command c : commands) {
            if (c.access() == jmon.cli.Access.INTERNAL) continue; // plumbing: never offered, never run from here
            List<String> names = new ArrayList<>(List.of(c.name()));
            names.addAll(c.aliases());
            all.addAll(names);
            if (c.options().contains(Opt.NAMESPACE)) namespaced.addAll(names);
        }
        return new ConsoleController.Verbs(all, namespaced, argv -> access(commands, argv));
    }

    /** What {@code argv} (verb first) may do; unknown verbs and unparsable lines count as mutating. */
    static jmon.cli.Access access(List<Command> commands, List<String> argv) {
        if (argv.isEmpty()) return jmon.cli.Access.MUTATING;
        Command c = jmon.cli.Completion.find(commands, argv.get(0));
        if (c == null) return jmon.cli.Access.MUTATING;
        try {
            List<Opt> opts = new ArrayList<>(c.options());
            opts.add(Opt.HELP);
            return c.access(jmon.cli.Parsed.parse(argv.subList(1, argv.size()), opts).positional());
        } catch (RuntimeException e) {
            return c.access(); // cannot tell which sub-verb: the strictest the verb can be
        }
    }

    /** A runner that calls the real CLI in-process and captures what it prints. */
    public static ConsoleController.CommandRunner cliRunner(Map<String, String> env, Path cwd) {
        return argv -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int code;
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                code = new Cli(env, ps, ps, cwd, false).run(argv.toArray(String[]::new));
            }
            return new ConsoleController.Outcome(code, buf.toString(StandardCharsets.UTF_8));
        };
    }

    /** Runs the console on this process's terminal until the operator quits; returns the exit code. */
    public static int run(Options o, Map<String, String> env, Path socket, Path cwd, String version, List<Command> commands,
                          PrintStream err) throws Exception {
        return run(o, env, () -> new RpcClient(socket, version), () -> new RpcClient(socket, version), socket, cwd,
                version, commands, err);
    }

    /**
     * The console over {@code apis} (a fresh client each time it reconnects: the local socket, or ssh to
     * {@code --host}); its {@code :} line runs the CLI with the same environment, so it acts on the same daemon.
     */
    public static int run(Options o, Map<String, String> env, ConsoleController.ApiFactory apis,
                          java.util.function.Supplier<RpcClient> clients, Path socket, Path cwd,
                          String version, List<Command> commands, PrintStream err) throws Exception {
        Parts parts = build(o, env, apis, cliRunner(env, cwd), verbs(commands), version);
        for (String p : parts.problems()) err.println("jmon console: " + p);
        parts.controller().setWizardFactory(wizardFactory(parts, env, clients, socket.getParent(), o.scope()), false);
        return terminal(parts, false);
    }

    /** The wizard over the real daemon: its connections carry the freeze tokens of the namespaces it froze. */
    /**
     * @param clients a fresh client each time (the local socket, or ssh to {@code --host}): the wizard acts on the
     *                daemon the console shows, its connections carrying the freeze tokens of what it froze
     */
    public static java.util.function.Supplier<WizardController> wizardFactory(Parts parts, Map<String, String> env,
                                                                             java.util.function.Supplier<RpcClient> clients,
                                                                             Path home, String scope) {
        return () -> new WizardController(home, env, scope, token -> clients.get().withFreezeToken(token),
                parts.model()::touch, 60_000);
    }

    /** Runs the UI loop on this process's terminal; {@code wizard}: open the incident wizard first. */
    static int terminal(Parts parts, boolean wizard) throws Exception {
        Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                .setForceTextTerminal(true).createTerminal();
        Screen screen = new TerminalScreen(terminal);
        screen.startScreen();
        screen.setCursorPosition(null);
        try (ConsoleController c = parts.controller()) {
            c.start();
            if (wizard) c.openWizard();
            loop(screen, parts);
        } finally {
            screen.stopScreen();
        }
        return 0;
    }

    /** The UI loop: keys first, then a redraw when something changed (at most ~25 per second), idle waits. */
    public static void loop(Screen screen, Parts parts) throws Exception {
        ConsoleModel m = parts.model();
        ConsoleController c = parts.controller();
        long drawn = -1;
        long lastDraw = 0;
        long lastClock = 0;
        boolean keyed = false;
        while (c.running()) {
            KeyStroke k;
            boolean any = false;
            while ((k = screen.pollInput()) != null) {
                if (k.getKeyType() == KeyType.EOF) return;
                c.key(KeyInput.canonical(k));
                any = true;
                keyed = true;
                if (!c.running()) return;
            }
            TerminalSize resized = screen.doResizeIfNecessary();
            c.tick();
            long now = System.currentTimeMillis();
            long v = m.version();
            boolean clock = now - lastClock >= 1000; // uptimes and flash expiry
            if (resized != null || v != drawn || clock) {
                // a key or a resize draws at once (at most 25 a second); data alone (figures, a noisy log, the
                // clock) at most twice a second: enough to read, and it keeps the console light on a struggling server
                long gap = any || keyed ? 40 : 500;
                if (resized == null && !any && now - lastDraw < gap) {
                    Thread.sleep(Math.min(40, gap - (now - lastDraw))); // keys are still read every 40 ms
                    continue;
                }
                keyed = false;
                drawn = m.version();
                parts.view().draw(screen.newTextGraphics(), screen.getTerminalSize());
                screen.refresh(resized != null ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
                lastDraw = System.currentTimeMillis();
                if (clock) lastClock = lastDraw;
            } else {
                m.awaitChange(v, 50);
            }
        }
    }
}
