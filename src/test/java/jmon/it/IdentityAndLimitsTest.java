package jmon.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jmon.host.Accounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's identity and limits as the kernel sees them: /proc/PID/status (Uid, Gid, Groups, Umask),
 * /proc/PID/limits, /proc/PID/oom_score_adj, the niceness in /proc/PID/stat, and the app's own {@code umask}.
 * The identity part creates a test user and needs root; without it that part is skipped with a message.
 */
@Timeout(120)
class IdentityAndLimitsTest {
    static final String USER = "jmonk1test";
    static final String GROUP = "jmonk1extra";

    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private long startAndPid(String file, String name) throws Exception {
        j.ok("start", file);
        Jmon.await(name + " online", 20_000, () -> "online".equals(j.status("default", name)));
        long pid = j.proc("default", name).get("pid").asLong();
        assertTrue(pid > 0);
        return pid;
    }

    private static String procLine(long pid, String file, String prefix) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) if (l.startsWith(prefix)) return l;
        return null;
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (Exception e) {
            return "";
        }
    }

    private static int niceOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    /** What the app wrote, through the API (the client never reads the daemon's files). */
    private String outLog(String name) {
        Jmon.Result r = j.run("logs", name, "--nostream", "--raw", "--lines", "20");
        return r.code() == 0 ? r.out() : "";
    }

    @Test
    void limitsAreWhatTheKernelShowsAndTheAppSees() throws Exception {
        j.write("eco.json", """
                { "apps": [ { "name": "limited", "script": "sh", "args": ["-c", "umask; exec sleep 300"],
                  "max_open_files": 123, "max_processes": 4000, "nice": 7, "umask": "0027", "oom_score_adj": 250 } ] }
                """);
        long pid = startAndPid(tmp.resolve("eco.json").toString(), "limited");
        // the wrappers exec one another and then the app: the pid stays the app's
        Jmon.await("pid " + pid + " runs sleep", 10_000, () -> comm(pid).equals("sleep"));
        assertTrue(procLine(pid, "limits", "Max open files").matches("Max open files\\s+123\\s+123\\s+files\\s*"),
                procLine(pid, "limits", "Max open files"));
        assertTrue(procLine(pid, "limits", "Max processes").matches("Max processes\\s+4000\\s+4000\\s+processes\\s*"),
                procLine(pid, "limits", "Max processes"));
        assertEquals(7, niceOf(pid));
        assertEquals("250", Files.readString(Path.of("/proc", Long.toString(pid), "oom_score_adj")).strip());
        assertEquals("Umask:\t0027", procLine(pid, "status", "Umask:"));
        Jmon.await("the app's own umask in its log", 10_000, () -> outLog("limited").contains("0027"));
    }

    @Test
    void anAppWithoutTheKeysIsSpawnedWithoutAWrapper() throws Exception {
        j.write("eco.json", """
                { "apps": [ { "name": "plain", "script": "sleep", "args": ["300"] } ] }
                """);
        long pid = startAndPid(tmp.resolve("eco.json").toString(), "plain");
        assertEquals(ProcessHandle.current().info().user().orElse("?"), ProcessHandle.of(pid).get().info().user().orElse("?"));
        // the daemon's own limits and niceness, untouched
        assertEquals(procLine(ProcessHandle.current().pid(), "status", "Umask:"), procLine(pid, "status", "Umask:"));
        assertEquals(procLine(j.daemonPid(), "limits", "Max open files"), procLine(pid, "limits", "Max open files"));
    }

    @Test
    void aBadLimitIsExit2WithItsLineAndNothingStarts() throws Exception {
        j.write("eco.json", "{ \"apps\": [ { \"name\": \"x\", \"script\": \"sleep\",\n  \"nice\": 42 } ] }\n");
        Jmon.Result r = j.run("start", tmp.resolve("eco.json").toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("eco.json:2:") && r.err().contains("apps[0].nice: must be between -20 and 19, got 42"),
                r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void cgroupLimitsAreRefusedWithTheReasonWhenNoSubtreeIsDelegated() throws Exception {
        String why = jmon.host.Cgroups.unavailableReason();
        assumeTrue(why != null, "this host delegates a cgroup v2 subtree to the test: the refusal cannot be seen here");
        j.write("eco.json", "{ \"apps\": [ { \"name\": \"x\", \"script\": \"sleep\", \"memory_max\": \"64M\" } ] }\n");
        Jmon.Result r = j.run("validate", tmp.resolve("eco.json").toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.all().contains("apps[0].memory_max: cannot be applied here: " + why), r.all());
    }

    private static boolean createdUser, createdGroup;

    /** Creates the test user and group when missing (root only); {@link #removeUser} takes them away again. */
    private static void ensureUser() throws Exception {
        if (Accounts.group(GROUP) < 0) {
            run("groupadd", GROUP);
            createdGroup = true;
        }
        if (Accounts.user(USER) == null) {
            run("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
            createdUser = true;
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void removeUser() throws Exception {
        if (createdUser) run("userdel", USER);
        if (createdGroup) run("groupdel", GROUP);
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + new String(p.getInputStream().readAllBytes()));
    }

    @Test
    void anAppRunsAsItsUserWithItsGroupsAndNothingOfItsOutputIsLost() throws Exception {
        assumeTrue(Accounts.isRoot(), "not root: running apps as another user needs a root daemon, and useradd");
        ensureUser();
        Accounts.User u = Accounts.user(USER);
        int extra = Accounts.group(GROUP);
        j.write("eco.json", """
                { "apps": [
                  { "name": "asuser", "script": "sh", "args": ["-c", "id -u; id -G; exec sleep 300"],
                    "user": "%s", "groups": ["%s", "daemon"], "max_processes": 500 },
                  { "name": "bygid", "script": "sleep", "args": ["300"], "user": %d, "gid": "%s" },
                  { "name": "notifies", "script": "sh", "args": ["-c", "echo READY=1 > $JMON_NOTIFY; exec sleep 300"],
                    "user": "%s", "wait_ready": true, "listen_timeout": 15000 }
                ] }
                """.formatted(USER, GROUP, u.uid(), GROUP, USER));
        long pid = startAndPid(tmp.resolve("eco.json").toString(), "asuser");
        String ids = u.uid() + "\t" + u.uid() + "\t" + u.uid() + "\t" + u.uid();
        assertEquals("Uid:\t" + ids, procLine(pid, "status", "Uid:"), "real, effective, saved and fs uid all changed");
        assertEquals("Gid:\t" + u.gid() + "\t" + u.gid() + "\t" + u.gid() + "\t" + u.gid(), procLine(pid, "status", "Gid:"));
        List<String> groups = List.of(procLine(pid, "status", "Groups:").substring(7).trim().split("\\s+"));
        assertEquals(List.of(Integer.toString(extra), "1").stream().sorted().toList(), groups.stream().sorted().toList());
        assertTrue(procLine(pid, "status", "CapEff:").endsWith("0000000000000000"), "no capability left");
        assertTrue(procLine(pid, "limits", "Max processes").contains(" 500 "), procLine(pid, "limits", "Max processes"));
        Jmon.await("the app's output (as " + USER + ") in its log", 10_000, () -> outLog("asuser").contains(u.uid() + "\n"));

        Jmon.await("bygid online", 20_000, () -> "online".equals(j.status("default", "bygid")));
        long pid2 = j.proc("default", "bygid").get("pid").asLong();
        assertEquals("Uid:\t" + ids, procLine(pid2, "status", "Uid:"));
        assertTrue(procLine(pid2, "status", "Gid:").startsWith("Gid:\t" + extra + "\t"), procLine(pid2, "status", "Gid:"));

        // its notify FIFO lives in the daemon's private run folder: reached through the descriptor it inherited
        Jmon.await("notifies ready (it wrote READY=1 as " + USER + ")", 20_000, () -> "online".equals(j.status("default", "notifies")));
        long pid3 = j.proc("default", "notifies").get("pid").asLong();
        assertEquals("Uid:\t" + ids, procLine(pid3, "status", "Uid:"));

        // a user that does not exist: exit 2 at validate and at start, at its line, nothing started
        j.write("bad.json", "{ \"apps\": [ { \"name\": \"nobody-here\", \"script\": \"sleep\",\n \"user\": \"no-such-k1\" } ] }\n");
        for (String verb : List.of("validate", "start")) {
            Jmon.Result r = j.run(verb, tmp.resolve("bad.json").toString());
            assertEquals(2, r.code(), r.all());
            assertTrue(r.all().contains("bad.json:2:") && r.all().contains("apps[0].user: no user 'no-such-k1' on this host"),
                    r.all());
        }
        JsonNode none = j.proc("default", "nobody-here");
        assertNull(none);
    }
}
