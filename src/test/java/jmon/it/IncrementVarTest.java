package jmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PM2's {@code increment_var}: each instance finds the variable's number plus its instance id (PORT 3000, 3001),
 * so several instances of one app listen on their own ports; without a number to add to, the file is refused.
 */
@Timeout(60)
class IncrementVarTest {
    @TempDir Path tmp;

    @Test
    void eachInstanceGetsTheBasePlusItsIdAndABaseThatIsNoNumberIsRefused() throws Exception {
        try (Jmon j = new Jmon(tmp)) {
            Path seen = tmp.resolve("ports");
            j.script("app.sh", "echo \"$NODE_APP_INSTANCE $PORT\" >> " + seen + "\nexec sleep 300");
            j.write("eco.json", "{\"apps\":[{\"name\":\"api\",\"namespace\":\"web\",\"script\":\"app.sh\",\"instances\":3,"
                    + "\"increment_var\":\"PORT\",\"env\":{\"PORT\":\"3000\"}}]}");
            j.ok("start", "eco.json");
            Jmon.await("three instances wrote their port", 10_000,
                    () -> Files.exists(seen) && lines(seen) == 3);
            var got = new java.util.TreeSet<>(Files.readAllLines(seen));
            assertEquals(new java.util.TreeSet<>(java.util.List.of("0 3000", "1 3001", "2 3002")), got);

            j.write("bad.json", "{\"apps\":[{\"name\":\"api2\",\"script\":\"app.sh\",\"instances\":2,"
                    + "\"increment_var\":\"PORT\",\"env\":{\"PORT\":\"http\"}}]}");
            Jmon.Result r = j.run("start", "bad.json");
            assertEquals(2, r.code(), r.all());
            assertTrue(r.err().contains("increment_var") && r.err().contains("bad.json"), r.err());
        }
    }

    private static int lines(Path p) {
        try {
            return Files.readAllLines(p).size();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
