package jmon.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import jmon.api.AppSpec;
import jmon.api.AppVersion;
import jmon.api.ProcessInfo;
import jmon.engine.time.Clock;

/**
 * {@code version} and {@code versioning} for jlist, read where the apps are (the daemon's machine), never on the
 * engine thread. Git is asked once per folder and the answer kept: a folder is read again at once when its
 * checkout moved (.git/HEAD, index or packed-refs changed: a deploy), otherwise at most every
 * {@link #REFRESH_MS} in the background while the last answer is served, so a console polling list never waits.
 */
final class AppVersions {
    static final long REFRESH_MS = 10_000;
    static final long GIT_TIMEOUT_MS = 5_000;

    /**
     * One git run per folder: the last commit, the status (branch, upstream, changes), remotes and refs. core.fsmonitor
     * is off so reading a checkout never runs one of its hooks; GIT_OPTIONAL_LOCKS=0 so it never takes the index lock.
     */
    private static final String SCRIPT = String.join("\n",
            "cd \"$1\" || exit 1",
            "[ \"$(git rev-parse --is-inside-work-tree 2>/dev/null)\" = true ] || exit 1",
            "printf '\\036'; git log -1 --no-show-signature --format='%H%x1f%cI%x1f%B' 2>/dev/null",
            "printf '\\036'; git -c core.fsmonitor=false status --porcelain=v2 --branch 2>/dev/null",
            "printf '\\036'; git config --get-regexp '^remote\\..*\\.url$' 2>/dev/null",
            "printf '\\036'; git for-each-ref --format='%(refname)' refs/remotes refs/tags 2>/dev/null",
            "exit 0");

    private record Entry(AppVersion value, String key, long at) {}

    private final Clock clock;
    private final Map<String, Entry> byFolder = new HashMap<>();
    private final Map<String, Boolean> refreshing = new HashMap<>();

    AppVersions(Clock clock) { this.clock = clock; }

    /** The same list with each process's version filled in. */
    List<ProcessInfo> decorate(List<ProcessInfo> ps) {
        List<ProcessInfo> out = new ArrayList<>(ps.size());
        Map<String, AppVersion> thisList = new HashMap<>();
        for (ProcessInfo p : ps) {
            AppSpec s = p.spec();
            if (s == null || s.cwd() == null) {
                out.add(p);
                continue;
            }
            String folder = versionFolder(s);
            String id = s.cwd() + "\0" + folder;
            AppVersion v = thisList.computeIfAbsent(id, k -> of(s.cwd(), folder));
            out.add(p.withVersion(v));
        }
        return out;
    }

    ProcessInfo decorate(ProcessInfo p) { return p == null ? null : decorate(List.of(p)).get(0); }

    /** PM2 looks for package.json from the script's folder upwards (find-package-json), else from cwd. */
    private static String versionFolder(AppSpec s) {
        String script = s.script();
        if (script != null && script.startsWith("/")) {
            Path parent = Path.of(script).getParent();
            if (parent != null) return parent.toString();
        }
        return s.cwd();
    }

    private AppVersion of(String cwd, String versionFolder) {
        String cacheId = cwd + "\0" + versionFolder;
        String key = checkoutKey(Path.of(cwd)) + "|" + packageKey(Path.of(versionFolder));
        long now = clock.nowMs();
        Entry e;
        synchronized (this) {
            e = byFolder.get(cacheId);
        }
        if (e != null && e.key().equals(key)) {
            if (now - e.at() >= REFRESH_MS) refreshLater(cacheId, cwd, versionFolder, key);
            return e.value();
        }
        AppVersion v = read(cwd, versionFolder);
        synchronized (this) {
            byFolder.put(cacheId, new Entry(v, key, now));
        }
        return v;
    }

    private void refreshLater(String cacheId, String cwd, String versionFolder, String key) {
        synchronized (this) {
            if (refreshing.putIfAbsent(cacheId, Boolean.TRUE) != null) return;
        }
        Thread t = new Thread(null, () -> {
            try {
                AppVersion v = read(cwd, versionFolder);
                synchronized (this) {
                    byFolder.put(cacheId, new Entry(v, key, clock.nowMs()));
                }
            } finally {
                synchronized (this) {
                    refreshing.remove(cacheId);
                }
            }
        }, "jmon-versions", 128 * 1024);
        t.setDaemon(true);
        t.start();
    }

    static AppVersion read(String cwd, String versionFolder) {
        return new AppVersion(packageVersion(Path.of(versionFolder)), versioning(cwd));
    }

    // ---- package.json ---------------------------------------------------------------------------------------

    private static Path nearestPackageJson(Path from) {
        for (Path d = from; d != null; d = d.getParent()) {
            Path pj = d.resolve("package.json");
            if (Files.isRegularFile(pj)) return pj;
        }
        return null;
    }

    private static String packageKey(Path from) {
        Path pj = nearestPackageJson(from);
        if (pj == null) return "-";
        try {
            return pj + "@" + Files.getLastModifiedTime(pj).toMillis();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The "version" string of the nearest package.json, "N/A" when there is none or it has no version. */
    static String packageVersion(Path from) {
        Path pj = nearestPackageJson(from);
        if (pj == null) return "N/A";
        try {
            if (Files.size(pj) > (4 << 20)) return "N/A";
            try (JsonParser p = new JsonFactory().createParser(pj.toFile())) {
                if (p.nextToken() != JsonToken.START_OBJECT) return "N/A";
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (field.equals("version") && v == JsonToken.VALUE_STRING) return p.getText();
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable package.json is no version, as in PM2
        }
        return "N/A";
    }

    // ---- git --------------------------------------------------------------------------------------------------

    /** Times of the files a commit, checkout or pull changes; "-" outside a checkout. */
    private static String checkoutKey(Path cwd) {
        Path gitDir = null;
        for (Path d = cwd; d != null && gitDir == null; d = d.getParent()) {
            Path g = d.resolve(".git");
            if (Files.isDirectory(g)) gitDir = g;
            else if (Files.isRegularFile(g)) gitDir = linkedGitDir(g);
        }
        if (gitDir == null) return "-";
        StringBuilder sb = new StringBuilder(gitDir.toString());
        for (String f : new String[] {"HEAD", "index", "packed-refs", "FETCH_HEAD", "logs/HEAD"}) {
            try {
                sb.append('|').append(Files.getLastModifiedTime(gitDir.resolve(f)).toMillis());
            } catch (IOException e) {
                sb.append("|0");
            }
        }
        return sb.toString();
    }

    /** A worktree's or submodule's .git file: "gitdir: PATH". */
    private static Path linkedGitDir(Path file) {
        try {
            String s = Files.readString(file).strip();
            if (!s.startsWith("gitdir:")) return null;
            Path p = Path.of(s.substring(7).strip());
            return p.isAbsolute() ? p : file.getParent().resolve(p).normalize();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The checkout {@code cwd} is in, or null when it is none (or git is missing or too slow). */
    static AppVersion.Versioning versioning(String cwd) {
        if (checkoutKey(Path.of(cwd)).equals("-")) return null; // no git run for folders that are no checkout
        String out = runGit(cwd);
        if (out == null) return null;
        String[] parts = out.split("\u001e", -1);
        if (parts.length < 5) return null;
        String revision = null, updateTime = null, comment = null;
        String[] log = parts[1].split("\u001f", 3);
        if (log.length == 3) {
            revision = log[0].strip();
            updateTime = log[1].strip();
            comment = log[2].endsWith("\n") ? log[2].substring(0, log[2].length() - 1) : log[2];
        }
        String branch = "HEAD";
        boolean unstaged = false;
        for (String line : parts[2].split("\n")) {
            if (line.isEmpty()) continue;
            if (line.startsWith("# branch.head ")) {
                String b = line.substring(14).strip();
                branch = b.equals("(detached)") ? "HEAD" : b;
            } else if (!line.startsWith("#")) {
                unstaged = true;
            }
        }
        List<String> remotes = new ArrayList<>();
        String url = null;
        for (String line : parts[3].split("\n")) {
            int sp = line.indexOf(' ');
            if (!line.startsWith("remote.") || sp < 0) continue;
            String name = line.substring(7, sp);
            if (!name.endsWith(".url")) continue;
            name = name.substring(0, name.length() - 4);
            if (!remotes.contains(name)) remotes.add(name);
            if (name.equals("origin")) url = line.substring(sp + 1).strip();
        }
        String remote = remotes.contains("origin") ? "origin" : remotes.isEmpty() ? null : remotes.get(0);
        boolean onRemote = false;
        List<String> tags = new ArrayList<>();
        for (String ref : parts[4].split("\n")) {
            if (remote != null && ref.equals("refs/remotes/" + remote + "/" + branch)) onRemote = true;
            if (ref.startsWith("refs/tags/") && tags.size() < 10) tags.add(ref.substring(10));
        }
        return new AppVersion.Versioning("git", url, revision, comment, unstaged, branch, remotes, remote, onRemote,
                updateTime, tags, cwd);
    }

    /** The script's output, via a temp file so a hung git is bounded by the timeout rather than by a read. */
    private static String runGit(String cwd) {
        Process p = null;
        Path out = null;
        try {
            out = Files.createTempFile("jmon-versions", ".out");
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "jmon-versions", cwd);
            pb.environment().put("LC_ALL", "C");
            pb.environment().put("GIT_TERMINAL_PROMPT", "0");
            pb.environment().put("GIT_OPTIONAL_LOCKS", "0");
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectOutput(out.toFile());
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            p = pb.start();
            if (!p.waitFor(GIT_TIMEOUT_MS, TimeUnit.MILLISECONDS) || p.exitValue() != 0) return null;
            if (Files.size(out) > (8 << 20)) return null; // a status of millions of files: not worth reading
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (p != null && p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            try {
                if (out != null) Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}
