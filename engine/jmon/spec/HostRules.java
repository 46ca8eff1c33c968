package jmon.spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jmon.api.AppSpec;
import jmon.api.ResourceLimits;
import jmon.api.RunAs;
import jmon.host.Accounts;
import jmon.host.Cgroups;
import jmon.host.SystemTools;

/**
 * What an app's identity and limits need from the host that runs them: a root daemon to change the user or
 * lower the niceness or OOM score, users and groups that exist, the tools of the launch wrapper, a delegated
 * cgroup v2 subtree for memory, CPU and task limits. Checked where the file is validated and again where the
 * daemon starts the app, so a refusal is exit 2 with nothing started. Apps without these keys cost nothing.
 */
final class HostRules {
    private HostRules() {}

    static List<SpecRules.Violation> of(AppSpec s) {
        RunAs r = s.runAs();
        ResourceLimits l = s.limits();
        if (!r.changesIdentity() && !l.hasProcessLimits() && !l.hasCgroupLimits()) return List.of();
        List<SpecRules.Violation> out = new ArrayList<>();
        boolean root = Accounts.isRoot();
        if (r.changesIdentity()) {
            String key = r.user() != null ? "user" : r.group() != null ? "gid" : "groups";
            if (!root) {
                out.add(new SpecRules.Violation(key, "running an app as another user needs a daemon running as root"
                        + " (this one runs as uid " + Accounts.euid() + ")"));
            } else {
                identity(r, out);
                tool("setpriv", key, out);
            }
        }
        if (l.nice() != null && !root && l.nice() < 0) {
            out.add(new SpecRules.Violation("nice", "a negative niceness needs a daemon running as root"));
        }
        if (l.oomScoreAdj() != null && !root && l.oomScoreAdj() < 0) {
            out.add(new SpecRules.Violation("oom_score_adj", "a negative OOM score adjustment needs a daemon running as root"));
        }
        if (l.maxOpenFiles() != null) tool("prlimit", "max_open_files", out);
        else if (l.maxProcesses() != null) tool("prlimit", "max_processes", out);
        if (l.nice() != null) tool("nice", "nice", out);
        if (l.hasCgroupLimits()) {
            String why = Cgroups.unavailableReason();
            String key = l.memoryMax() != null ? "memory_max" : l.cpuQuota() != null ? "cpu_quota" : "tasks_max";
            out.add(new SpecRules.Violation(key, why != null
                    ? "cannot be applied here: " + why
                    : "is not applied by this jmon yet (the cgroup is delegated, but placing apps in it is to come)"));
        }
        return out;
    }

    private static void identity(RunAs r, List<SpecRules.Violation> out) {
        Accounts.User u = r.user() == null ? null : Accounts.user(r.user());
        if (r.user() != null && u == null && Accounts.number(r.user()) < 0) {
            out.add(new SpecRules.Violation("user", "no user '" + r.user() + "' on this host"));
        }
        if (r.user() != null && u == null && Accounts.number(r.user()) >= 0 && r.group() == null) {
            out.add(new SpecRules.Violation("gid", "uid " + r.user() + " has no entry in the user database: set 'gid'"));
        }
        if (r.group() != null && Accounts.group(r.group()) < 0) {
            out.add(new SpecRules.Violation("gid", "no group '" + r.group() + "' on this host"));
        }
        if (r.groups() != null) {
            for (int i = 0; i < r.groups().size(); i++) {
                if (Accounts.group(r.groups().get(i)) < 0) {
                    out.add(new SpecRules.Violation("groups[" + i + "]", "no group '" + r.groups().get(i) + "' on this host"));
                }
            }
        }
    }

    private static void tool(String name, String key, List<SpecRules.Violation> out) {
        try {
            SystemTools.find(name);
        } catch (IOException e) {
            out.add(new SpecRules.Violation(key, e.getMessage()));
        }
    }
}
