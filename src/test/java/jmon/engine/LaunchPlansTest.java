package jmon.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jmon.api.AppSpec;
import jmon.api.RestartPolicy;
import jmon.engine.exec.LaunchPlan;
import org.junit.jupiter.api.Test;

/** The instance marker in a plan's environment: always jmon's own, never inherited or declared away. */
class LaunchPlansTest {
    static AppSpec spec(Map<String, String> env, String instanceVar) {
        return new AppSpec("ns", "app", "/bin/app", List.of(), null, List.of(), "/", env, 1, instanceVar,
                RestartPolicy.defaults(), null, 0, false, null, true, null);
    }

    LaunchPlan plan(LaunchPlans plans, AppSpec s) {
        return plans.plan(s, 4, 0, 17, Path.of("/o"), Path.of("/e"), null, null);
    }

    @Test
    void theMarkerNamesHomePmIdAndGenerationAndWinsOverWhatCameBefore() {
        // the daemon itself runs under another jmon: its marker must not reach its apps
        LaunchPlans plans = new LaunchPlans(Map.of("JMON_INSTANCE", "otherhome123:9:9", "JMON_HOME", "/h", "PATH", "/bin"),
                "abcdef012345");
        Map<String, String> env = plan(plans, spec(Map.of(), null)).env();
        assertEquals("abcdef012345:4:17", env.get("JMON_INSTANCE"));
        assertEquals("/h", env.get("JMON_HOME"));
        assertEquals("abcdef012345:4:17",
                plan(plans, spec(Map.of("JMON_INSTANCE", "forged:1:1"), null)).env().get("JMON_INSTANCE"), "declared env");
        assertEquals("abcdef012345:4:17", plan(plans, spec(Map.of(), "JMON_INSTANCE")).env().get("JMON_INSTANCE"),
                "instance_var");
    }

    @Test
    void anAppGetsTheBaseOfTheDaemonsEnvironmentItsCallersOnlyWhenItOptedInAndItsOwnOnTop() {
        LaunchPlans plans = new LaunchPlans(Map.of("PATH", "/bin", "HOME", "/home/a", "LANG", "C.UTF-8",
                "LC_TIME", "de_DE", "TZ", "UTC", "AWS_SESSION_TOKEN", "one-off", "SSH_AUTH_SOCK", "/tmp/agent",
                "JMON_HOME", "/h", "JMON_TIMEOUT", "5"), "abcdef012345");
        Map<String, String> env = plan(plans, spec(Map.of("PORT", "80"), null)).env();
        for (String k : List.of("PATH", "HOME", "LANG", "LC_TIME", "TZ", "JMON_HOME", "PORT")) assertTrue(env.containsKey(k), k);
        for (String k : List.of("AWS_SESSION_TOKEN", "SSH_AUTH_SOCK", "JMON_TIMEOUT")) assertFalse(env.containsKey(k), k);

        AppSpec opted = spec(Map.of("PORT", "80"), null)
                .withCallerEnv(Map.of("DEPLOY_ID", "42", "PORT", "1", "PATH", "/opt/bin", "JMON_HOST", "x@y"));
        Map<String, String> withCaller = plan(plans, opted).env();
        assertEquals("42", withCaller.get("DEPLOY_ID"));
        assertEquals("/opt/bin", withCaller.get("PATH"), "the caller's shell over the daemon's base");
        assertEquals("80", withCaller.get("PORT"), "the declared env over the caller's");
        assertFalse(withCaller.containsKey("JMON_HOST"), "jmon's own variables of the caller are not the app's");
        assertFalse(withCaller.containsKey("AWS_SESSION_TOKEN"));
        assertTrue(spec(Map.of(), null).withCallerEnv(null).callerEnv().isEmpty());
    }

    @Test
    void anAppFindsWhatPm2PutsInItsEnvironmentUnlessItDeclaresItsOwn() {
        LaunchPlans plans = new LaunchPlans(Map.of("PATH", "/bin"), "abcdef012345");
        Map<String, String> env = plan(plans, spec(Map.of(), null)).env();
        assertEquals("4", env.get("pm_id"));
        assertEquals(spec(Map.of(), null).name(), env.get("name"));
        assertEquals(spec(Map.of(), null).namespace(), env.get("namespace"));
        assertEquals("1", env.get("instances"));
        assertEquals("fork_mode", env.get("exec_mode"));
        assertEquals("mine", plan(plans, spec(Map.of("name", "mine"), null)).env().get("name"), "the declared env wins");
    }
}
