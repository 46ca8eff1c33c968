package jmon.api;

/** The sentence every view shows for a {@link Tombstone}: {@code deleted 15:00:12 by deploy via `bash deploy.sh` (CI run 812)}. */
public final class Tombstones {
    private Tombstones() {}

    public static String prose(Tombstone t) {
        java.time.LocalDateTime at = java.time.LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(t.atMillis()),
                java.time.ZoneId.systemDefault());
        StringBuilder b = new StringBuilder("deleted ").append(at.toLocalDate()).append(' ')
                .append(at.toLocalTime().withNano(0)).append(" by ").append(t.user());
        if (t.via() != null) b.append(" via `").append(t.via()).append('`');
        if (t.ciRun() != null) b.append(" (CI run ").append(t.ciRun()).append(')');
        return b.toString();
    }
}
