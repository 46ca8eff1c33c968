package jmon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jmon.cli.commands.Commands;
import org.junit.jupiter.api.Test;

/** Option parsing and help text without regexes or Formatter: the same results as before. */
class CliParsingTest {
    @Test
    void optionKeysDropEveryLeadingDash() {
        assertEquals("lines", Opt.value("N", "x", "--lines", "-l").key());
        assertEquals("n", Opt.flag("x", "-n").key());
        assertEquals("x-y", Opt.flag("x", "---x-y").key());
        for (Command c : Commands.all()) {
            for (Opt o : c.options()) assertEquals(o.names().get(0).replaceFirst("^-+", ""), o.key());
        }
    }

    @Test
    void negativeNumbersArePositionals() {
        List<Opt> opts = List.of(Opt.value("N", "lines", "--lines", "-l"), Opt.flag("f", "-f"));
        Parsed p = Parsed.parse(List.of("-12", "-l", "-3", "-f", "-0"), opts);
        assertEquals(List.of("-12", "-0"), p.positional());
        assertEquals("-3", p.get("lines"));
        assertTrue(p.has("f"));
        for (String notANumber : List.of("-1x", "-x1", "--1", "-١")) {
            assertThrows(UsageException.class, () -> Parsed.parse(List.of(notANumber), opts), notANumber);
        }
        assertFalse(Parsed.parse(List.of("-"), opts).has("f"));
        assertEquals(List.of("-"), Parsed.parse(List.of("-"), opts).positional());
    }

    /** The help as String.format wrote it. */
    private static String commandHelpWithFormat(Command c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.summary()).append("\n\nusage: ").append(Help.usageLine(c)).append('\n');
        if (!c.aliases().isEmpty()) sb.append("aliases: ").append(String.join(", ", c.aliases())).append('\n');
        if (!c.options().isEmpty()) {
            sb.append("\noptions:\n");
            for (Opt o : c.options()) sb.append(String.format("  %-28s %s%n", o.usage(), o.help()));
        }
        sb.append(String.format("  %-28s %s%n", Opt.HELP.usage(), Opt.HELP.help()));
        return sb.toString();
    }

    @Test
    void helpReadsAsBefore() {
        List<Command> all = Commands.all();
        for (Command c : all) assertEquals(commandHelpWithFormat(c), Help.command(c), c.name());
        StringBuilder commands = new StringBuilder();
        for (Command c : all) {
            if (c.hidden()) continue;
            String also = c.aliases().isEmpty() ? "" : " (also: " + String.join(", ", c.aliases()) + ")";
            commands.append(String.format("  %-16s %s%n", c.name(), c.summary() + also));
        }
        assertTrue(Help.overview(all).contains("(also: monit)"), "PM2's monit is listed");
        assertTrue(Help.overview(all).contains("commands:\n" + commands + "\nEvery command takes"));
    }

    @Test
    void pm2sVerbsAreCompletedAndTakeTargets() {
        List<String> verbs = jmon.cli.Completion.verbs(Commands.all());
        for (String v : List.of("sendSignal", "reset", "scale", "update", "updatePM2", "monit")) {
            assertTrue(verbs.contains(v), v + " completed: " + verbs);
        }
        assertTrue(jmon.cli.Completion.takesNames(jmon.cli.Completion.find(Commands.all(), "sendSignal")));
        assertTrue(jmon.cli.Completion.flags(jmon.cli.Completion.find(Commands.all(), "start")).containsAll(
                List.of("-o", "-e", "-l", "--merge-logs", "--watch", "--wait-ready", "--listen-timeout", "--log-date-format",
                        "--no-autorestart", "-c", "--cron", "--cron-restart", "--interpreter-args", "-x", "--node-args",
                        "--shutdown-with-message", "-f")));
    }
}
