package jmon.cli;

import java.util.List;
import jmon.cli.render.Fmt;

/** Help text generated from the command table. */
public final class Help {
    private Help() {}

    public static String usageLine(Command c) {
        return "jmon " + c.name() + (c.arguments().isEmpty() ? "" : " " + c.arguments())
                + (c.options().isEmpty() ? "" : " [options]");
    }

    public static String command(Command c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.summary()).append("\n\nusage: ").append(usageLine(c)).append('\n');
        if (!c.aliases().isEmpty()) sb.append("aliases: ").append(String.join(", ", c.aliases())).append('\n');
        if (!c.options().isEmpty()) {
            sb.append("\noptions:\n");
            for (Opt o : c.options()) line(sb, o.usage(), 28, o.help());
        }
        line(sb, Opt.HELP.usage(), 28, Opt.HELP.help());
        return sb.toString();
    }

    /** {@code String.format("  %-<width>s %s%n", key, text)}. */
    private static void line(StringBuilder sb, String key, int width, String text) {
        sb.append("  ").append(Fmt.padRight(key, width)).append(' ').append(text).append(System.lineSeparator());
    }

    public static String overview(List<Command> commands) {
        StringBuilder sb = new StringBuilder();
        sb.append("jmon: a process manager for Linux servers (PM2's language, namespaces that are real scopes)\n\n");
        sb.append("usage: jmon <command> [arguments] [options]\n\ncommands:\n");
        for (Command c : commands) {
            if (c.hidden()) continue;
            // PM2's names for the same verb (monit, updatePM2, del) are found here too
            line(sb, c.name(), 16, c.aliases().isEmpty() ? c.summary()
                    : c.summary() + " (also: " + String.join(", ", c.aliases()) + ")");
        }
        sb.append("\nEvery command takes --namespace NS (or JMON_NAMESPACE). 'jmon <command> --help' for details.\n");
        sb.append("State lives in $JMON_HOME (default ~/.jmon), which must be yours and private (--allow-foreign-home\n"
                + "before the command accepts another user's, audited).\n");
        sb.append("jmon --host user@server <command> (or JMON_HOST) drives the daemon of another host over ssh.\n");
        return sb.toString();
    }
}
