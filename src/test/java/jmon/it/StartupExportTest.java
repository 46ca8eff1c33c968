package jmon.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** startup/unstartup systemd and export systemd|kubernetes: the generated text (systemctl is never run). */
@Timeout(60)
class StartupExportTest {
    @TempDir Path tmp;
    Jmon j;

    @BeforeEach
    void up() throws Exception {
        j = new Jmon(tmp);
        j.env.put("JMON_SYSTEMD_DIR", tmp.resolve("units").toString());
        j.env.put("USER", "deploy");
    }

    @AfterEach
    void down() { j.close(); }

    /** systemd-analyze verify when the binary exists; nothing otherwise. */
    private static void verify(Path unit) throws Exception {
        Path sa = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(sa)) return;
        Process p = new ProcessBuilder(sa.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void startupPrintsAUnitThatRunsTheDaemonAndResurrects() {
        String u = j.ok("startup", "systemd", "--print").out();
        assertTrue(u.contains("\nType=simple\n"), u);
        assertTrue(u.contains("\nUser=deploy\n"), u);
        assertTrue(u.contains("\nEnvironment=JMON_HOME=" + j.home + "\n"), u);
        assertTrue(u.lines().anyMatch(l -> l.startsWith("ExecStart=") && l.endsWith(" daemon")
                && l.contains("jmon.cli.Main")), u);
        assertTrue(u.lines().anyMatch(l -> l.startsWith("ExecStartPost=/bin/sh -c ") && l.contains("jmon.sock")
                && l.endsWith(" resurrect\"") && l.contains("$$JMON_HOME")), u);
        assertTrue(u.contains("\nKillMode=process\n"), u);
        assertTrue(u.contains("\nTimeoutStopSec=120\n"), u);
        // fail fast exits non-zero (70, 71): on-failure restarts it, without a start limit; 'jmon kill' exits 0
        assertTrue(u.contains("\nRestart=on-failure\n"), u);
        assertTrue(u.contains("\nStartLimitIntervalSec=0\n") && u.indexOf("StartLimitIntervalSec") < u.indexOf("[Service]"), u);
        assertTrue(u.contains("\nWantedBy=multi-user.target\n"), u);
        assertFalse(Files.exists(tmp.resolve("units")), "--print writes nothing");
        j.env.put("JMON_LAUNCHER", "/opt/jmon/jmon");
        String l = j.ok("startup", "systemd", "--user", "--print", "--stop-timeout", "300").out();
        assertTrue(l.contains("\nExecStart=/opt/jmon/jmon daemon\n"), l);
        assertTrue(l.contains("exec /opt/jmon/jmon resurrect"), l);
        assertFalse(l.contains("User="), l);
        assertTrue(l.contains("\nTimeoutStopSec=300\n"), l);
        assertTrue(l.contains("\nWantedBy=default.target\n"), l);
    }

    @Test
    void startupWritesAndUnstartupRemoves() throws Exception {
        j.env.put("USER", System.getProperty("user.name"));
        var r = j.ok("startup", "systemd");
        Path unit = tmp.resolve("units/jmon-" + System.getProperty("user.name") + ".service");
        assertTrue(Files.exists(unit), r.out());
        assertTrue(r.out().contains("systemctl daemon-reload"), r.out());
        verify(unit);
        j.ok("startup", "systemd", "--user");
        assertTrue(Files.exists(tmp.resolve("units/jmon.service")));
        assertTrue(j.ok("unstartup", "--user").out().contains("removed"));
        assertFalse(Files.exists(tmp.resolve("units/jmon.service")));
        assertTrue(j.ok("unstartup").out().contains("removed"));
        assertFalse(Files.exists(unit));
        assertTrue(j.ok("unstartup").out().contains("nothing to remove"));
        assertEquals(2, j.run("startup", "upstart").code());
    }

    private Path eco() throws Exception {
        return j.write("eco.json", """
                {"namespace":"shop","apps":[
                  {"name":"api","script":"/bin/sleep","args":["300"],"instances":2,"cwd":"/tmp",
                   "env":{"PORT":"8080","GREETING":"a b \\"c\\" $HOME 100%"},"stop_signal":"SIGTERM","kill_timeout":3000,
                   "restart_delay":250,"stop_exit_codes":[0]},
                  {"name":"Job_1","script":"worker.sh","interpreter":"bash","interpreter_args":["-e"],"autorestart":false}
                ]}""");
    }

    @Test
    void exportSystemdMakesOneUnitPerInstance() throws Exception {
        eco();
        j.script("worker.sh", "sleep 300");
        var r = j.ok("export", "systemd", "eco.json", "--out", "out");
        Path api0 = tmp.resolve("out/jmon-shop-api-0.service");
        Path api1 = tmp.resolve("out/jmon-shop-api-1.service");
        Path job = tmp.resolve("out/jmon-shop-Job_1.service");
        assertTrue(Files.exists(api0) && Files.exists(api1) && Files.exists(job), r.out());
        String u = Files.readString(api1);
        assertTrue(u.contains("\nExecStart=/bin/sleep 300\n"), u);
        assertTrue(u.contains("\nWorkingDirectory=/tmp\n"), u);
        assertTrue(u.contains("\nEnvironment=PORT=8080\n"), u);
        assertTrue(u.contains("\nEnvironment=\"GREETING=a b \\\"c\\\" $$HOME 100%%\"\n"), u);
        assertTrue(u.contains("\nEnvironment=NODE_APP_INSTANCE=1\n"), u);
        assertTrue(u.contains("\nRestart=always\n"), u);
        assertTrue(u.contains("\nRestartPreventExitStatus=0\n"), u);
        assertTrue(u.contains("\nRestartSec=250ms\n"), u);
        assertTrue(u.contains("\nKillSignal=SIGTERM\n"), u);
        assertTrue(u.contains("\nTimeoutStopSec=3000ms\n"), u);
        String w = Files.readString(job);
        assertTrue(w.lines().anyMatch(l -> l.matches("ExecStart=/\\S*bash -e " + tmp.resolve("worker.sh"))), w);
        assertTrue(w.contains("\nRestart=no\n"), w);
        verify(api1);
        // printed: both files with a header each
        String printed = j.ok("export", "systemd", "eco.json", "--only", "api").out();
        assertTrue(printed.contains("# ---- jmon-shop-api-0.service") && printed.contains("# ---- jmon-shop-api-1.service"));
        assertFalse(printed.contains("Job_1"));
    }

    @Test
    void exportKubernetesMakesADeploymentPerApp() throws Exception {
        eco();
        j.script("worker.sh", "sleep 300");
        String y = j.ok("export", "kubernetes", "eco.json", "--image", "registry/shop:1").out();
        String[] docs = y.split("\n---\n");
        assertEquals(2, docs.length, y);
        String api = docs[0];
        assertTrue(api.contains("kind: Deployment"), api);
        assertTrue(api.contains("\n  name: \"api\"\n  namespace: \"shop\"\n"), api);
        assertTrue(api.contains("\n  replicas: 2\n"), api);
        assertTrue(api.contains("image: \"registry/shop:1\""), api);
        assertTrue(api.contains("command: [\"/bin/sleep\"]"), api);
        assertTrue(api.contains("args: [\"300\"]"), api);
        assertTrue(api.contains("workingDir: \"/tmp\""), api);
        assertTrue(api.contains("- name: \"GREETING\"\n              value: \"a b \\\"c\\\" $HOME 100%\""), api);
        assertTrue(api.contains("terminationGracePeriodSeconds: 3"), api);
        assertFalse(api.contains("readinessProbe") || api.contains("livenessProbe"), "no health section: no probes");
        String job = docs[1];
        assertTrue(job.contains("name: \"job-1\""), job);
        assertTrue(job.matches("(?s).*command: \\[\"\\S*bash\"\\].*") && job.contains("args: [\"-e\", \"" + tmp.resolve("worker.sh") + "\"]"), job);
        assertEquals(2, j.run("export", "nomad", "eco.json").code());
    }

    @Test
    void exportKubernetesCarriesHttpAndTcpProbes() throws Exception {
        j.write("probed.json", """
                {"namespace":"shop","apps":[{"name":"web","script":"sleep","args":["300"],
                  "health":{"readiness":{"http":"http://127.0.0.1:8080/ready","period":2000,"failure_threshold":4},
                            "liveness":{"tcp":"127.0.0.1:8080","initial_delay":5000}}}]}""");
        String y = j.ok("export", "kubernetes", "probed.json", "--image", "img").out();
        assertTrue(y.contains("readinessProbe:\n            httpGet:\n              path: \"/ready\"\n              port: 8080\n"), y);
        assertTrue(y.contains("periodSeconds: 2\n") && y.contains("failureThreshold: 4\n"), y);
        assertTrue(y.contains("livenessProbe:\n            tcpSocket:\n              port: 8080\n            initialDelaySeconds: 5\n"), y);
    }
}
