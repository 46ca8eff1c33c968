package jmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dependencies that act, on real processes: a start starts what the app depends on (not with --no-deps); a stop
 * of a dependency stops what is bound to it first (part_of, binds_to), in order; a new run of a dependency (by
 * request or after a crash) restarts its bound dependents; a binds_to dependency that ends for good stops them;
 * stop all stops in the ordered levels kill uses; graph and describe show the graph.
 */
@Timeout(120)
class DependenciesActTest {
    @TempDir Path tmp;

    private static long pid(Jmon j, String name) { return j.proc("shop", name).get("pid").asLong(); }

    private static void allOnline(Jmon j, String... names) {
        Jmon.await(String.join(",", names) + " online", 20_000, () -> {
            for (String n : names) if (!"online".equals(j.status("shop", n))) return false;
            return true;
        });
    }

    @Test
    void startsPullStopsAndRestartsPropagateAlongTheBonds() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Path stops = tmp.resolve("stops");
            Path app = j.script("app.sh", "trap 'echo \"$JMON_NAME\" >> " + stops + "; sleep 0.2; exit 0' INT\n"
                    + "while :; do sleep 0.05 & wait $!; done");
            j.write("eco.json", "{\"namespace\": \"shop\", \"apps\": ["
                    + "{\"name\": \"db\", \"script\": \"" + app + "\", \"priority\": 1},"
                    + "{\"name\": \"api\", \"script\": \"" + app + "\", \"binds_to\": [\"db\"]},"
                    + "{\"name\": \"web\", \"script\": \"" + app + "\", \"depends_on\": [{\"name\": \"api\", \"condition\": \"started\"}], \"part_of\": \"api\"},"
                    + "{\"name\": \"worker\", \"script\": \"" + app + "\", \"depends_on\": [\"db\"]}]}");
            j.ok("start", "eco.json");
            allOnline(j, "db", "api", "web", "worker");

            // the graph, as a tree and in describe
            String graph = j.ok("graph", "-n", "shop").out();
            assertTrue(graph.contains("shop/web  online\n└─ shop/api (started, part_of)  online\n   └─ shop/db (started, binds_to)  online\n"), graph);
            assertTrue(graph.contains("shop/worker  online\n└─ shop/db (started)  online"), graph);
            assertTrue(j.ok("graph", "--dot").out().contains("\"shop/api\" -> \"shop/db\" [label=\"started, binds_to\", style=bold];"));
            String desc = j.ok("describe", "api", "-n", "shop").out();
            assertTrue(desc.contains("depends on  shop/db (started, binds_to; online)"), desc);
            assertTrue(desc.contains("needed by  shop/web (started, part_of)"), desc);

            // a stop of the database stops what is bound to it first, in order; the unbound worker runs on
            long worker = pid(j, "worker");
            String out = j.ok("stop", "db", "-n", "shop").all();
            assertTrue(out.contains("bound to what was stopped"), out);
            assertEquals(List.of("web", "api", "db"), Files.readAllLines(stops), "dependents first");
            for (String n : List.of("db", "api", "web")) assertEquals("stopped", j.status("shop", n), n);
            assertEquals(worker, pid(j, "worker"));

            // starting web starts api and db, which it needs
            out = j.ok("start", "web", "-n", "shop").all();
            assertTrue(out.contains("started shop/api: a dependency") && out.contains("started shop/db: a dependency"), out);
            allOnline(j, "db", "api", "web");

            // a restart of the database is a new run: what is bound to it restarts and reconnects, transitively
            long api = pid(j, "api"), web = pid(j, "web"), db = pid(j, "db");
            j.ok("restart", "db", "-n", "shop");
            Jmon.await("api and web restarted", 15_000, () -> {
                allOnline(j, "db", "api", "web");
                return pid(j, "api") != api && pid(j, "web") != web;
            });
            assertNotEquals(db, pid(j, "db"));
            assertEquals(worker, pid(j, "worker"), "the worker has no bond: left alone");
            assertTrue(j.proc("shop", "api").at("/pm2_env/restart_time").asInt() >= 1);

            // a crash of the database: restarted by the supervisor, and its bound dependents with it
            long api2 = pid(j, "api"), db2 = pid(j, "db");
            new ProcessBuilder("kill", "-9", Long.toString(db2)).start().waitFor();
            Jmon.await("db back and api restarted", 15_000, () -> {
                var d = j.proc("shop", "db");
                return d.get("pid").asLong() != db2 && "online".equals(j.status("shop", "db")) && pid(j, "api") != api2
                        && "online".equals(j.status("shop", "api"));
            });

            // --no-deps: the dependent waits, nothing else starts
            j.ok("stop", "all", "-n", "shop");
            Files.deleteIfExists(stops);
            j.ok("start", "web", "-n", "shop", "--no-deps");
            assertEquals("stopped", j.status("shop", "api"));
            assertTrue(j.ok("describe", "web", "-n", "shop").out().contains("waiting for"), "web waits for api");
            j.ok("start", "api", "-n", "shop");
            allOnline(j, "db", "api", "web");
            assertEquals("stopped", j.status("shop", "worker"), "a start pulls dependencies, not dependents");

            // stop all: the ordered levels (dependents before what they need)
            j.ok("stop", "all", "-n", "shop");
            List<String> order = Files.readAllLines(stops);
            assertEquals(List.of("web", "api", "db"), order);
        }
    }

    @Test
    void aBindsToDependencyThatEndsForGoodStopsItsDependents() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Path once = j.script("once.sh", "sleep 1; exit 0");
            Path app = j.script("app.sh", "exec sleep 300");
            j.write("eco.json", "{\"namespace\": \"shop\", \"apps\": ["
                    + "{\"name\": \"tunnel\", \"script\": \"" + once + "\", \"autorestart\": false},"
                    + "{\"name\": \"client\", \"script\": \"" + app + "\", \"binds_to\": \"tunnel\"},"
                    + "{\"name\": \"other\", \"script\": \"" + app + "\", \"part_of\": \"tunnel\"}]}");
            j.ok("start", "eco.json");
            Jmon.await("tunnel exited, client stopped", 15_000, () -> "exited".equals(j.status("shop", "tunnel"))
                    && "stopped".equals(j.status("shop", "client")));
            String log = Files.readString(j.home.resolve("jmon.log"));
            assertTrue(log.contains("shop/client [1] online -> stopping: stopped: bound to shop/tunnel, which ended exited"), log);
            assertEquals("online", j.status("shop", "other"), "part_of follows requests and new runs, not an end");
        }
    }
}
