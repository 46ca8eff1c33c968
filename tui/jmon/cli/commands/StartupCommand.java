package jmon.cli.commands;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/**
 * startup systemd [--user] [--print] / unstartup: a systemd unit that runs {@code jmon daemon} in the
 * foreground and resurrects every namespace's dump once the socket answers.
 *
 * <p>Stopping: systemd sends SIGTERM to the daemon only ({@code KillMode=process}); the daemon then stops every
 * app itself (stop signal, kill_timeout, SIGKILL of the group) and exits, which {@code TimeoutStopSec} must
 * leave time for. {@code KillMode=process} also means a crashed daemon leaves its apps running, and the
 * daemon systemd restarts re-adopts them, as after a {@code kill -9}.
 *
 * <p>Restarting: {@code Restart=on-failure}, not {@code always}: a daemon that fails fast (exit 70 or 71), is
 * killed, or cannot start is restarted every 2 s without limit ({@code StartLimitIntervalSec=0}); a daemon
 * ended by {@code jmon kill} (apps stopped, exit 0) stays down, as asked.
 *
 * <p>Unit folder: {@code /etc/systemd/system} ({@code jmon-<user>.service}) or, with {@code --user},
 * {@code ~/.config/systemd/user} ({@code jmon.service}); {@code JMON_SYSTEMD_DIR} replaces either.
 */
final class StartupCommand implements Command {
    private final boolean remove;

    StartupCommand(boolean remove) { this.remove = remove; }

    @Override public String name() { return remove ? "unstartup" : "startup"; }

    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }

    @Override
    public String summary() {
        return remove ? "remove the systemd unit written by 'jmon startup'"
                : "write a systemd unit that runs the daemon at boot and resurrects every namespace";
    }

    @Override public String arguments() { return "[systemd]"; }

    @Override
    public List<Opt> options() {
        List<Opt> o = new ArrayList<>(List.of(
                Opt.flag("a user unit (~/.config/systemd/user) instead of a system one", "--user")));
        if (!remove) {
            o.add(Opt.flag("print the unit, write nothing", "--print"));
            o.add(Opt.value("SEC", "TimeoutStopSec: time the daemon gets to stop every app (default 120)",
                    "--stop-timeout"));
        }
        return o;
    }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        if (p.positional().size() > 1 || (!p.positional().isEmpty() && !p.positional().get(0).equals("systemd"))) {
            throw new UsageException("only systemd is supported");
        }
        boolean user = p.has("user");
        Path file = unitFile(ctx, user);
        if (remove) {
            if (!Files.deleteIfExists(file)) {
                ctx.out().println("[jmon] no unit at " + file + ": nothing to remove");
                return 0;
            }
            ctx.out().println("[jmon] removed " + file);
            ctx.out().println("[jmon] now run: " + systemctl(user) + " disable " + unitName(ctx, user)
                    + " && " + systemctl(user) + " daemon-reload");
            return 0;
        }
        int stopTimeout = 120;
        if (p.has("stop-timeout")) {
            try {
                stopTimeout = Integer.parseInt(p.get("stop-timeout"));
                if (stopTimeout < 1) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new UsageException("--stop-timeout needs a whole number of seconds, got '" + p.get("stop-timeout") + "'");
            }
        }
        String unit = unit(ctx, user, stopTimeout);
        if (p.has("print")) {
            ctx.out().print(unit);
            return 0;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, unit);
        ctx.out().println("[jmon] wrote " + file);
        ctx.out().println("[jmon] now run: " + systemctl(user) + " daemon-reload && " + systemctl(user)
                + " enable --now " + unitName(ctx, user));
        if (user) {
            ctx.out().println("[jmon] to start it at boot without a login: loginctl enable-linger " + userName(ctx));
        }
        return 0;
    }

    private static String systemctl(boolean user) { return user ? "systemctl --user" : "sudo systemctl"; }

    static String userName(Context ctx) {
        String u = ctx.env().get("USER");
        return u == null || u.isBlank() ? System.getProperty("user.name") : u;
    }

    static String unitName(Context ctx, boolean user) {
        return user ? "jmon.service" : "jmon-" + userName(ctx) + ".service";
    }

    static Path unitFile(Context ctx, boolean user) {
        String dir = ctx.env().get("JMON_SYSTEMD_DIR");
        Path d;
        if (dir != null && !dir.isBlank()) d = Path.of(dir);
        else if (user) d = Path.of(ctx.env().getOrDefault("HOME", System.getProperty("user.home")), ".config/systemd/user");
        else d = Path.of("/etc/systemd/system");
        return d.resolve(unitName(ctx, user));
    }

    /** The absolute launcher ({@code ./jmon} sets -Djmon.launcher), else java -cp ... jmon.cli.Main. */
    static String jmonCommand(Context ctx) {
        String l = ctx.env().get("JMON_LAUNCHER");
        if (l == null || l.isBlank()) l = System.getProperty("jmon.launcher");
        if (l != null && !l.isBlank()) return quote(Path.of(l).toAbsolutePath().toString());
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) cp.add(Path.of(e).toAbsolutePath().toString());
        }
        return quote(java) + " -cp " + quote(String.join(File.pathSeparator, cp)) + " jmon.cli.Main";
    }

    /** systemd command-line quoting: double quotes when needed, with \ and " escaped. */
    static String quote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:@+=,-]+")) return s;
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String unit(Context ctx, boolean user, int stopTimeout) {
        String jmon = jmonCommand(ctx);
        String home = ctx.home().dir().toString();
        String path = ctx.env().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        StringBuilder u = new StringBuilder();
        u.append("# Written by 'jmon startup systemd").append(user ? " --user" : "").append("'; 'jmon unstartup")
                .append(user ? " --user" : "").append("' removes it.\n");
        u.append("[Unit]\n");
        u.append("Description=jmon process manager (").append(userName(ctx)).append(", ").append(home).append(")\n");
        if (!user) {
            u.append("After=network-online.target\n");
            u.append("Wants=network-online.target\n");
        }
        // never give up restarting: each new daemon re-adopts the apps, which run on meanwhile
        u.append("StartLimitIntervalSec=0\n");
        u.append("\n[Service]\n");
        u.append("Type=simple\n");
        // apps with 'user', 'gid' or 'groups' need a daemon running as root (User=root); any other user runs its own
        if (!user) u.append("User=").append(userName(ctx)).append('\n');
        u.append("Environment=").append(quote("JMON_HOME=" + home)).append('\n');
        u.append("Environment=").append(quote("PATH=" + path)).append('\n');
        u.append("WorkingDirectory=").append(quote(home)).append('\n');
        u.append("ExecStart=").append(jmon).append(" daemon\n");
        // Type=simple: ExecStartPost runs at once, so wait for the socket (else resurrect would spawn a daemon)
        String wait = "i=0; while [ ! -S \"$JMON_HOME/jmon.sock\" ]; do i=$((i+1)); [ $i -gt 300 ] && exit 1; "
                + "sleep 0.1; done; exec " + jmon + " resurrect";
        // systemd expands $ and % itself: $$ and %% hand a literal one to sh
        u.append("ExecStartPost=/bin/sh -c ").append(quote(wait.replace("%", "%%").replace("$", "$$"))).append('\n');
        u.append("KillMode=process\n");
        u.append("KillSignal=SIGTERM\n");
        u.append("TimeoutStopSec=").append(stopTimeout).append('\n');
        // a fatal daemon error (exit 70 or 71, docs/reliability.md) or a kill is a failure: a new daemon re-adopts
        // the apps. 'jmon kill' stops the apps and exits 0 on purpose: always would bring the daemon back
        u.append("Restart=on-failure\n");
        u.append("RestartSec=2\n");
        u.append("LimitNOFILE=65536\n");
        // a cgroup subtree of its own: memory_max, cpu_quota and tasks_max of the apps are applied in it
        u.append("Delegate=yes\n");
        u.append("\n[Install]\n");
        u.append("WantedBy=").append(user ? "default.target" : "multi-user.target").append('\n');
        return u.toString();
    }
}
