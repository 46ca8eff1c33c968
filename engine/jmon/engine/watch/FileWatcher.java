package jmon.engine.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@code watch}: one inotify-backed WatchService and one thread for the whole daemon, created only when some
 * app watches. Folders are registered recursively (new ones as they appear); {@code node_modules}, {@code .git}
 * and {@code __pycache__} and the app's {@code ignore_watch} globs are skipped. Reports each change as
 * (pmId, path); debouncing is the engine's.
 */
public final class FileWatcher implements AutoCloseable {
    static final Set<String> IGNORED_DIRS = Set.of("node_modules", ".git", "__pycache__");

    private record Watch(List<Path> roots, List<WatchGlob> ignores) {}

    private final BiConsumer<Integer, Path> onChange;
    private final Map<Integer, Watch> watches = new HashMap<>();
    private final Map<WatchKey, Path> dirs = new HashMap<>();
    private WatchService service;
    private Thread thread;

    public FileWatcher(BiConsumer<Integer, Path> onChange) { this.onChange = onChange; }

    /**
     * @param ignoreGlobs {@code ignore_watch} with PM2's meaning ({@link WatchGlob}), relative ones to {@code cwd}
     * @throws IllegalArgumentException for a bad pattern (refused at validation, so only an old dump has one)
     */
    public synchronized void watch(int pmId, List<String> roots, List<String> ignoreGlobs, String cwd) throws IOException {
        List<WatchGlob> ignores = WatchGlob.compileAll(ignoreGlobs, cwd);
        Watch w = new Watch(roots.stream().map(Path::of).toList(), ignores);
        watches.put(pmId, w);
        if (service == null) {
            service = FileSystems.getDefault().newWatchService();
            thread = new Thread(null, this::run, "jmon-watch", 256 * 1024);
            thread.setDaemon(true);
            thread.start();
        }
        for (Path root : w.roots()) register(Files.isDirectory(root) ? root : root.getParent(), w);
    }

    public synchronized void unwatch(int pmId) { watches.remove(pmId); }

    private void register(Path dir, Watch w) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(dir) && (IGNORED_DIRS.contains(d.getFileName().toString()) || ignored(w, d))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!dirs.containsValue(d)) dirs.put(d.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) { return FileVisitResult.CONTINUE; }
        });
    }

    private static boolean ignored(Watch w, Path p) {
        String s = p.toString();
        for (WatchGlob g : w.ignores()) if (g.matches(s)) return true;
        for (Path part : p) if (IGNORED_DIRS.contains(part.toString())) return true;
        return false;
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                handle(key);
                key.reset();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed
        }
    }

    private synchronized void handle(WatchKey key) {
        Path dir = dirs.get(key);
        if (dir == null) return;
        for (WatchEvent<?> ev : key.pollEvents()) {
            if (ev.kind() == OVERFLOW) continue;
            Path changed = dir.resolve((Path) ev.context());
            Set<Integer> hit = new HashSet<>();
            watches.forEach((pmId, w) -> {
                if (ignored(w, changed)) return;
                for (Path root : w.roots()) {
                    if (changed.startsWith(root) || changed.equals(root)) {
                        hit.add(pmId);
                        if (ev.kind() == ENTRY_CREATE && Files.isDirectory(changed)) {
                            try {
                                register(changed, w);
                            } catch (IOException ignoredDir) {
                                // vanished already
                            }
                        }
                    }
                }
            });
            for (int pmId : hit) onChange.accept(pmId, changed);
        }
    }

    @Override
    public synchronized void close() {
        if (service == null) return;
        try {
            service.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
