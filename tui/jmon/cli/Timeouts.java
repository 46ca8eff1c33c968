package jmon.cli;

import java.util.Map;
import jmon.rpc.RpcClient;

/**
 * How long the CLI waits for the daemon. Every request has a deadline: {@value #ORDINARY_S} s by default, and
 * {@value #WAITING_S} s for the requests that wait on processes (start, stop, restart, reload, delete,
 * resurrect, kill: stop waits each app's kill_timeout, reload one instance after the other, start each
 * listen_timeout). {@code --timeout SECONDS} (or {@code JMON_TIMEOUT}) sets both. Past it: exit 3, "the daemon did
 * not answer in N s (pid P is stopped?)".
 */
public final class Timeouts {
    private Timeouts() {}

    public static final long ORDINARY_S = 30;
    public static final long WAITING_S = 600;
    public static final long MAX_S = 86_400;

    /** What is wrong with a {@code --timeout}/{@code JMON_TIMEOUT} value, or null when it is usable (or absent). */
    static String problem(String value) {
        if (value == null) return null;
        try {
            double d = Double.parseDouble(value.trim());
            if (!(d > 0) || d > MAX_S) return "must be a number of seconds between 0 and " + MAX_S + ", got '" + value + "'";
            return null;
        } catch (NumberFormatException e) {
            return "expected a number of seconds, got '" + value + "'";
        }
    }

    /** The deadlines for {@code env}; {@code pidFile} names the daemon in the message (read only when one passes). */
    static RpcClient.Deadline of(Map<String, String> env, java.nio.file.Path pidFile) {
        String v = env.get("JMON_TIMEOUT");
        long ordinary = ORDINARY_S * 1000, waiting = WAITING_S * 1000;
        if (v != null && problem(v) == null) {
            ordinary = waiting = Math.max(1, Math.round(Double.parseDouble(v.trim()) * 1000));
        }
        return new RpcClient.Deadline(ordinary, waiting, () -> readPid(pidFile));
    }

    private static long readPid(java.nio.file.Path pidFile) {
        try {
            return Long.parseLong(java.nio.file.Files.readString(pidFile).trim());
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
    }
}
