package jmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local trust against a real daemon and real files: whose home jmon agrees to use, what it shows of secrets, and
 * which environment an app gets.
 */
@Timeout(120)
class LocalSecurityTest {
    @TempDir Path tmp;

    static String listing(Path dir) throws Exception {
        if (!Files.exists(dir)) return "(none)";
        try (Stream<Path> s = Files.walk(dir)) {
            StringBuilder b = new StringBuilder();
            for (Path p : s.sorted().toList()) {
                b.append(dir.relativize(p)).append(' ')
                        .append(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)))
                        .append('\n');
            }
            return b.toString();
        }
    }

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aFreshHomeIsPrivate() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.ok("ping");
            assertEquals("rwx------", mode(j.home));
            assertEquals("rwx------", mode(j.home.resolve("logs")));
            assertEquals("rwx------", mode(j.home.resolve("run")));
        }
    }

    @Test
    void aHomeWritableByGroupOrOthersIsRefusedAndLeftAsItWas() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Files.createDirectories(j.home);
            Files.setPosixFilePermissions(j.home, PosixFilePermissions.fromString("rwxrwx---"));
            String before = listing(j.home);
            for (String[] cmd : List.of(new String[] {"ping"}, new String[] {"list"}, new String[] {"start", "sleep", "--name", "s", "--", "60"})) {
                Jmon.Result r = j.run(cmd);
                assertEquals(2, r.code(), String.join(" ", cmd) + ": " + r.all());
                assertTrue(r.err().contains(j.home.toString()) && r.err().contains("0770") && r.err().contains("writable by its group"),
                        r.err());
                assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            }
            assertEquals(before, listing(j.home), "nothing created or changed");
            // a working folder in a private home is checked the same way
            Files.setPosixFilePermissions(j.home, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(j.home.resolve("lib"));
            Files.setPosixFilePermissions(j.home.resolve("lib"), PosixFilePermissions.fromString("rwxrwxrwx"));
            Jmon.Result r = j.run("ping");
            assertEquals(2, r.code(), r.all());
            assertTrue(r.err().contains(j.home.resolve("lib") + " is writable by others"), r.err());
        }
    }

    @Test
    void aSymbolicLinkInsideTheHomeIsRefusedAndNotFollowed() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
            Files.createDirectories(j.home);
            Files.setPosixFilePermissions(j.home, PosixFilePermissions.fromString("rwx------"));
            Files.createSymbolicLink(j.home.resolve("logs"), elsewhere);
            Jmon.Result r = j.run("ping");
            assertEquals(2, r.code(), r.all());
            assertTrue(r.err().contains(j.home.resolve("logs") + " is a symbolic link to " + elsewhere), r.err());
            Files.delete(j.home.resolve("logs"));
            Path target = tmp.resolve("elsewhere/state.json");
            Files.createSymbolicLink(j.home.resolve("state.json"), target);
            r = j.run("start", "sleep", "--name", "s", "--", "60");
            assertEquals(2, r.code(), r.all());
            assertTrue(r.err().contains("state.json is a symbolic link"), r.err());
            try (Stream<Path> s = Files.list(elsewhere)) {
                assertEquals(0, s.count(), "nothing written through the links");
            }
            assertFalse(Files.exists(j.home.resolve("jmon.sock")), "no daemon started");
        }
    }

    @Test
    void rootIsRefusedAnotherUsersHomeUnlessItSaysSoAndThatIsAudited() throws Exception {
        Assumptions.assumeTrue(jmon.engine.HomeTrust.callerUid() == 0,
                "skipped: giving a home to another user (chown) needs root, and these tests do not run as root");
        try (Jmon j = new Jmon(tmp)) {
            Files.createDirectories(j.home);
            Files.setPosixFilePermissions(j.home, PosixFilePermissions.fromString("rwx------"));
            Files.setAttribute(j.home, "unix:uid", 65534);
            String before = listing(j.home);
            Jmon.Result r = j.run("ping");
            assertEquals(2, r.code(), r.all());
            assertTrue(r.err().contains(j.home + " is owned by") && r.err().contains("uid 65534")
                    && r.err().contains("mode 0700") && r.err().contains("--allow-foreign-home"), r.err());
            assertEquals(before, listing(j.home), "nothing created or changed");
            assertEquals(65534, (int) (Integer) Files.getAttribute(j.home, "unix:uid"));

            // the override accepts another owner, never a home others may write to
            Files.setPosixFilePermissions(j.home, PosixFilePermissions.fromString("rwxrwx---"));
            Jmon.Result open = j.run("--allow-foreign-home", "ping");
            assertEquals(2, open.code(), open.all());
            assertTrue(open.err().contains("writable by its group"), open.err());
            Files.setPosixFilePermissions(j.home, PosixFilePermissions.fromString("rwx------"));

            Jmon.Result ok = j.run("--allow-foreign-home", "ping");
            assertEquals(0, ok.code(), ok.all());
            String audit = Files.readString(j.home.resolve("audit.jsonl"));
            assertTrue(audit.contains("\"verb\":\"allow-foreign-home\"") && audit.contains("uid 65534"), audit);
            // every later command must say so too
            assertEquals(2, j.run("list").code());
            assertEquals(0, j.run("--allow-foreign-home", "list").code());
            j.ok("--allow-foreign-home", "kill");
        }
    }

    @Test
    void secretsAreRedactedByValueShapeInDescribeAndJlist() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Path eco = j.write("eco.json", """
                    {"apps": [{"name": "api", "namespace": "sec", "script": "sleep", "args": ["1000", "--db=mysql://root:argpass@db/x"],
                      "env": {"DATABASE_URL": "postgres://shop:urlpass99@db.internal/shop",
                              "STRIPE_SK": "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
                              "AWS_ID": "AKIAIOSFODNN7EXAMPLE",
                              "GH": "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
                              "PORT": "8080"}}]}
                    """);
            j.ok("start", eco.toString());
            String jlist = j.ok("jlist", "--with-env").out();
            String describe = j.ok("describe", "api", "-n", "sec").out();
            for (String out : List.of(jlist, describe)) {
                for (String secret : List.of("urlpass99", "sk_live_4eC39", "AKIAIOSFODNN7EXAMPLE", "ghp_16C7e42", "argpass")) {
                    assertFalse(out.contains(secret), secret + " shown:\n" + out);
                }
                assertTrue(out.contains("postgres://shop:[redacted]@db.internal/shop"), out);
                assertTrue(out.contains("8080"), out);
            }
        }
    }

    /** A one-off variable of the command that started the daemon never reaches an app; the opt-in is per app. */
    @Test
    void appsGetADefinedEnvironmentAndTheCallersOnlyWhenTheyOptIn() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.env.put("AWS_SESSION_TOKEN", "daemon-starter-token");
            j.env.put("LANG", "C.UTF-8");
            j.ok("ping"); // the daemon starts with AWS_SESSION_TOKEN and LANG in its environment
            j.env.remove("AWS_SESSION_TOKEN");
            j.env.put("DEPLOY_ID", "first");
            Path dump = j.script("dumpenv.sh", "env > \"$OUT\"; exec sleep 1000");
            Path eco = j.write("eco.json", "{\"apps\": ["
                    + "{\"name\": \"plain\", \"namespace\": \"env\", \"script\": \"" + dump + "\", \"env\": {\"OUT\": \"" + tmp.resolve("plain.env") + "\"}},"
                    + "{\"name\": \"opted\", \"namespace\": \"env\", \"script\": \"" + dump + "\", \"env_from_caller\": true,"
                    + " \"env\": {\"OUT\": \"" + tmp.resolve("opted.env") + "\"}}]}");
            j.ok("start", eco.toString());
            String plain = awaitFile(tmp.resolve("plain.env"));
            String opted = awaitFile(tmp.resolve("opted.env"));
            assertFalse(plain.contains("AWS_SESSION_TOKEN") || opted.contains("AWS_SESSION_TOKEN"), plain + "\n---\n" + opted);
            assertTrue(plain.contains("LANG=C.UTF-8") && plain.contains("PATH="), "the base: " + plain);
            assertFalse(plain.contains("DEPLOY_ID"), plain);
            assertTrue(opted.contains("DEPLOY_ID=first"), opted);
            assertTrue(j.ok("describe", "opted", "-n", "env").out().contains("env from caller"));

            // --update-env on restart: the app takes this shell's environment, and keeps it across plain restarts
            Files.delete(tmp.resolve("plain.env"));
            j.env.put("DEPLOY_ID", "second");
            j.ok("restart", "plain", "-n", "env", "--update-env");
            assertTrue(awaitFile(tmp.resolve("plain.env")).contains("DEPLOY_ID=second"));
            Files.delete(tmp.resolve("plain.env"));
            j.env.put("DEPLOY_ID", "third");
            j.ok("restart", "plain", "-n", "env");
            assertTrue(awaitFile(tmp.resolve("plain.env")).contains("DEPLOY_ID=second"), "a plain restart keeps what it had");
            assertEquals("online", j.status("env", "plain"));
            String audit = Files.readString(j.home.resolve("audit.jsonl"));
            assertFalse(audit.contains("second") || audit.contains("DEPLOY_ID"), "the environment is not audited: " + audit);
        }
    }

    static String awaitFile(Path p) throws Exception {
        Jmon.await(p + " written", 15_000, () -> {
            try {
                return Files.exists(p) && Files.readString(p).contains("PATH=");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return Files.readString(p);
    }

    /** After a day's work (start, logs, save, freeze, restart, a checkpoint) every file is 0600, every folder 0700. */
    @Test
    void everythingTheDaemonWritesIsPrivate() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.write("config.json", "{\"logs\": {\"retain\": 3}, \"no_such_key\": 1}");
            Files.createDirectories(j.home);
            Files.move(tmp.resolve("config.json"), j.home.resolve("config.json"));
            Path eco = j.write("eco.json", "{\"apps\": [{\"name\": \"talk\", \"namespace\": \"files\", \"script\": \"sh\","
                    + " \"args\": [\"-c\", \"echo hello; echo oops >&2; exec sleep 1000\"]}]}");
            j.ok("start", eco.toString());
            Jmon.await("log lines", 10_000, () -> Files.exists(j.home.resolve("logs/files/talk-out.log")));
            j.ok("save", "-n", "files");
            j.ok("save", "-n", "files", "--force");
            j.ok("freeze", "-n", "files", "--reason", "check");
            j.ok("unfreeze", "-n", "files");
            j.ok("restart", "talk", "-n", "files");
            Jmon.await("a checkpoint", 20_000, () -> Files.exists(j.home.resolve("state.json")));
            Files.setPosixFilePermissions(j.home.resolve("config.json"), PosixFilePermissions.fromString("rw-------")); // the user's file
            String bad = badModes(j.home, "rw-------", "rwx------");
            assertEquals("", bad, "files or folders not private:\n" + listing(j.home));
        }
    }

    static String badModes(Path home, String file, String dir) throws Exception {
        StringBuilder bad = new StringBuilder();
        try (Stream<Path> s = Files.walk(home)) {
            for (Path p : s.toList()) {
                String m = mode(p);
                boolean isDir = Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (!m.equals(isDir ? dir : file)) bad.append(home.relativize(p)).append(' ').append(m).append('\n');
            }
        }
        return bad.toString();
    }

    /** {@code logs.group} opens the apps' log files to one group (0640), and only them. */
    @Test
    void logsGroupOpensTheLogFilesToThatGroup() throws Exception {
        Path probe = Files.createFile(tmp.resolve("probe"));
        String group = ((java.nio.file.attribute.GroupPrincipal) Files.getAttribute(probe, "posix:group")).getName();
        if (jmon.engine.HomeTrust.callerUid() == 0) {
            // root may give files to any group: take one that is not its own, so the chown shows
            for (String g : List.of("nogroup", "daemon", "adm", "users")) {
                try {
                    java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(g);
                    group = g;
                    break;
                } catch (java.io.IOException ignored) {
                    // not on this system
                }
            }
        }
        System.out.println("logsGroupOpensTheLogFilesToThatGroup: using group " + group);
        try (Jmon j = new Jmon(tmp)) {
            Files.createDirectories(j.home);
            Files.writeString(j.home.resolve("config.json"), "{\"logs\": {\"group\": \"" + group + "\"}}");
            Path eco = j.write("eco.json", "{\"apps\": [{\"name\": \"talk\", \"namespace\": \"grp\", \"script\": \"sh\","
                    + " \"args\": [\"-c\", \"echo hello; exec sleep 1000\"]}]}");
            j.ok("start", eco.toString());
            Path out = j.home.resolve("logs/grp/talk-out.log");
            Jmon.await("the log file", 10_000, () -> Files.exists(out));
            assertEquals("rw-r-----", mode(out));
            assertEquals(group, ((java.nio.file.attribute.GroupPrincipal) Files.getAttribute(out, "posix:group")).getName());
            assertEquals("rw-r-----", mode(j.home.resolve("logs/grp/talk-error.log")));
            assertEquals("rw-------", mode(j.home.resolve("jmon.log")), "the daemon's own log stays private");
            assertFalse(j.ok("ping").all().contains("logs.group"), "no warning for a good group");
        }
        try (Jmon j = new Jmon(tmp.resolve("bad"))) {
            Files.createDirectories(j.home);
            Files.writeString(j.home.resolve("config.json"), "{\"logs\": {\"group\": \"no-such-group-jmon\"}}");
            assertTrue(j.ok("ping").all().contains("logs.group: no group named 'no-such-group-jmon'"), "warned");
        }
    }

    /** A link planted in logs/ while the daemon runs: that app's log is in its write-error state, nothing else. */
    @Test
    void aLinkPlantedUnderLogsIsAWriteErrorNotAWriteOutside() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            j.ok("ping");
            Path outside = Files.createDirectories(tmp.resolve("outside"));
            Files.createSymbolicLink(j.home.resolve("logs/evil"), outside);
            Path eco = j.write("eco.json", "{\"apps\": [{\"name\": \"talk\", \"namespace\": \"evil\", \"script\": \"sh\","
                    + " \"args\": [\"-c\", \"while true; do echo hello; sleep 0.2; done\"]}]}");
            j.ok("start", eco.toString());
            assertEquals("online", j.status("evil", "talk"), "the app runs");
            Jmon.await("the write error shown", 10_000, () -> j.ok("describe", "talk", "-n", "evil").out().contains("NOT WRITTEN"));
            assertTrue(j.ok("describe", "talk", "-n", "evil").out().contains("symbolic link"));
            try (Stream<Path> s = Files.list(outside)) {
                assertEquals(0, s.count(), "nothing written through the link");
            }
            assertTrue(j.ok("logs", "talk", "-n", "evil", "--lines", "5", "--nostream").out().contains("hello"),
                    "the lines are still kept in memory");
            j.ok("ping");
        }
    }
}
