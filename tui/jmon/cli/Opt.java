package jmon.cli;

import java.util.List;

/**
 * One command-line option: its names, whether it takes a value, and its help line. Data, so the parser,
 * the help text and (later) completion all read the same table.
 */
public record Opt(List<String> names, boolean takesValue, String valueName, String help) {
    public static Opt flag(String help, String... names) { return new Opt(List.of(names), false, null, help); }

    public static Opt value(String valueName, String help, String... names) {
        return new Opt(List.of(names), true, valueName, help);
    }

    /** The first name without its leading dashes ("--lines" → "lines"). */
    public String key() {
        String n = names.get(0);
        int i = 0;
        while (i < n.length() && n.charAt(i) == '-') i++;
        return n.substring(i);
    }

    public String usage() {
        return String.join(", ", names) + (takesValue ? " " + valueName : "");
    }

    // Options shared by many commands.
    public static final Opt NAMESPACE = value("NS", "scope to one namespace (or JMON_NAMESPACE)", "--namespace", "-n");
    public static final Opt ALL_NAMESPACES = flag("allow a bulk action across namespaces", "--all-namespaces");
    public static final Opt INCLUDE_PROTECTED = flag("include protected apps in a bulk action", "--include-protected");
    public static final Opt FORCE = flag("change a frozen namespace anyway (audited)", "--force");
    public static final Opt HELP = flag("show this help", "--help", "-h");
}
