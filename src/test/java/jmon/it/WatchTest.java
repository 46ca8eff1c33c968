package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** watch: a change restarts once after the quiet time; ignored folders never do. */
@Timeout(90)
class WatchTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception { j = new Jmon(tmp); }

    @AfterEach
    void down() { j.close(); }

    private int restarts() { return j.proc("default", "dev").get("pm2_env").get("restart_time").asInt(); }

    @Test
    void aSaveStormGivesOneRestartAndIgnoredPathsNone() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("app/src"));
        Files.createDirectories(tmp.resolve("app/node_modules/lib"));
        Files.createDirectories(tmp.resolve("app/build"));
        j.script("app/run.sh", "exec sleep 1000");
        j.write("eco.json", """
                {"apps":[{"name":"dev","script":"run.sh","cwd":"app","watch":true,"watch_delay":400,
                          "ignore_watch":["build", "*.pyc", "**/tmp/**"],"kill_timeout":300}]}""");
        j.ok("start", "eco.json");
        Files.writeString(tmp.resolve("app/node_modules/lib/x.js"), "1");
        Files.writeString(tmp.resolve("app/build/out.txt"), "1");
        for (int i = 0; i < 10; i++) Files.writeString(src.resolve("main.py"), "v" + i); // the storm
        Jmon.await("one restart", 10_000, () -> restarts() >= 1);
        // quiet now: no second restart follows the storm (watch_delay is 400 ms; allow well past it)
        long deadline = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < deadline) assertEquals(1, restarts(), "a save storm gives one restart");
        // PM2's globs (chokidar): build/ as a folder, *.pyc directly in cwd, any tmp folder
        Files.writeString(tmp.resolve("app/x.pyc"), "1");
        Files.writeString(tmp.resolve("app/build/out2.txt"), "1");
        Files.writeString(Files.createDirectories(src.resolve("tmp")).resolve("t.txt"), "1");
        deadline = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < deadline) assertEquals(1, restarts(), "ignored paths restart nothing");
        Path sub = Files.createDirectories(src.resolve("newdir"));
        Files.writeString(sub.resolve("a.txt"), "new folders are watched too");
        Jmon.await("second restart", 10_000, () -> restarts() >= 2);
        // "*.pyc" is relative to cwd, as in PM2: a .pyc deeper down is watched
        Files.writeString(src.resolve("deep.pyc"), "1");
        Jmon.await("third restart", 10_000, () -> restarts() >= 3);
        assertTrue(Files.readString(j.home.resolve("jmon.log")).contains("file changed: "));
    }
}
