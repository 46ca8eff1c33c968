package jmon.cli.commands;

import java.io.PrintStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jmon.api.LogLine;
import jmon.api.LogQuery;
import jmon.api.LogSink;
import jmon.api.Selector;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.cli.render.LogFormat;

/**
 * logs: history then live lines of one process, several, or a whole namespace merged with prefixes. Follows
 * by default (across restarts and rotations: it reads the daemon's line ring, not the files).
 */
final class LogsCommand implements Command {
    @Override public String name() { return "logs"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.READ_ONLY; }
    @Override public String summary() { return "show (and follow) the output of processes, merged with prefixes"; }
    @Override public String arguments() { return "[name|id|all|glob...]"; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.NAMESPACE,
                Opt.value("N", "lines of history per process first (default 15)", "--lines", "-l"),
                Opt.flag("print the history and exit", "--nostream"),
                Opt.flag("follow (the default)", "--follow", "-f"),
                Opt.flag("only the text, no prefixes (for a log shipper)", "--raw"),
                Opt.flag("one JSON object per line", "--json"),
                Opt.flag("only stderr", "--err"),
                Opt.flag("only stdout", "--out"),
                Opt.flag("prefix each line with its time", "--timestamp", "-t"),
                Opt.value("REGEX", "highlight matches", "--highlight"));
    }

    @Override
    public int run(Context ctx, Parsed p) {
        int lines = 15;
        if (p.has("lines")) {
            try {
                lines = Integer.parseInt(p.get("lines"));
                if (lines < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new UsageException("--lines needs a whole number ≥ 0, got '" + p.get("lines") + "'");
            }
        }
        Pattern highlight = null;
        if (p.has("highlight")) {
            try {
                highlight = Pattern.compile(p.get("highlight"));
            } catch (PatternSyntaxException e) {
                throw new UsageException("--highlight: " + e.getDescription() + " in '" + p.get("highlight") + "'");
            }
        }
        if (p.has("raw") && p.has("json")) throw new UsageException("--raw and --json exclude each other");
        boolean onlyErr = p.has("err") && !p.has("out");
        boolean onlyOut = p.has("out") && !p.has("err");
        LogQuery q = new LogQuery(new Selector(ctx.namespace(p), p.positional(), true, true), lines,
                !p.has("nostream"), !onlyErr, !onlyOut);
        PrintStream out = ctx.out();
        LogFormat fmt = p.has("json") ? LogFormat.JSON : p.has("raw") ? LogFormat.RAW : LogFormat.PREFIXED;
        boolean color = ctx.color() && fmt == LogFormat.PREFIXED;
        boolean stamp = p.has("timestamp");
        Pattern hl = highlight;
        ctx.api().logs(q, new LogSink() {
            @Override
            public boolean line(LogLine l) {
                String text = l.text();
                if (hl != null && color) text = highlight(text, hl);
                out.println(fmt.render(l, text, color, stamp));
                return !out.checkError();
            }

            @Override
            public boolean idle() {
                out.flush();
                return !out.checkError();
            }
        });
        return 0;
    }

    private static String highlight(String text, Pattern p) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (m.end() == m.start()) continue;
            sb.append(text, last, m.start()).append("\u001b[7m").append(m.group()).append("\u001b[27m");
            last = m.end();
        }
        return sb.append(text.substring(last)).toString();
    }
}
