package jmon.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jmon.api.AppSpec;
import jmon.api.RestartKind;
import jmon.host.Accounts;

/** The restart kinds, the identity and the limits of an app: read, checked in range, refused where the host cannot. */
class ProcessKeysTest {
    @TempDir Path tmp;
    Eco eco;

    @BeforeEach
    void setUp() {
        eco = new Eco(tmp);
        eco.exe("srv");
    }

    private AppSpec one(String attrs) {
        eco.write("eco.json", "{ \"apps\": [ { \"name\": \"a\", \"script\": \"srv\", " + attrs + " } ] }");
        return Eco.ok(eco.load("eco.json")).get(0);
    }

    private Problem bad(String attrs) {
        eco.write("eco.json", "{ \"apps\": [ {\n \"name\": \"a\", \"script\": \"srv\",\n " + attrs + " } ] }");
        return Eco.one(eco.load("eco.json"));
    }

    @Test
    void restartKindsBesidePm2sBooleans() {
        assertEquals(RestartKind.UNLESS_STOPPED, one("\"autorestart\": true").restart().kind());
        assertEquals(RestartKind.NEVER, one("\"autorestart\": false").restart().kind());
        assertFalse(one("\"autorestart\": false").restart().autorestart());
        assertEquals(RestartKind.ALWAYS, one("\"autorestart\": \"always\"").restart().kind());
        assertEquals(RestartKind.ON_FAILURE, one("\"autorestart\": \"on-failure\"").restart().kind());
        assertTrue(one("\"autorestart\": \"on-failure\"").restart().autorestart());
        assertEquals(RestartKind.UNLESS_STOPPED, one("\"autorestart\": \"unless-stopped\"").restart().kind());
        assertEquals(RestartKind.UNLESS_STOPPED, one("\"instances\": 1").restart().kind(), "the default is PM2's true");
        Problem p = bad("\"autorestart\": \"sometimes\"");
        assertEquals("apps[0].autorestart", p.field());
        assertEquals(3, p.line());
        assertTrue(p.message().contains("\"on-failure\""), p.message());
    }

    @Test
    void limitsAreReadAndCheckedInRange() {
        AppSpec a = one("\"max_open_files\": 1024, \"max_processes\": 50, \"nice\": 5, \"umask\": \"0027\","
                + " \"oom_score_adj\": 300");
        assertEquals(1024L, a.limits().maxOpenFiles());
        assertEquals(50L, a.limits().maxProcesses());
        assertEquals(5, a.limits().nice());
        assertEquals(027, a.limits().umask());
        assertEquals(300, a.limits().oomScoreAdj());
        assertNull(one("\"instances\": 1").limits().nice());
        assertFalse(one("\"instances\": 1").limits().hasProcessLimits());

        Problem p = bad("\"nice\": 20");
        assertEquals("apps[0].nice", p.field());
        assertEquals("must be between -20 and 19, got 20", p.message());
        assertEquals(3, p.line());
        assertTrue(bad("\"umask\": \"089\"").message().contains("octal umask"));
        assertTrue(bad("\"umask\": 22").message().contains("octal umask"), "a number is ambiguous: refused");
        assertEquals("must be between -1000 and 1000, got 1001", bad("\"oom_score_adj\": 1001").message());
        assertEquals("apps[0].max_open_files", bad("\"max_open_files\": 0").field());
    }

    @Test
    void cgroupLimitsAreRefusedWithTheReasonWhereNoSubtreeIsDelegated() {
        String why = jmon.host.Cgroups.unavailableReason();
        Problem p = bad("\"memory_max\": \"64M\"");
        assertEquals("apps[0].memory_max", p.field());
        assertTrue(p.message().startsWith(why != null ? "cannot be applied here: " + why : "is not applied"), p.message());
        assertEquals("apps[0].cpu_quota", bad("\"cpu_quota\": \"50%\"").field());
        assertEquals("apps[0].tasks_max", bad("\"tasks_max\": 10").field());
    }

    @Test
    void theIdentityNeedsARootDaemonAndUsersThatExist() {
        if (!Accounts.isRoot()) {
            Problem p = bad("\"user\": \"root\"");
            assertEquals("apps[0].user", p.field());
            assertTrue(p.message().startsWith("running an app as another user needs a daemon running as root"), p.message());
            return;
        }
        AppSpec a = one("\"user\": \"daemon\", \"gid\": 1, \"groups\": [\"daemon\", 100]");
        assertEquals("daemon", a.runAs().user());
        assertEquals("1", a.runAs().group());
        assertEquals(List.of("daemon", "100"), a.runAs().groups());
        assertEquals("root", one("\"uid\": \"root\"").runAs().user(), "PM2's uid is an alias");
        Problem p = bad("\"user\": \"no-such-user-k1\"");
        assertEquals("apps[0].user", p.field());
        assertEquals("no user 'no-such-user-k1' on this host", p.message());
        assertEquals("apps[0].groups[1]", bad("\"user\": \"daemon\", \"groups\": [\"daemon\", \"no-such-group-k1\"]").field());
        assertEquals("apps[0].gid", bad("\"user\": 54321").field(), "a uid without a passwd entry needs its gid");
        assertTrue(bad("\"user\": \"a b\"").message().contains("not a user or group name"));
    }
}
