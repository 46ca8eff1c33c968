package jmon.api;

/**
 * A deleted app, remembered for the incident wizard: when, by whom and through what.
 *
 * @param atMillis epoch ms of the delete
 * @param user     OS user of the caller
 * @param via      the command that did it, as the caller's context names it (e.g. {@code bash deploy.sh})
 * @param ciRun    a CI run identifier from the caller's environment, null when none
 */
public record Tombstone(long atMillis, String user, String via, String ciRun) {}
