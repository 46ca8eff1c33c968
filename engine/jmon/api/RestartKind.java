package jmon.api;

/**
 * Which exits lead to a restart ({@code autorestart}). PM2's {@code true} is {@link #UNLESS_STOPPED} and its
 * {@code false} is {@link #NEVER}; {@link #ON_FAILURE} and {@link #ALWAYS} are systemd's and Docker's kinds.
 */
public enum RestartKind {
    /** Every exit restarts (but a stop_exit_code); a daemon that starts again also brings back a stopped or errored app. */
    ALWAYS("always"),
    /** Only a failure restarts: a non-zero exit code, a signal jmon did not send, a failed probe. */
    ON_FAILURE("on-failure"),
    /** Every exit restarts (but a stop_exit_code); what was stopped stays stopped, across daemon restarts too. */
    UNLESS_STOPPED("unless-stopped"),
    /** No exit restarts. */
    NEVER("false");

    private final String wire;

    RestartKind(String wire) { this.wire = wire; }

    /** The spelling in an ecosystem file. */
    public String wire() { return wire; }

    /** The kind spelled {@code text} ("always", "on-failure", "unless-stopped", "false", "true"), or null. */
    public static RestartKind parse(String text) {
        switch (text) {
            case "always": return ALWAYS;
            case "on-failure": return ON_FAILURE;
            case "unless-stopped": case "true": return UNLESS_STOPPED;
            case "false": case "no": case "never": return NEVER;
            default: return null;
        }
    }
}
