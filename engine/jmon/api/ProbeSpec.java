package jmon.api;

/**
 * One health probe (process-compose/Kubernetes semantics). Kind decides which fields matter: {@code http}
 * (url, expectStatus), {@code tcp} (host, port), {@code exec} (command; exit 0 is success), {@code log}
 * (pattern: a regex matched against new stdout lines).
 */
public record ProbeSpec(String kind, String url, int expectStatus, String host, int port, String command,
                        String pattern, long initialDelayMs, long periodMs, long timeoutMs, int successThreshold,
                        int failureThreshold) {
    public ProbeSpec {
        periodMs = periodMs <= 0 ? 10_000 : periodMs;
        timeoutMs = timeoutMs <= 0 ? 1_000 : timeoutMs;
        successThreshold = Math.max(1, successThreshold);
        failureThreshold = Math.max(1, failureThreshold);
        host = host == null ? "127.0.0.1" : host;
    }

    /** One line for the operator: "http http://127.0.0.1:8080/ready", "tcp 127.0.0.1:5432", ... */
    public String describe() {
        return switch (kind) {
            case "http" -> "http " + url + (expectStatus > 0 ? " (expect " + expectStatus + ")" : "");
            case "tcp" -> "tcp " + host + ":" + port;
            case "exec" -> "exec " + command;
            case "log" -> "log /" + pattern + "/";
            default -> kind;
        };
    }
}
