package jmon.cli.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jmon.api.AppSpec;
import jmon.api.RestartPolicy;
import jmon.cli.Command;
import jmon.cli.Context;
import jmon.cli.Opt;
import jmon.cli.Parsed;
import jmon.cli.UsageException;
import jmon.spec.EcosystemLoader;
import jmon.spec.LoadOptions;
import jmon.spec.LoadResult;
import jmon.spec.Problem;

/**
 * export systemd|kubernetes FILE: translates an ecosystem file into systemd units (one per app instance) or
 * Kubernetes Deployments (one per app, replicas = instances). A starting point for teams that outgrow one
 * host, not a round trip: the limits are listed in docs/export.md and in the generated files' comments.
 */
final class ExportCommand implements Command {
    @Override public String name() { return "export"; }
    /** --out writes files. */
    @Override public jmon.cli.Access access() { return jmon.cli.Access.MUTATING; }
    @Override public String summary() { return "translate an ecosystem file into systemd units or Kubernetes Deployments"; }
    @Override public String arguments() { return "systemd|kubernetes <ecosystem file>"; }

    @Override
    public List<Opt> options() {
        return List.of(Opt.NAMESPACE,
                Opt.value("DIR", "write one file per unit/app into DIR instead of printing", "--out"),
                Opt.value("ENV", "apply env_<ENV> of the file", "--env"),
                Opt.value("a,b", "only these apps of the file", "--only"),
                Opt.value("IMAGE", "container image for kubernetes (default: a placeholder to replace)", "--image"));
    }

    @Override
    public int run(Context ctx, Parsed p) throws Exception {
        if (p.positional().size() != 2) throw new UsageException("give a target (systemd or kubernetes) and an ecosystem file");
        String target = p.positional().get(0);
        if (!target.equals("systemd") && !target.equals("kubernetes") && !target.equals("k8s")) {
            throw new UsageException("unknown target '" + target + "': systemd or kubernetes");
        }
        Path file = ctx.cwd().resolve(p.positional().get(1));
        Set<String> only = new LinkedHashSet<>();
        if (p.has("only")) for (String s : p.get("only").split("[,\\s]+")) if (!s.isBlank()) only.add(s);
        LoadResult r = new EcosystemLoader(ctx.env()).load(file, new LoadOptions(ctx.namespace(p), p.get("env"), only,
                null, List.of()));
        if (!r.ok()) {
            for (Problem pr : r.problems()) ctx.err().println(pr);
            ctx.err().println("jmon export: " + r.problems().size() + " problem(s) in " + file + "; nothing exported");
            return 2;
        }
        Map<String, String> files = target.equals("systemd") ? systemd(r.apps(), ctx.env())
                : kubernetes(r.apps(), p.get("image", "REPLACE-WITH-YOUR-IMAGE"));
        if (p.has("out")) {
            Path dir = ctx.cwd().resolve(p.get("out"));
            Files.createDirectories(dir);
            for (var e : files.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue());
                ctx.out().println("[jmon] wrote " + dir.resolve(e.getKey()));
            }
        } else {
            boolean first = true;
            for (var e : files.entrySet()) {
                if (target.equals("systemd")) ctx.out().println((first ? "" : "\n") + "# ---- " + e.getKey());
                else if (!first) ctx.out().println("---");
                ctx.out().print(e.getValue());
                first = false;
            }
        }
        return 0;
    }

    // ---- systemd ------------------------------------------------------------------------------------------

    static Map<String, String> systemd(List<AppSpec> apps, Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        for (AppSpec a : apps) {
            for (int i = 0; i < a.instances(); i++) {
                String unit = "jmon-" + a.namespace() + "-" + a.name() + (a.instances() > 1 ? "-" + i : "") + ".service";
                out.put(unit, unit(a, i, env));
            }
        }
        return out;
    }

    static String unit(AppSpec a, int instance, Map<String, String> env) {
        RestartPolicy rp = a.restart();
        StringBuilder u = new StringBuilder();
        u.append("# Exported by 'jmon export systemd' from ").append(a.source() == null ? "?" : a.source()).append('\n');
        u.append("# Not carried over: max_restarts/min_uptime (see StartLimit*), exp backoff, cron_restart, ")
                .append("max_memory_restart (a graceful restart in jmon), log rotation and formats.\n");
        u.append("[Unit]\n");
        u.append("Description=").append(a.namespace()).append('/').append(a.name())
                .append(a.instances() > 1 ? " #" + instance : "").append('\n');
        u.append("After=network.target\n\n[Service]\nType=simple\n");
        if (a.cwd() != null) u.append("WorkingDirectory=").append(StartupCommand.quote(a.cwd())).append('\n');
        Map<String, String> vars = new LinkedHashMap<>(a.env());
        vars.put(a.instanceVar(), String.valueOf(instance));
        for (var e : vars.entrySet()) {
            u.append("Environment=").append(StartupCommand.quote(e.getKey() + "=" + e.getValue()).replace("%", "%%")
                    .replace("$", "$$")).append('\n');
        }
        List<String> cmd = command(a, env);
        StringBuilder line = new StringBuilder();
        for (String w : cmd) line.append(line.length() == 0 ? "" : " ").append(StartupCommand.quote(w)
                .replace("%", "%%").replace("$", "$$"));
        u.append("ExecStart=").append(line).append('\n');
        u.append("Restart=").append(switch (rp.kind()) {
            case NEVER -> "no";
            case ON_FAILURE -> "on-failure";
            default -> "always";
        }).append('\n');
        if (!rp.stopExitCodes().isEmpty()) {
            u.append("RestartPreventExitStatus=");
            for (int i = 0; i < rp.stopExitCodes().size(); i++) u.append(i == 0 ? "" : " ").append(rp.stopExitCodes().get(i));
            u.append('\n');
        }
        u.append("RestartSec=").append(rp.restartDelayMs()).append("ms\n");
        u.append("KillSignal=").append(rp.stopSignal()).append('\n');
        // the identity, limits and commands under systemd's own names
        jmon.api.RunAs r = a.runAs();
        if (r.user() != null) u.append("User=").append(r.user()).append('\n');
        if (r.group() != null) u.append("Group=").append(r.group()).append('\n');
        if (r.groups() != null && !r.groups().isEmpty()) u.append("SupplementaryGroups=").append(String.join(" ", r.groups())).append('\n');
        jmon.api.ResourceLimits l = a.limits();
        if (l.maxOpenFiles() != null) u.append("LimitNOFILE=").append(l.maxOpenFiles()).append('\n');
        if (l.maxProcesses() != null) u.append("LimitNPROC=").append(l.maxProcesses()).append('\n');
        if (l.nice() != null) u.append("Nice=").append(l.nice()).append('\n');
        if (l.umask() != null) u.append("UMask=0").append(Integer.toOctalString(l.umask())).append('\n');
        if (l.oomScoreAdj() != null) u.append("OOMScoreAdjust=").append(l.oomScoreAdj()).append('\n');
        if (l.memoryMax() != null) u.append("MemoryMax=").append(l.memoryMax()).append('\n');
        if (l.cpuQuota() != null) u.append("CPUQuota=").append(l.cpuQuota()).append("%\n");
        if (l.tasksMax() != null) u.append("TasksMax=").append(l.tasksMax()).append('\n');
        jmon.api.LifecycleCommands c = a.commands();
        if (c.preStart() != null) u.append("ExecStartPre=/bin/sh -c ").append(StartupCommand.quote(c.preStart()).replace("%", "%%").replace("$", "$$")).append('\n');
        if (c.stopCommand() != null) u.append("ExecStop=/bin/sh -c ").append(StartupCommand.quote(c.stopCommand()).replace("%", "%%").replace("$", "$$")).append('\n');
        if (c.postStop() != null) u.append("ExecStopPost=/bin/sh -c ").append(StartupCommand.quote(c.postStop()).replace("%", "%%").replace("$", "$$")).append('\n');
        u.append("KillMode=control-group\n");
        u.append("TimeoutStopSec=").append(rp.killTimeoutMs()).append("ms\n");
        String outLog = a.logs().outFile();
        String errLog = a.logs().errorFile();
        if (outLog != null) u.append("StandardOutput=").append(outLog.equals("/dev/null") ? "null" : "append:" + outLog).append('\n');
        if (errLog != null) u.append("StandardError=").append(errLog.equals("/dev/null") ? "null" : "append:" + errLog).append('\n');
        u.append("\n[Install]\nWantedBy=multi-user.target\n");
        return u.toString();
    }

    /** interpreter, its args, script, args; bare programs resolved on PATH (systemd wants absolute paths). */
    static List<String> command(AppSpec a, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        if (a.interpreter() != null) {
            cmd.add(absolute(a.interpreter(), env));
            cmd.addAll(a.interpreterArgs());
            cmd.add(a.script());
        } else {
            cmd.add(absolute(a.script(), env));
        }
        cmd.addAll(a.args());
        return cmd;
    }

    private static String absolute(String prog, Map<String, String> env) {
        if (prog.contains("/")) return prog;
        for (String d : env.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, prog))) return Path.of(d, prog).toString();
        }
        return prog;
    }

    // ---- kubernetes ---------------------------------------------------------------------------------------

    static Map<String, String> kubernetes(List<AppSpec> apps, String image) {
        Map<String, String> out = new LinkedHashMap<>();
        for (AppSpec a : apps) out.put(dns(a.namespace()) + "-" + dns(a.name()) + ".yaml", deployment(a, image));
        return out;
    }

    /** A DNS-1123 label: lower case letters, digits and '-'. */
    static String dns(String s) {
        String d = s.toLowerCase().replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        if (d.length() > 63) d = d.substring(0, 63).replaceAll("-+$", "");
        return d.isEmpty() ? "app" : d;
    }

    /** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
    static String q(String s) {
        return jmon.rpc.Json.write(s);
    }

    static String deployment(AppSpec a, String image) {
        RestartPolicy rp = a.restart();
        String name = dns(a.name());
        StringBuilder y = new StringBuilder();
        y.append("# Exported by 'jmon export kubernetes' from ").append(a.source() == null ? "?" : a.source()).append('\n');
        y.append("# Replace the image: jmon does not build one. Probes come from 'health' (http, tcp, exec; a log probe\n");
        y.append("# and the notify pipe have no Kubernetes equivalent and are left out).\n");
        y.append("# Not carried over: autorestart=false, max_restarts, restart delays and backoff, stop_signal (set\n");
        y.append("# STOPSIGNAL in the image), cron_restart, max_memory_restart, log files; every replica gets the same env.\n");
        y.append("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n");
        y.append("  name: ").append(q(name)).append('\n');
        y.append("  namespace: ").append(q(dns(a.namespace()))).append('\n');
        y.append("  labels:\n    app.kubernetes.io/name: ").append(q(name)).append('\n');
        y.append("    app.kubernetes.io/managed-by: \"jmon-export\"\n");
        y.append("spec:\n  replicas: ").append(a.instances()).append('\n');
        y.append("  selector:\n    matchLabels:\n      app.kubernetes.io/name: ").append(q(name)).append('\n');
        y.append("  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: ").append(q(name)).append('\n');
        y.append("    spec:\n");
        y.append("      terminationGracePeriodSeconds: ").append(Math.max(1, (rp.killTimeoutMs() + 999) / 1000)).append('\n');
        y.append("      containers:\n        - name: ").append(q(name)).append('\n');
        y.append("          image: ").append(q(image)).append('\n');
        List<String> command = new ArrayList<>();
        List<String> args = new ArrayList<>();
        if (a.interpreter() != null) {
            command.add(a.interpreter());
            args.addAll(a.interpreterArgs());
            args.add(a.script());
        } else {
            command.add(a.script());
        }
        args.addAll(a.args());
        y.append("          command: [");
        for (int i = 0; i < command.size(); i++) y.append(i == 0 ? "" : ", ").append(q(command.get(i)));
        y.append("]\n");
        if (!args.isEmpty()) {
            y.append("          args: [");
            for (int i = 0; i < args.size(); i++) y.append(i == 0 ? "" : ", ").append(q(args.get(i)));
            y.append("]\n");
        }
        if (a.cwd() != null) y.append("          workingDir: ").append(q(a.cwd())).append('\n');
        if (!a.env().isEmpty()) {
            y.append("          env:\n");
            for (var e : new java.util.TreeMap<>(a.env()).entrySet()) {
                y.append("            - name: ").append(q(e.getKey())).append("\n              value: ")
                        .append(q(e.getValue())).append('\n');
            }
        }
        probe(y, "readinessProbe", a.health().readiness());
        probe(y, "livenessProbe", a.health().liveness());
        return y.toString();
    }

    /** A jmon probe as a Kubernetes probe; log probes have no equivalent and are skipped. */
    static void probe(StringBuilder y, String key, jmon.api.ProbeSpec p) {
        if (p == null || p.kind().equals("log")) return;
        y.append("          ").append(key).append(":\n");
        switch (p.kind()) {
            case "http" -> {
                java.net.URI u = java.net.URI.create(p.url());
                y.append("            httpGet:\n              path: ").append(q(u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath()))
                        .append("\n              port: ").append(u.getPort() > 0 ? u.getPort() : 80).append('\n');
            }
            case "tcp" -> y.append("            tcpSocket:\n              port: ").append(p.port()).append('\n');
            default -> y.append("            exec:\n              command: [\"sh\", \"-c\", ").append(q(p.command())).append("]\n");
        }
        y.append("            initialDelaySeconds: ").append(p.initialDelayMs() / 1000).append('\n');
        y.append("            periodSeconds: ").append(Math.max(1, p.periodMs() / 1000)).append('\n');
        y.append("            timeoutSeconds: ").append(Math.max(1, p.timeoutMs() / 1000)).append('\n');
        y.append("            successThreshold: ").append(p.successThreshold()).append('\n');
        y.append("            failureThreshold: ").append(p.failureThreshold()).append('\n');
    }
}
