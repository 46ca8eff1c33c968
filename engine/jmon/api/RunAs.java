package jmon.api;

import java.util.List;

/**
 * The identity an app runs as ({@code user}, {@code gid}, {@code groups}), as written: names or numbers, looked
 * up on the daemon's host when the app is started (so a saved app restored on another host resolves there).
 * Only a daemon running as root can use it.
 *
 * @param user   user name or uid, null = the daemon's own identity
 * @param group  primary group name or gid, null = the user's primary group
 * @param groups supplementary groups (names or gids), null = the user's groups from the group database
 */
public record RunAs(String user, String group, List<String> groups) {
    public RunAs {
        groups = groups == null ? null : List.copyOf(groups);
    }

    public static RunAs none() { return new RunAs(null, null, null); }

    /** Anything to change: an app without it runs as the daemon does (named so no JSON codec takes it for a property). */
    public boolean changesIdentity() { return user != null || group != null || groups != null; }
}
