package jmon.tui.theme;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded theme: style roles ("status.errored", "table.selected", ...) → colours and SGR. A missing role falls
 * back by prefix ({@code status.errored} → {@code status} → {@code base}) and so does a missing fg or bg.
 * Colours stay strings in lanterna's grammar here; {@link LanternaThemeAdapter} turns them into lanterna's types.
 */
public final class Theme {
    /** One role's look: colours (null = inherit) and SGR names. */
    public record Style(String fg, String bg, List<String> sgr) {
        public Style {
            sgr = sgr == null ? List.of() : List.copyOf(sgr);
        }
    }

    /** The roles views use; the default theme must define base and every status.*, a test checks it. */
    public static final List<String> ROLES = List.of("base", "muted", "title", "border", "border.focused", "header",
            "header.value", "alarm", "tab", "tab.active", "tab.alarm", "table.header", "table.group", "table.selected",
            "table.logmark", "table.stale", "table.crashloop", "activity", "banner",
            "log.prefix", "log.stderr", "log.jmon", "log.match", "footer.key", "footer.label", "flash.info",
            "flash.error", "shell.prompt", "dialog", "dialog.title", "spark.cpu", "spark.mem", "wizard.ok", "wizard.fail", "wizard.active");

    private final String name;
    private final Map<String, Style> styles;

    public Theme(String name, Map<String, Style> styles) {
        this.name = name;
        this.styles = Collections.unmodifiableMap(new LinkedHashMap<>(styles));
    }

    public String name() { return name; }
    public Set<String> roles() { return styles.keySet(); }
    public boolean defines(String role) { return styles.containsKey(role); }

    /** The role's own entry as written (no fallback), or null. */
    public Style raw(String role) { return styles.get(role); }

    /** The role key of a status: "status." + its wire name with spaces as '-'. */
    public static String statusRole(jmon.api.ProcessStatus s) { return "status." + s.wire().replace(' ', '-'); }

    /** The resolved style of {@code role}: every field filled by prefix fallback (colours may end as "default"). */
    public Style style(String role) {
        String fg = null, bg = null;
        List<String> sgr = null;
        String r = role;
        while (true) {
            Style s = styles.get(r);
            if (s != null) {
                if (fg == null) fg = s.fg();
                if (bg == null) bg = s.bg();
                if (sgr == null && !s.sgr().isEmpty()) sgr = s.sgr();
            }
            if (r.equals("base")) break;
            int dot = r.lastIndexOf('.');
            r = dot < 0 ? "base" : r.substring(0, dot);
        }
        return new Style(fg == null ? "default" : fg, bg == null ? "default" : bg, sgr == null ? List.of() : sgr);
    }
}
