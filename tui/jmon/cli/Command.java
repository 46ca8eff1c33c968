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

    /**
     * What the verb can do at most, whatever its arguments; no default, so a new verb must say it. Internal verbs
     * are hidden from help and completion.
     */
    Access access();

    /**
     * What this invocation does, for verbs whose sub-words differ ({@code inventory} reads, {@code inventory add}
     * writes). Never more permissive than the words say; the default is {@link #access()}.
     */
    default Access access(java.util.List<String> words) { return access(); }

    /** Hidden commands (plumbing such as {@code __complete}) are left out of the overview. */
    default boolean hidden() { return access() == Access.INTERNAL; }

    int run(Context ctx, Parsed args) throws Exception;
}
