package jmon.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the HTTP endpoint listens: {@code HOST:PORT}, with IPv6 literals in brackets ({@code [::1]:9615}).
 * {@link #parse} checks the syntax and resolves the host, so a mistyped address is an error before anything
 * is bound.
 *
 * @param text    what the user wrote, for messages
 * @param address the resolved address (port 0 asks the OS for a free one)
 */
public record Bind(String text, InetSocketAddress address) {

    /** @throws IllegalArgumentException with a message naming the problem and the expected form */
    public static Bind parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("HTTP bind address is empty; expected HOST:PORT, e.g. 127.0.0.1:9615");
        String s = text.trim();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("HTTP bind address '" + text + "': expected [IPV6]:PORT, e.g. [::1]:9615");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException("HTTP bind address '" + text + "': expected HOST:PORT, e.g. 127.0.0.1:9615"
                        + (colon >= 0 ? " (IPv6 addresses go in brackets: [::1]:9615)" : ""));
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (host.isEmpty()) throw new IllegalArgumentException("HTTP bind address '" + text + "': the host is missing (e.g. 127.0.0.1:9615)");
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HTTP bind address '" + text + "': port '" + port + "' is not a number");
        }
        if (p < 0 || p > 65535) throw new IllegalArgumentException("HTTP bind address '" + text + "': port " + p + " is out of range 0-65535");
        InetAddress a;
        try {
            a = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("HTTP bind address '" + text + "': unknown host '" + host + "'");
        }
        return new Bind(s, new InetSocketAddress(a, p));
    }

    /** Loopback only (127.0.0.0/8, ::1): reachable from this machine alone. */
    public boolean loopback() { return address.getAddress().isLoopbackAddress(); }
}
