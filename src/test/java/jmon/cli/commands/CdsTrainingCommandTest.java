package jmon.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The archive's training run takes the commands' real paths: against its stand-in daemon every command succeeds,
 * except the ones that fail on purpose, so the archive holds what a real run loads (not only error paths).
 */
class CdsTrainingCommandTest {
    @Test
    void everyCommandRunsItsRealPathAgainstTheStandIn() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("JMON_HOST", "nowhere.invalid"); // ignored: the training never goes over ssh
        Map<String, Integer> codes;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            codes = CdsTrainingCommand.train(env, "0.0.0-test", out);
        }
        String text = buf.toString(StandardCharsets.UTF_8);

        Set<String> failOnPurpose = Set.of("describe nosuch", "lsit", "list --wdie"); // usage: 2
        Set<String> errored = Set.of("stop api", "stop locked", "restart all -n web", "reload worker", "delete cron",
                "start api"); // an errored process in the answer, or a frozen namespace: 1
        for (var e : codes.entrySet()) {
            String cmd = e.getKey().replaceFirst("^(tty |narrow )", "");
            int expected = cmd.startsWith("no daemon ") ? 3 : failOnPurpose.contains(cmd) ? 2 : errored.contains(cmd) ? 1 : 0;
            assertEquals(expected, e.getValue(), e.getKey() + "\n" + text);
        }
        assertEquals(2 * CdsTrainingCommand.COMMANDS.size() + 2 + 4, codes.size());
        assertTrue(text.contains("FROZEN batch by operator: incident 42: disk full"), text);
        assertTrue(text.contains("pong: jmon 0.0.0-test"), text);
        assertTrue(text.contains("load 0.52 1.01 0.13"), text);
        assertTrue(text.contains("Describing web/api#0 (id 0)"), text);
        assertTrue(text.contains("metrics (last 30 samples)"), text);
        assertTrue(text.contains("namespace web is frozen by operator"), text);
        assertFalse(text.contains("unreadable answer"), text);
    }
}
