package jmon.api;

import java.util.List;

/**
 * What PM2 shows as {@code pm2_env.version} and {@code pm2_env.versioning}: the app's package.json version and,
 * when its folder is a git checkout, where that checkout stands. Read by the daemon (the files are on its machine)
 * and cached by folder.
 *
 * @param version    {@code version} of the nearest package.json above the script, "N/A" without one (as PM2)
 * @param versioning the git checkout the app runs from, null when it is none
 */
public record AppVersion(String version, Versioning versioning) {
    /**
     * PM2's vizion fields, same names in jlist.
     *
     * @param url                    the origin remote's URL, null without one
     * @param revision               full hash of HEAD, null in a repository without commits
     * @param comment                HEAD's commit message
     * @param unstaged               the checkout has changes (staged, unstaged or untracked files)
     * @param branch                 the branch checked out, "HEAD" when detached
     * @param remotes                remote names
     * @param remote                 "origin" when there is one, else the first remote
     * @param branchExistsOnRemote   a remote-tracking branch of that name exists (offline check)
     * @param updateTime             HEAD's committer date, ISO-8601
     * @param tags                   up to 10 tags
     * @param repoPath               the folder that was read (the app's cwd, as PM2)
     */
    public record Versioning(String type, String url, String revision, String comment, boolean unstaged, String branch,
                             List<String> remotes, String remote, boolean branchExistsOnRemote, String updateTime,
                             List<String> tags, String repoPath) {
        public Versioning {
            remotes = remotes == null ? List.of() : List.copyOf(remotes);
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }
}
