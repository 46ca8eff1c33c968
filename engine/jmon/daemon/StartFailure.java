package jmon.daemon;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jmon.engine.Home;

/**
 * Why a daemon the CLI spawned did not come up, in one line: the daemon's own last failure line in jmon.log
 * (its fatal or cannot-start line), else the first line its JVM wrote to jmon.out (a bad JVM flag, a missing
 * class). Only what was written since the spawn is read. The client reads these files itself because there is
 * no daemon to ask.
 */
final class StartFailure {
    private static final int TAIL = 64 * 1024;
    private final Path log, out;
    private final long logFrom, outFrom;

    /** Remembers where both files end now, before the spawn. */
    StartFailure(Home home) {
        this.log = home.daemonLog();
        this.out = home.dir().resolve("jmon.out");
        this.logFrom = size(log);
        this.outFrom = size(out);
    }

    String line() {
        List<String> logged = newLines(log, logFrom);
        for (int i = logged.size() - 1; i >= 0; i--) {
            String l = logged.get(i);
            if (l.contains(FatalErrors.PREFIX) || l.contains(DaemonMain.CANNOT_START)) return strip(l);
        }
        // the JVM says the cause first ("Unrecognized VM option ..."), then its generic "could not create" lines
        for (String l : newLines(out, outFrom)) {
            if (!l.isBlank()) return l.trim();
        }
        for (int i = logged.size() - 1; i >= 0; i--) {
            if (!logged.get(i).isBlank()) return strip(logged.get(i));
        }
        return "it wrote nothing to say why";
    }

    /** The daemon's timestamp adds nothing here. */
    private static String strip(String l) {
        int sp = l.indexOf(' ');
        return sp > 0 && Character.isDigit(l.charAt(0)) ? l.substring(sp + 1) : l;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** What was appended since {@code from} (the last 64 KiB of it; all of it when the file was rotated). */
    private static List<String> newLines(Path p, long from) {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            long end = f.length();
            long start = end < from ? 0 : from; // rotated meanwhile: the new file is all new
            start = Math.max(start, end - TAIL);
            byte[] b = new byte[(int) (end - start)];
            f.seek(start);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
