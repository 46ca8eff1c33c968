package jmon.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.incident.Assessment;
import jmon.incident.IncidentRun;

/** incident status|list|show ID; with no sub-verb on a terminal, the console's restore wizard. */
final class IncidentCommand implements Command {
    @Override public String name() { return "incident"; }
    /** The wizard restores; status, list and show only read. */
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }

    @Override public jmon.cli.Access access(java.util.List<String> words) {
        return !words.isEmpty() && java.util.List.of("status", "list", "show").contains(words.get(0))
                ? jmon.cli.Access.READ_ONLY : access();
    }
    @Override public String summary() { return "incident: assess (status), past incidents (list, show ID), or the restore wizard"; }
    @Override public String arguments() { return "[status|list|show ID]"; }
    @Override public List<Opt> options() { return List.of(Opt.NAMESPACE, RestoreCommand.JSON_OPT); }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        List<String> a = p.positional();
        Path dir = IncidentRun.incidents(ctx.home().dir());
        if (a.isEmpty()) {
            if (!ctx.tty()) {
                ctx.err().println("jmon incident: the wizard needs a terminal; use 'jmon incident status' or 'jmon restore'");
                return 2;
            }
            return jmon.tui.WizardMain.run(ctx.env(), ctx.home().dir(), ctx.cwd(), ctx.version(), ctx.namespace(p), ctx.err(), ctx::newClient);
        }
        switch (a.get(0)) {
            case "status" -> {
                Assessment as = RestoreCommand.assess(ctx, ctx.namespace(p), false);
                if (p.has("json")) {
                    var j = new ObjectMapper();
                    var o = j.createObjectNode();
                    o.put("severity", as.severity().name());
                    o.put("reason", as.verdict.reason());
                    o.put("daemonReachable", as.daemonReachable);
                    o.put("appsAliveWithoutDaemon", as.alive.size());
                    var f = o.putArray("findings");
                    for (Assessment.Finding x : as.findings)
                        f.addObject().put("namespace", x.app().namespace()).put("name", x.app().name()).put("state", x.state()).put("detail", x.detail())
                                .put("tier", x.app().tier()).put("tierSource", x.app().tierSource());
                    var au = o.putArray("audit");
                    for (Assessment.AuditHit h : as.audit) au.addObject().put("line", h.line()).put("flagged", h.flagged());
                    ctx.out().println(j.writeValueAsString(o));
                } else {
                    IncidentText.assessment(ctx.out(), as);
                }
                return as.down().isEmpty() && !as.daemonDownAppsAlive() ? 0 : 1;
            }
            case "list" -> {
                // the daemon's incidents (through the API: --host lists that host's)
                for (jmon.api.IncidentInfo i : ctx.api().incidents()) {
                    if (i.summaryJson() == null) {
                        ctx.out().println(i.id() + "  (no summary)");
                        continue;
                    }
                    JsonNode n = new ObjectMapper().readTree(i.summaryJson());
                    ctx.out().println(n.path("id").asText() + "  " + n.path("severity").asText() + "  "
                            + (n.path("checklistPassed").asBoolean() ? "resolved" : "open") + "  " + n.path("reason").asText());
                }
                return 0;
            }
            case "show" -> {
                if (a.size() != 2) throw new UsageException("show needs an incident id (jmon incident list)");
                jmon.api.IncidentInfo found = null;
                for (jmon.api.IncidentInfo i : ctx.api().incidents()) if (i.id().equals(a.get(1))) found = i;
                if (found == null) {
                    ctx.err().println("jmon incident: no incident " + a.get(1));
                    return 2;
                }
                for (String f : List.of("report.md", "timeline.md")) {
                    if (found.files().contains(f)) ctx.out().println(ctx.api().readIncidentFile(found.id(), f));
                }
                ctx.out().println("files: " + dir.resolve(found.id()) + (ctx.host() == null ? "" : " on " + ctx.host()));
                return 0;
            }
            default -> throw new UsageException("unknown sub-command '" + a.get(0) + "' (status, list, show ID)");
        }
    }
}
