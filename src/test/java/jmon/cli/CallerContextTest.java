package jmon.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmon.api.CallerContext;
import org.junit.jupiter.api.Test;

/** What the CLI reads of its caller (from this very process's /proc), what the daemon keeps of it, and its cost. */
class CallerContextTest {
    @Test
    void readsItsOwnAncestorsUpToTheSessionLeader() {
        CallerContext c = CallerContextReader.read(List.of("delete", "all", "-n", "prod"), Map.of(), Path.of("/srv/app"));
        assertEquals(ProcessHandle.current().pid(), c.pid());
        assertEquals("jmon delete all -n prod", c.command());
        assertEquals("/srv/app", c.cwd());
        assertFalse(c.ancestors().isEmpty());
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
        assertEquals(parent, c.ancestors().get(0).pid());
        String[] parentArgs = ProcessHandle.current().parent().flatMap(h -> h.info().arguments()).orElse(new String[0]);
        for (String a : parentArgs) assertTrue(c.ancestors().get(0).command().contains(a), c.ancestors().get(0).command() + " lacks " + a);
        assertTrue(c.ancestors().size() <= CallerContext.MAX_ANCESTORS);
    }

    @Test
    void namesTheCiRunOfEachSystem() {
        assertEquals("github acme/shop run 99", CallerContextReader.ciRun(Map.of("GITHUB_ACTIONS", "true", "GITHUB_RUN_ID", "99",
                "GITHUB_REPOSITORY", "acme/shop")));
        assertEquals("gitea acme/shop run 812", CallerContextReader.ciRun(Map.of("GITEA_ACTIONS", "true", "GITHUB_RUN_ID", "812",
                "GITHUB_REPOSITORY", "acme/shop")));
        assertEquals("gitlab acme/shop job 7 (pipeline 3)", CallerContextReader.ciRun(Map.of("GITLAB_CI", "true",
                "CI_PROJECT_PATH", "acme/shop", "CI_JOB_ID", "7", "CI_PIPELINE_ID", "3")));
        assertEquals("jenkins jenkins-shop-deploy-41", CallerContextReader.ciRun(Map.of("JENKINS_URL", "http://ci/",
                "BUILD_TAG", "jenkins-shop-deploy-41")));
        assertEquals("buildkite shop build 12", CallerContextReader.ciRun(Map.of("BUILDKITE_BUILD_ID", "uuid",
                "BUILDKITE_PIPELINE_SLUG", "shop", "BUILDKITE_BUILD_NUMBER", "12")));
        assertNull(CallerContextReader.ciRun(Map.of("HOME", "/root")));
        assertEquals("https://git.example/acme/shop/actions/runs/812", CallerContextReader.ciUrl(Map.of(
                "GITHUB_RUN_ID", "812", "GITHUB_SERVER_URL", "https://git.example", "GITHUB_REPOSITORY", "acme/shop")));
        assertEquals("203.0.113.9 port 50022", CallerContextReader.ssh(Map.of("SSH_CONNECTION", "203.0.113.9 50022 10.0.0.1 22")));
    }

    private static CallerContext withAncestors(String... cmds) {
        List<CallerContext.Ancestor> as = new ArrayList<>();
        for (int i = 0; i < cmds.length; i++) as.add(new CallerContext.Ancestor(100 + i, cmds[i]));
        return new CallerContext(1, "jmon delete all -n prod", as, "/", null, null, null, null);
    }

    @Test
    void viaIsTheScriptThatRanTheCliOrTheCliItselfFromAShell() {
        assertEquals("bash .gitea/workflows/deploy.sh", withAncestors("bash .gitea/workflows/deploy.sh", "act_runner daemon").via());
        assertEquals("bash deploy.sh", withAncestors("sudo -u deploy jmon", "bash deploy.sh").via());
        assertEquals("jmon delete all -n prod", withAncestors("-bash", "sshd: alice@pts/0").via());
        assertEquals("jmon delete all -n prod", withAncestors("bash", "tmux").via());
        assertEquals("jmon delete all -n prod", withAncestors().via());
    }

    @Test
    void theDaemonKeepsABoundedCopy() {
        List<CallerContext.Ancestor> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) many.add(new CallerContext.Ancestor(i, "x".repeat(10_000)));
        CallerContext huge = new CallerContext(-4, "jmon\u0007\nstop", many, "c".repeat(5000), "pts/1\u001b[2J", null, null, null);
        CallerContext b = CallerContext.bounded(huge);
        assertEquals(CallerContext.MAX_ANCESTORS, b.ancestors().size());
        assertEquals(CallerContext.MAX_TEXT + 1, b.ancestors().get(0).command().length());
        assertTrue(b.ancestors().get(0).command().endsWith("…"));
        assertEquals("jmon??stop", b.command());
        assertEquals("pts/1?[2J", b.tty());
        assertEquals(0, b.pid());
        assertNull(CallerContext.bounded(null));
    }

    /** The figure in docs/architecture.md: reading the context once, as a CLI does, after the JVM is warm. */
    @Test
    void costsWellUnderAMillisecond() {
        long cold = System.nanoTime();
        CallerContextReader.read(List.of("stop", "all"), Map.of(), Path.of("/")); // first use: classes load
        System.out.println("caller context read, first: " + (System.nanoTime() - cold) / 1000 + " µs");
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            CallerContextReader.read(List.of("stop", "all"), Map.of("GITHUB_RUN_ID", "1"), Path.of("/"));
            best = Math.min(best, System.nanoTime() - t);
        }
        System.out.println("caller context read: " + best / 1000 + " µs");
        assertTrue(best < 5_000_000, "took " + best / 1000 + " µs");
    }
}
