package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jlist's PM2 fields on a real daemon: version from package.json, versioning from a real git checkout, watch. */
@Timeout(90)
class Pm2JlistTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private String git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.email=t@example.invalid", "-c",
                "user.name=t", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "git " + String.join(" ", args));
        assertEquals(0, p.exitValue(), () -> "git " + String.join(" ", args) + ": " + out);
        return out.strip();
    }

    /** PM2's pid_file: the pid of the current run in "-pmId.pid", gone when the app stops. */
    @Test
    void pidFileHoldsThePidOfTheCurrentRun() throws Exception {
        j.write("eco.json", """
                {"apps":[{"name":"napper","script":"sleep","args":["1000"],"instances":2,"pid_file":"run/napper.pid",
                          "kill_timeout":300}]}""");
        j.ok("start", "eco.json");
        for (JsonNode p : j.jlist()) {
            int id = p.get("pm_id").asInt();
            Path f = tmp.resolve("run/napper-" + id + ".pid");
            assertEquals(f.toString(), p.get("pm2_env").get("pm_pid_path").asText());
            Jmon.await("pid file", 5_000, () -> Files.exists(f));
            assertEquals(p.get("pid").asText(), Files.readString(f).strip());
        }
        long before = j.jlist().get(0).get("pid").asLong();
        int id0 = j.jlist().get(0).get("pm_id").asInt();
        j.ok("restart", "napper");
        long after = j.jlist().get(0).get("pid").asLong();
        assertNotEquals(before, after);
        assertEquals(Long.toString(after), Files.readString(tmp.resolve("run/napper-" + id0 + ".pid")).strip());
        j.ok("stop", "napper");
        Jmon.await("pid files removed", 5_000, () -> !Files.exists(tmp.resolve("run/napper-" + id0 + ".pid")));
    }

    /** `jmon list | grep NAME` finds the whole name: piped output is never cut (nor is --wide). */
    @Test
    void listPipedNeverCutsNames() throws Exception {
        String name = "flyer-" + "x".repeat(60);
        j.ok("start", "sleep", "--name", name, "--", "1000");
        assertTrue(j.ok("list").out().contains(name), "piped list shows the whole name");
        assertTrue(j.ok("list", "--wide").out().contains(name));
    }

    @Test
    void versionVersioningAndWatchAsPm2Types() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("repo/app"));
        Files.writeString(tmp.resolve("repo/package.json"), "{\"name\":\"demo\",\"version\":\"1.4.2\"}");
        j.script("repo/app/run.sh", "exec sleep 1000");
        Path repo = tmp.resolve("repo");
        git(repo, "init", "-q");
        git(repo, "remote", "add", "origin", "https://example.invalid/demo.git");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "first\n\nbody line");
        Files.writeString(app.resolve("new.txt"), "not committed");
        Files.createDirectories(tmp.resolve("plain"));
        j.script("plain/run.sh", "exec sleep 1000");
        j.write("eco.json", """
                {"apps":[{"name":"api","script":"run.sh","cwd":"repo/app","watch":["src"],"kill_timeout":300},
                         {"name":"plain","script":"run.sh","cwd":"plain","kill_timeout":300}]}""");
        Files.createDirectories(app.resolve("src"));
        j.ok("start", "eco.json");

        JsonNode env = j.proc("default", "api").get("pm2_env");
        assertEquals("1.4.2", env.get("version").asText(), "nearest package.json above the script, as PM2");
        JsonNode v = env.get("versioning");
        assertEquals("git", v.get("type").asText());
        assertEquals(git(repo, "rev-parse", "HEAD"), v.get("revision").asText());
        // git log's %B with its own trailing newline, as PM2's vizion keeps it
        assertEquals("first\n\nbody line\n", v.get("comment").asText());
        assertEquals("main", v.get("branch").asText());
        assertEquals("https://example.invalid/demo.git", v.get("url").asText());
        assertEquals("origin", v.get("remote").asText());
        assertEquals("[\"origin\"]", v.get("remotes").toString());
        assertTrue(v.get("unstaged").isBoolean() && v.get("unstaged").asBoolean(), "an untracked file is a change");
        assertFalse(v.get("branch_exists_on_remote").asBoolean());
        assertTrue(v.get("update_time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*"), v.toString());
        assertEquals(app.toString(), v.get("repo_path").asText());
        assertEquals("[\"src\"]", env.get("watch").toString(), "watch as written, relative to cwd");
        assertTrue(env.get("ignore_watch").isArray());
        assertTrue(env.get("watch_delay").isIntegralNumber());
        assertTrue(env.get("unique_id").asText().matches("[0-9a-f-]{36}"));

        JsonNode plain = j.proc("default", "plain").get("pm2_env");
        assertEquals("N/A", plain.get("version").asText());
        assertTrue(plain.get("versioning").isNull(), "no checkout: null, as PM2");
        assertFalse(plain.has("watch"), "not watching: left out, as PM2");

        // a deploy (a new commit) shows at the next jlist, not after a cache period
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "second");
        String head = git(repo, "rev-parse", "HEAD");
        JsonNode after = j.proc("default", "api").get("pm2_env").get("versioning");
        assertEquals(head, after.get("revision").asText());
        assertFalse(after.get("unstaged").asBoolean());
        assertEquals("second\n", after.get("comment").asText());
    }
}
