package jmon.cli.render;

import jmon.format.Fixtures;
import static jmon.format.Fixtures.NOW;
import static jmon.format.Fixtures.online;
import static jmon.format.Fixtures.proc;
import static jmon.format.Fixtures.strip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import jmon.api.Desired;
import jmon.api.ProcessInfo;
import jmon.api.ProcessStatus;
import org.junit.jupiter.api.Test;

class DescribeTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    /** The value shown for a key, found by its padded "  key  value" line. */
    private static String value(String out, String key) {
        for (String l : out.split("\n")) {
            if (l.startsWith("  " + key + " ")) return l.substring(2 + key.length()).trim();
        }
        throw new AssertionError("no line for " + key + " in\n" + out);
    }

    @Test
    void showsTheStateThePathsAndThePolicy() {
        String out = Describe.render(online(7, "prod", "api"), false, NOW, UTC);
        assertEquals("online", value(out, "status"));
        assertEquals("api", value(out, "name"));
        assertEquals("prod", value(out, "namespace"));
        assertEquals("7", value(out, "id"));
        assertEquals("1 of 2", value(out, "instance"));
        assertEquals("1007", value(out, "pid"));
        assertEquals("run", value(out, "desired"));
        assertEquals("yes", value(out, "ready"));
        assertEquals("4", value(out, "restarts"));
        assertEquals("1", value(out, "unstable restarts"));
        assertEquals("3h", value(out, "uptime"));
        assertEquals("2027-01-13T08:00:00Z", value(out, "created at"));
        assertEquals("-", value(out, "last exit code"));
        assertEquals("-", value(out, "last signal"));
        assertEquals("started by user", value(out, "reason"));
        assertEquals("/srv/api/app.py", value(out, "script path"));
        assertEquals("/usr/bin/python3 -u", value(out, "interpreter"));
        assertEquals("--port 8080", value(out, "args"));
        assertEquals("/srv/api", value(out, "cwd"));
        assertEquals("/var/log/jmon/prod/api-out.log", value(out, "out log path"));
        assertEquals("/var/log/jmon/prod/api-err.log", value(out, "error log path"));
        assertEquals("3", value(out, "priority"));
        assertEquals("yes", value(out, "protected"));
        assertEquals("production", value(out, "tier"));
        assertEquals("/srv/ecosystem.json", value(out, "source file"));
        assertEquals("true", value(out, "autorestart"));
        assertEquals("5", value(out, "max_restarts"));
        assertEquals("2000ms", value(out, "min_uptime"));
        assertEquals("100ms", value(out, "restart_delay"));
        assertEquals("150ms", value(out, "exp_backoff"));
        assertEquals("3000ms", value(out, "kill_timeout"));
        assertEquals("SIGTERM", value(out, "stop_signal"));
        assertEquals("[0, 2]", value(out, "stop_exit_codes"));
    }

    @Test
    void valuesStartInOneColumn() {
        String out = Describe.render(online(7, "prod", "api"), false, NOW, UTC);
        List<String> kv = List.of(out.split("\n")).subList(1, 35); // with the health line
        int col = kv.get(0).indexOf("online");
        assertEquals(col, kv.get(1).indexOf("api"));
        assertEquals(col, kv.get(kv.size() - 1).indexOf("[0, 2]"));
    }

    @Test
    void envIsListedSortedAndRedacted() {
        String out = Describe.render(online(0, "prod", "api"), false, NOW, UTC);
        assertFalse(out.contains("hunter2"));
        assertFalse(out.contains("ghp_abc"));
        String env = out.substring(out.indexOf(Describe.ENV_TITLE));
        assertEquals(Describe.ENV_TITLE + "\n"
                + "  DB_PASSWORD=[redacted]\n"
                + "  GITHUB_TOKEN=[redacted]\n"
                + "  NODE_ENV=production\n"
                + "  PORT=8080\n"
                + "  x-api-key=[redacted]\n", env);
    }

    @Test
    void haltedProcessShowsDashesAndTheLastExit() {
        String out = Describe.render(proc(2, "batch", "job", ProcessStatus.ERRORED), false, NOW, UTC);
        assertEquals("errored", value(out, "status"));
        assertEquals("-", value(out, "pid"));
        assertEquals("-", value(out, "uptime"));
        assertEquals("halt", value(out, "desired"));
        assertEquals("3", value(out, "last exit code"));
        assertEquals("SIGKILL", value(out, "last signal"));
    }

    @Test
    void colourOnlyWrapsTheStatusAndTitles() {
        ProcessInfo p = proc(2, "batch", "job", ProcessStatus.ERRORED);
        String plain = Describe.render(p, false, NOW, UTC);
        String colour = Describe.render(p, true, NOW, UTC);
        assertFalse(plain.contains("\u001b"));
        assertTrue(colour.contains(Ansi.RED + "errored" + Ansi.RESET));
        assertEquals(plain, strip(colour));
    }

    @Test
    void bareProcessWithoutSpec() {
        ProcessInfo bare = new ProcessInfo(9, "default", "bare\nx", 0, ProcessStatus.STOPPED, Desired.HALT, 0, false,
                0, 0, 0, 0, null, null, null, null, null, 0, 0, null);
        String out = Describe.render(bare, false, NOW, UTC);
        assertEquals("bare?x", value(out, "name"));
        assertEquals("-", value(out, "created at"));
        assertEquals("-", value(out, "script path"));
        assertEquals("unset", value(out, "priority"));
        assertTrue(out.endsWith(Describe.ENV_TITLE + "\n  (none)\n"));
        assertTrue(Describe.render(bare, false, NOW).contains("bare?x"), "default zone overload");
    }

    /** The metrics block as it was written with streams and String.format: the loops print the same. */
    private static String metricsWithStreams(List<jmon.api.MetricSample> samples) {
        if (samples.isEmpty()) return "";
        double[] cpu = samples.stream().mapToDouble(jmon.api.MetricSample::cpu).toArray();
        double[] mem = samples.stream().mapToDouble(m -> (double) m.memory()).toArray();
        StringBuilder sb = new StringBuilder("\nmetrics (last " + samples.size() + " samples)\n");
        sb.append(String.format("  %-8s %s  min %s  avg %s  max %s%n", "cpu", Describe.spark(cpu),
                Human.percent(java.util.Arrays.stream(cpu).min().orElse(0)),
                Human.percent(java.util.Arrays.stream(cpu).average().orElse(0)),
                Human.percent(java.util.Arrays.stream(cpu).max().orElse(0))));
        sb.append(String.format("  %-8s %s  min %s  avg %s  max %s%n", "memory", Describe.spark(mem),
                Human.bytes((long) java.util.Arrays.stream(mem).min().orElse(0)),
                Human.bytes((long) java.util.Arrays.stream(mem).average().orElse(0)),
                Human.bytes((long) java.util.Arrays.stream(mem).max().orElse(0))));
        return sb.toString();
    }

    @Test
    void metricsPrintWhatTheStreamVersionPrinted() {
        java.util.Random r = new java.util.Random(7);
        assertEquals("", Describe.metrics(List.of()));
        for (int n : new int[] {1, 2, 30, 300}) {
            List<jmon.api.MetricSample> samples = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                samples.add(new jmon.api.MetricSample(NOW + i, r.nextDouble() * 400, r.nextLong() & ((1L << 40) - 1)));
            }
            assertEquals(metricsWithStreams(samples), Describe.metrics(samples));
        }
    }

    @Test
    void minMaxAverageAreDoubleStreamsToTheBit() {
        java.util.Random r = new java.util.Random(11);
        double[][] cases = {{}, {Double.NaN, 1}, {1, Double.NaN}, {-0.0, 0.0}, {0.0, -0.0},
                {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
                {1e308, 1e308, -1e308}, {0.1, 0.2, 0.3}};
        List<double[]> all = new java.util.ArrayList<>(List.of(cases));
        for (int i = 0; i < 500; i++) {
            double[] v = new double[1 + r.nextInt(200)];
            for (int j = 0; j < v.length; j++) v[j] = i % 2 == 0 ? r.nextDouble() * 100 : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(30));
            all.add(v);
        }
        for (double[] v : all) {
            assertEquals(Double.doubleToRawLongBits(java.util.Arrays.stream(v).min().orElse(0)), Double.doubleToRawLongBits(Describe.min(v)));
            assertEquals(Double.doubleToRawLongBits(java.util.Arrays.stream(v).max().orElse(0)), Double.doubleToRawLongBits(Describe.max(v)));
            assertEquals(Double.doubleToRawLongBits(java.util.Arrays.stream(v).average().orElse(0)), Double.doubleToRawLongBits(Describe.avg(v)),
                    java.util.Arrays.toString(v));
        }
    }

    @Test
    void listsMembersOnlyWhenThereAreSome() {
        ProcessInfo x = online(7, "prod", "api");
        assertFalse(Describe.render(x, false, NOW, UTC).contains(Describe.MEMBERS_TITLE));
        ProcessInfo withMembers = new ProcessInfo(x.pmId(), x.namespace(), x.name(), x.instanceId(), x.status(),
                x.desired(), x.pid(), x.ready(), x.restarts(), x.unstableRestarts(), x.startedAt(), x.createdAt(),
                x.lastExitCode(), x.lastSignal(), x.reason(), x.outLogPath(), x.errLogPath(), x.cpu(), x.memory(),
                x.spec(), x.health(), List.of(new jmon.api.Member(2001, 5, "node worker.js", "group"),
                        new jmon.api.Member(2002, 6, "sleep 1000\u001b[2J", "marked")), null);
        String out = Describe.render(withMembers, false, NOW, UTC);
        String members = out.substring(out.indexOf(Describe.MEMBERS_TITLE), out.indexOf(Describe.ENV_TITLE));
        assertEquals(Describe.MEMBERS_TITLE + "\n  2001     group    node worker.js\n"
                + "  2002     marked   " + Text.printable("sleep 1000\u001b[2J") + "\n\n", members);
        assertFalse(members.contains("\u001b"), "a command line cannot drive the terminal");
    }
}
