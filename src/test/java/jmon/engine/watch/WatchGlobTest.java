package jmon.engine.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * ignore_watch as PM2 matches it: chokidar 3.6 joins the pattern to cwd and asks picomatch 2.3 (dot: true). The
 * expected column is what picomatch answered for the same absolute pattern and path.
 */
class WatchGlobTest {
    private static boolean ignored(String glob, String path) { return WatchGlob.compile(glob, "/app").matches(path); }

    @Test
    void pm2sMatchingRules() {
        String[][] table = {
                {"*.pyc", "/app/x.pyc", "true"},
                {"*.pyc", "/app/a/x.pyc", "false"},
                {"**/*.pyc", "/app/x.pyc", "true"},
                {"**/*.pyc", "/app/a/b/x.pyc", "true"},
                {"node_modules", "/app/node_modules", "true"},
                {"node_modules", "/app/node_modules/lib/x.js", "true"},
                {"node_modules", "/app/src/node_modules/x.js", "false"},
                {"**/tmp/**", "/app/tmp", "true"},
                {"**/tmp/**", "/app/tmp/x", "true"},
                {"**/tmp/**", "/app/a/tmp/x", "true"},
                {"**/tmp/**", "/app/tmpx/y", "false"},
                {"logs/**", "/app/logs", "true"},
                {"\\.git", "/app/.git/HEAD", "true"},
                {"*", "/app/.env", "true"},
                {"?.js", "/app/a.js", "true"},
                {"?.js", "/app/ab.js", "false"},
                {"{a,b}/*.log", "/app/b/x.log", "true"},
                {"{a,b}/*.log", "/app/c/x.log", "false"},
                {"[!x]y", "/app/ay", "true"},
                {"[!x]y", "/app/xy", "false"},
                {"./build", "/app/build/out", "true"},
                {"../shared", "/shared/x", "true"},
                {"/var/tmp/*.sock", "/var/tmp/a.sock", "true"},
                {"a**b", "/app/axxb", "true"},
        };
        for (String[] row : table) {
            assertEquals(Boolean.parseBoolean(row[2]), ignored(row[0], row[1]), row[0] + " vs " + row[1]);
        }
    }

    @Test
    void problems() {
        assertNull(WatchGlob.problem("**/*.log"));
        assertNotNull(WatchGlob.problem(""));
        assertNotNull(WatchGlob.problem("[ab"));
        assertNotNull(WatchGlob.problem("{a,b"));
        assertNotNull(WatchGlob.problem("!keep.txt"));
        assertNotNull(WatchGlob.problem("^build/"));
        assertNotNull(WatchGlob.problem(".*\\.log"));
        assertNotNull(WatchGlob.problem("(a|b)"));
        assertNotNull(WatchGlob.problem("trailing\\"));
    }
}
