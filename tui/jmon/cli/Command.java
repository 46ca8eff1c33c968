package jmon.cli;

import java.util.List;

/**
 * One CLI verb. Commands are data plus a run method, so the CLI, its help and the interactive shell share
 * one command tree.
 */
public interface Command {
    String name();

    default List<String> aliases() { return List.of(); }

    String summary();

    /** The positional part of the usage line, e.g. "<name|id|all|glob>...". */
    String arguments();

    List<Opt> options();

    /** Hidden commands (plumbing such as {@code __complete}) are left out of the overview. */
    default boolean hidden() { return false; }

    int run(Context ctx, Parsed args) throws Exception;
}
