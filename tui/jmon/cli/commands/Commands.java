package jmon.cli.commands;

import java.util.List;
import jmon.api.Verb;
import jmon.cli.Command;

/** The command tree, in the order help shows it. */
public final class Commands {
    private Commands() {}

    public static List<Command> all() {
        return List.of(
                new StartCommand("start", false),
                new StartCommand("startOrRestart", true),
                new StartCommand("startOrReload", true),
                new ActionCommand(Verb.STOP, "stop processes (stop signal, kill_timeout, then SIGKILL)"),
                new ActionCommand(Verb.RESTART, "restart processes"),
                new ActionCommand(Verb.RELOAD, "restart processes one at a time, each back before the next"),
                new ActionCommand(Verb.DELETE, "stop and forget processes", "del"),
                TargetCommand.sendSignal(),
                TargetCommand.reset(),
                new ScaleCommand(),
                new ListCommand(false),
                new ListCommand(true),
                new DescribeCommand(),
                new GraphCommand(),
                new LogsCommand(),
                new FlushCommand(),
                new ReloadLogsCommand(),
                new NotifyCommand(),
                new HooksCommand(),
                new FreezeCommand(true),
                new FreezeCommand(false),
                new InventoryCommand(),
                new HistoryCommand(),
                new IncidentCommand(),
                new RestoreCommand(),
                new SaveCommand(),
                new ResurrectCommand(),
                new ValidateCommand(),
                new PingCommand(),
                new KillCommand(),
                new UpdateCommand(),
                new DaemonCommand(),
                new RuntimeCommand(),
                new ConsoleCommand(),
                new DemoCommand(),
                new ShellCommand(),
                new StartupCommand(false),
                new StartupCommand(true),
                new ImportCommand(),
                new MigrateCommand(),
                new ExportCommand(),
                new CompletionCommand(),
                new RpcCommand(),
                new CompleteCommand(),
                new CdsTrainingCommand());
    }
}
