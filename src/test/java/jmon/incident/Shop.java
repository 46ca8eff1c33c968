package jmon.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import jmon.it.Jmon;

/** A small example-like ecosystem (shop prod/test, stock-alert prod) of shell apps, started and saved. */
final class Shop {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long API_DELAY_MS = 1500;

    private Shop() {}

    static String app(String name, String script, int priority, String extra) {
        return "{\"name\":\"" + name + "\",\"script\":\"" + script + "\",\"interpreter\":\"sh\",\"priority\":" + priority
                + ",\"min_uptime\":800,\"kill_timeout\":500" + extra + "}";
    }

    static void write(Jmon j, String never) throws IOException {
        // the api becomes ready only after a delay: the restore must wait for it
        j.script("api.sh", "sleep " + (API_DELAY_MS / 1000.0) + "\necho starting api\necho READY=1 > \"$JMON_NOTIFY\"\nwhile true; do sleep 1; done");
        j.script("worker.sh", "echo worker up\nwhile true; do sleep 1; done");
        j.script("never.sh", "echo never ready >&2\nwhile true; do sleep 1; done");
        String ready = ",\"wait_ready\":true,\"listen_timeout\":30000";
        j.write("shop-prod.json", "{\"namespace\":\"shop-prod\",\"tier\":\"production\",\"apps\":["
                + app("shop-api", "api.sh", 1, ready) + "," + app("shop-worker", "worker.sh", 2, "") + ","
                + app("shop-analytics", "worker.sh", 3, "") + (never != null ? "," + app(never, "never.sh", 3, ready) : "") + "]}");
        j.write("stock.json", "{\"namespace\":\"stock-alert\",\"tier\":\"production\",\"apps\":["
                + app("stock-alert-api", "worker.sh", 4, "") + "]}");
        j.write("shop-test.json", "{\"namespace\":\"shop-test\",\"tier\":\"test\",\"apps\":["
                + app("shop-api-test", "worker.sh", 5, "") + "," + app("shop-worker-test", "worker.sh", 6, "") + "]}");
    }

    /** Everything started and saved. */
    static void up(Jmon j) throws IOException {
        write(j, null);
        for (String f : new String[] {"shop-prod.json", "stock.json", "shop-test.json"}) j.ok("start", f);
        for (String ns : new String[] {"shop-prod", "stock-alert", "shop-test"}) j.ok("save", "-n", ns);
        Jmon.await("everything online", 60_000, () -> {
            for (JsonNode p : j.jlist()) if (!p.get("pm2_env").get("status").asText().equals("online")) return false;
            return true;
        });
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError(s, e);
        }
    }

    static long startedAt(Jmon j, String ns, String name) {
        return j.proc(ns, name).get("pm2_env").get("pm_uptime").asLong();
    }

    static Path dirOf(JsonNode restore) { return Path.of(restore.get("dir").asText()); }
}
