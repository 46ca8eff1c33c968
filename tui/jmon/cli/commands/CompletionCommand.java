package jmon.cli.commands;

import java.util.ArrayList;
import java.util.List;
import jmon.cli.Command;
import jmon.cli.Completion;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;

/**
 * completion bash|zsh: prints a completion script. Verbs and flags are written into the script from the
 * command table (no JVM per Tab); process names and namespaces are asked live from {@code jmon __complete},
 * which answers nothing when no daemon runs and never starts one.
 */
final class CompletionCommand implements Command {
    @Override public String name() { return "completion"; }
    @Override public jmon.cli.Access access() { return jmon.cli.Access.READ_ONLY; }
    @Override public String summary() { return "print a bash or zsh completion script (source <(jmon completion bash))"; }
    @Override public String arguments() { return "bash|zsh"; }
    @Override public List<Opt> options() { return List.of(); }

    @Override
    public int run(Context ctx, Parsed p) {
        if (p.positional().size() != 1) throw new UsageException("which shell? bash or zsh");
        List<Command> all = Commands.all();
        String script = switch (p.positional().get(0)) {
            case "bash" -> bash(all);
            case "zsh" -> zsh(all);
            default -> throw new UsageException("unsupported shell '" + p.positional().get(0) + "': bash or zsh");
        };
        ctx.out().print(script);
        return 0;
    }

    /** Shared shell functions: the verb list, flags per verb, value-taking options per verb, name verbs. */
    private static String tables(List<Command> all) {
        StringBuilder flags = new StringBuilder();
        StringBuilder values = new StringBuilder();
        List<String> nameVerbs = new ArrayList<>();
        for (Command c : all) {
            if (c.hidden()) continue;
            String pat = String.join("|", withAliases(c));
            flags.append("        ").append(pat).append(") echo '").append(String.join(" ", Completion.flags(c)))
                    .append("' ;;\n");
            List<String> v = new ArrayList<>();
            for (Opt o : c.options()) if (o.takesValue()) v.addAll(o.names());
            if (!v.isEmpty()) values.append("        ").append(pat).append(") echo '").append(String.join(" ", v))
                    .append("' ;;\n");
            if (Completion.takesNames(c)) nameVerbs.addAll(withAliases(c));
        }
        return "_jmon_verbs='" + String.join(" ", Completion.verbs(all)) + "'\n"
                + "_jmon_name_verbs=' " + String.join(" ", nameVerbs) + " '\n"
                + "_jmon_flags() {\n    case $1 in\n" + flags + "    esac\n}\n"
                + "_jmon_value_opts() {\n    case $1 in\n" + values + "    esac\n}\n";
    }

    private static List<String> withAliases(Command c) {
        List<String> out = new ArrayList<>();
        out.add(c.name());
        out.addAll(c.aliases());
        return out;
    }

    static String bash(List<Command> all) {
        return "# jmon completion for bash. Load it with: source <(jmon completion bash)\n"
                + "# Verbs and flags are static; names and namespaces come live from 'jmon __complete'.\n"
                + tables(all) + """
                _jmon() {
                    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
                    local i=1 verb ns='' w
                    local -a host=()
                    while [[ ${COMP_WORDS[i]} == --host ]] && (( i + 1 < COMP_CWORD )); do
                        host=(--host "${COMP_WORDS[i+1]}"); i=$((i + 2))
                    done
                    if (( COMP_CWORD <= i )); then
                        COMPREPLY=($(compgen -W "$_jmon_verbs --host" -- "$cur")); return
                    fi
                    verb=${COMP_WORDS[i]}
                    case $prev in
                        -n|--namespace)
                            COMPREPLY=($(compgen -W "$(jmon "${host[@]}" __complete namespaces 2>/dev/null)" -- "$cur"))
                            return ;;
                    esac
                    if [[ " $(_jmon_value_opts "$verb") " == *" $prev "* ]]; then
                        COMPREPLY=($(compgen -f -- "$cur")); return
                    fi
                    if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W "$(_jmon_flags "$verb")" -- "$cur")); return
                    fi
                    if [[ $_jmon_name_verbs == *" $verb "* ]]; then
                        for ((w = i; w < COMP_CWORD; w++)); do
                            case ${COMP_WORDS[w]} in
                                -n|--namespace) ns=${COMP_WORDS[w+1]} ;;
                                --namespace=*) ns=${COMP_WORDS[w]#--namespace=} ;;
                            esac
                        done
                        local extra=''
                        [[ $verb == start* ]] || extra=all
                        COMPREPLY=($(compgen -W "$(jmon "${host[@]}" __complete names "$ns" 2>/dev/null) $extra" -- "$cur"))
                    fi
                }
                complete -o default -F _jmon jmon
                """;
    }

    static String zsh(List<Command> all) {
        return "#compdef jmon\n# jmon completion for zsh. Load it with: source <(jmon completion zsh)\n"
                + "# Verbs and flags are static; names and namespaces come live from 'jmon __complete'.\n"
                + tables(all) + """
                _jmon() {
                    local i=2 verb ns='' w prev=${words[CURRENT-1]}
                    local -a host
                    host=()
                    while [[ ${words[i]} == --host ]] && (( i + 1 < CURRENT )); do
                        host=(--host ${words[i+1]}); (( i += 2 ))
                    done
                    if (( CURRENT <= i )); then
                        compadd -- ${=_jmon_verbs} --host; return
                    fi
                    verb=${words[i]}
                    case $prev in
                        -n|--namespace)
                            compadd -- ${(f)"$(jmon $host __complete namespaces 2>/dev/null)"}; return ;;
                    esac
                    if [[ " $(_jmon_value_opts $verb) " == *" $prev "* ]]; then
                        _files; return
                    fi
                    if [[ $PREFIX == -* ]]; then
                        compadd -- ${=$(_jmon_flags $verb)}; return
                    fi
                    if [[ $_jmon_name_verbs == *" $verb "* ]]; then
                        for (( w = i; w < CURRENT; w++ )); do
                            case ${words[w]} in
                                -n|--namespace) ns=${words[w+1]} ;;
                                --namespace=*) ns=${words[w]#--namespace=} ;;
                            esac
                        done
                        compadd -- ${(f)"$(jmon $host __complete names "$ns" 2>/dev/null)"}
                        [[ $verb == start* ]] || compadd -- all
                    fi
                    _files
                }
                if (( $+functions[compdef] )); then compdef _jmon jmon; fi
                """;
    }
}
