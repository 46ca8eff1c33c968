package jmon.api;

/**
 * One hook fired for one event: what it was, whether it worked (command exit 0, HTTP 2xx, within its timeout),
 * and what happened.
 */
public record HookRun(String hook, String event, String subject, boolean ok, String detail, long ms) {}
