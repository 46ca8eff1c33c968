package jmon.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.DaemonInfo;
import jmon.api.Desired;
import jmon.api.LogLine;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Help;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.render.Describe;
import jmon.cli.render.ListTable;
import jmon.cli.render.LogFormat;
import jmon.format.Jlist;
import jmon.rpc.LiteJson;
import jmon.rpc.RpcClient;

/**
 * Hidden: exercises what the common commands load (wire codec, table, jlist, describe, log lines, help, the
 * socket client) without a daemon, so the launcher's class-data archive recorded from this run covers them.
 */
final class CdsTrainingCommand implements Command {
    @Override public String name() { return "__cds-training"; }
    @Override public String summary() { return "(internal) warm-up run recorded into the start-up archive"; }
    @Override public String arguments() { return ""; }
    @Override public List<Opt> options() { return List.of(); }
    @Override public boolean hidden() { return true; }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        AppSpec spec = new AppSpec("ns", "app", "/bin/sleep", List.of("1"), null, List.of(), "/", Map.of("K", "v"), 1,
                null, null, null, 1, false, "production", true, null);
        ProcessInfo info = new ProcessInfo(0, "ns", "app", 0, ProcessStatus.ONLINE, Desired.RUN, 1, true, 0, 0,
                System.currentTimeMillis(), System.currentTimeMillis(), null, null, "started", "/o", "/e", 1.5, 1024,
                spec);
        String wire = LiteJson.write(Map.of("result", List.of(info)));
        Object back = LiteJson.parse(wire);
        for (Object o : (List<?>) ((Map<?, ?>) back).get("result")) LiteJson.read(o, ProcessInfo.class);
        LiteJson.read(LiteJson.parse(LiteJson.write(new DaemonInfo("v", 1, 1, 1, 1, "/h", "u", null, null))), DaemonInfo.class);
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream());
        long now = System.currentTimeMillis();
        sink.print(ListTable.render(List.of(info), new ListTable.Options(80, false, true, now)));
        sink.print(ListTable.render(List.of(info), new ListTable.Options(160, true, false, now)));
        sink.print(Jlist.toJson(List.of(info), false, now));
        sink.print(Describe.render(info, false, now));
        LogLine l = new LogLine(1, 0, "ns", "app", 0, "out", now, false, "text");
        for (LogFormat f : LogFormat.values()) sink.println(f.render(l, "text", true, false));
        sink.print(Help.overview(Commands.all()));
        RpcClient.reachable(Path.of("/nonexistent/jmon.sock"));
        try (RpcClient c = new RpcClient(Path.of("/nonexistent/jmon.sock"), "x")) {
            c.list(null);
        } catch (RuntimeException expected) {
            // no daemon here: the error path is loaded too
        }
        return 0;
    }
}
