package jmon.engine.hooks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jmon.api.HookRun;
import jmon.rpc.Json;

/**
 * Does what one hook says for one event, within its timeout: a command gets the event as JSON on stdin and as
 * {@code JMON_EVENT_*} variables (plus PATH, HOME, USER, LANG of the daemon; nothing else of its environment),
 * with its output appended to {@code hooks.log}; a URL gets the JSON POSTed. Runs on a hooks worker, never the
 * engine thread.
 */
final class HookRunner {
    private static final List<String> PASSED_ENV = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "TZ", "TMPDIR");

    private final Path outputLog;
    private final Map<String, String> daemonEnv;

    HookRunner(Path outputLog, Map<String, String> daemonEnv) {
        this.outputLog = outputLog;
        this.daemonEnv = daemonEnv;
    }

    HookRun run(HookRule rule, HookEvent e) {
        long t0 = System.nanoTime();
        boolean ok;
        String detail;
        try {
            if (rule.command() != null) {
                detail = command(rule, e);
            } else {
                detail = post(rule, e);
            }
            ok = detail.startsWith("ok");
        } catch (IOException | RuntimeException x) {
            ok = false;
            detail = x.getClass().getSimpleName() + ": " + x.getMessage();
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            ok = false;
            detail = "interrupted (the daemon is stopping)";
        }
        return new HookRun(rule.name(), e.type(), e.subject(), ok, detail, (System.nanoTime() - t0) / 1_000_000);
    }

    private String command(HookRule rule, HookEvent e) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(rule.command());
        Map<String, String> env = pb.environment();
        env.clear();
        for (String k : PASSED_ENV) {
            String v = daemonEnv.get(k);
            if (v != null) env.put(k, v);
        }
        env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.putAll(e.env());
        pb.redirectErrorStream(true);
        if (!java.nio.file.Files.exists(outputLog, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            jmon.engine.Home.openPrivate(outputLog, java.nio.file.StandardOpenOption.APPEND).close(); // 0600, before anything writes
        }
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(outputLog.toFile()));
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((Json.write(e.toJson()) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the command does not read its stdin: the variables are enough
        }
        if (!p.waitFor(rule.timeoutMs(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(2, TimeUnit.SECONDS);
            return "timed out after " + rule.timeoutMs() + " ms: killed";
        }
        int code = p.exitValue();
        return code == 0 ? "ok: exit 0" : "exit " + code;
    }

    private String post(HookRule rule, HookEvent e) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(rule.url()).toURL().openConnection();
        int timeout = (int) Math.min(Integer.MAX_VALUE, rule.timeoutMs());
        c.setConnectTimeout(timeout);
        c.setReadTimeout(timeout);
        c.setInstanceFollowRedirects(false);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
        c.setRequestProperty("User-Agent", "jmon-hooks/" + jmon.api.Version.get());
        byte[] body = Json.write(e.toJson()).getBytes(StandardCharsets.UTF_8);
        c.setFixedLengthStreamingMode(body.length);
        try {
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            return status >= 200 && status < 300 ? "ok: HTTP " + status : "HTTP " + status;
        } finally {
            c.disconnect();
        }
    }
}
