package jmon.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jmon.api.ErrorCode;
import jmon.api.JmonException;
import jmon.api.ProcessInfo;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.cli.render.Describe;
import jmon.cli.render.Fmt;

/** describe: everything about one process (or each instance of an app). */
final class DescribeCommand implements Command {
    @Override public String name() { return "describe"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.READ_ONLY; }
    @Override public List<String> aliases() { return List.of("show", "desc", "info"); }
    @Override public String summary() { return "everything about a process: status, exits, paths, spec"; }
    @Override public String arguments() { return "<name|id>"; }
    @Override public List<Opt> options() { return List.of(Opt.NAMESPACE); }

    @Override
    public int run(Context ctx, Parsed p) {
        if (p.positional().size() != 1) throw new UsageException("describe takes one name or id");
        String t = p.positional().get(0);
        String ns = ctx.namespace(p);
        List<ProcessInfo> all = ctx.api().list(ns);
        // plain loops, no streams: a stream's own lambdas are the JDK's and are spun anew on every run
        List<ProcessInfo> hit = new ArrayList<>();
        for (ProcessInfo x : all) if (x.name().equals(t) || Integer.toString(x.pmId()).equals(t)) hit.add(x);
        if (hit.isEmpty()) {
            throw new JmonException(ErrorCode.NOT_FOUND, "no process '" + t + "'" + (ns == null ? "" : " in namespace " + ns)
                    + "; processes: " + qualifiedNames(all));
        }
        for (ProcessInfo x : hit) {
            if (!Objects.equals(x.namespace(), hit.get(0).namespace())) {
                throw new JmonException(ErrorCode.AMBIGUOUS, "'" + t + "' exists in several namespaces: "
                        + qualifiedNames(hit) + "; choose one with --namespace");
            }
        }
        long now = System.currentTimeMillis();
        jmon.cli.render.DependencyGraph graph = new jmon.cli.render.DependencyGraph(ns == null ? all : ctx.api().list(null));
        for (int i = 0; i < hit.size(); i++) {
            if (i > 0) ctx.out().println();
            ctx.out().print(Describe.render(withMembers(ctx, hit.get(i)), ctx.color(), now));
            ctx.out().print(graph.describe(hit.get(i).namespace() + "/" + hit.get(i).name()));
            ctx.out().print(logSizes(hit.get(i)));
            ctx.out().print(Describe.metrics(ctx.api().metrics(hit.get(i).pmId())));
        }
        return 0;
    }

    /**
     * The process with its members (a /proc read in the daemon, which list spares); as listed when it went away
     * meanwhile, or when the daemon is older than the describe operation (an unknown operation to it).
     */
    private static ProcessInfo withMembers(Context ctx, ProcessInfo x) {
        try {
            return ctx.api().describe(x.pmId());
        } catch (JmonException e) {
            if (e.code() != ErrorCode.NOT_FOUND && e.code() != ErrorCode.BAD_REQUEST) throw e;
            return x;
        }
    }

    private static String qualifiedNames(List<ProcessInfo> ps) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ps.size(); i++) sb.append(i == 0 ? "" : ", ").append(ps.get(i).qualifiedName());
        return sb.toString();
    }

    /** Sizes of the log files on this machine (current file plus rotated archives). */
    static String logSizes(ProcessInfo p) {
        StringBuilder sb = new StringBuilder();
        for (String path : new String[] {p.outLogPath(), p.errLogPath()}) {
            if (path == null || path.equals("/dev/null")) continue;
            java.nio.file.Path f = java.nio.file.Path.of(path);
            long cur = size(f);
            long archived = 0;
            int n = 0;
            String prefix = f.getFileName() + ".";
            try (var s = java.nio.file.Files.newDirectoryStream(f.getParent())) {
                List<java.nio.file.Path> rotated = new ArrayList<>();
                for (var a : s) if (a.getFileName().toString().startsWith(prefix)) rotated.add(a);
                for (var a : rotated) {
                    archived += size(a);
                    n++;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // the folder is not readable from here (remote host): sizes unknown
            }
            // String.format("  %-18s %s%s%n", ...) without a Formatter
            sb.append("  ").append(Fmt.padRight(f.getFileName() + " size", 18)).append(' ')
                    .append(jmon.cli.render.Human.bytes(cur))
                    .append(n == 0 ? "" : " (+" + n + " rotated, " + jmon.cli.render.Human.bytes(archived) + ")")
                    .append(System.lineSeparator());
        }
        return sb.length() == 0 ? "" : "\nlog files\n" + sb;
    }

    private static long size(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
