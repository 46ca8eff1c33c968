package jmon.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jmon.engine.logs.RotatingFile;

/**
 * The daemon's own log, rotated like the apps' logs ({@link RotatingFile}: past {@code cap} bytes the file moves
 * to {@code jmon.log.1.gz}, older ones shift, {@code retain} are kept), so a daemon that runs for months never
 * fills the disk with its log.
 */
public final class RotatingLog extends OutputStream {
    private final ExecutorService compressor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "jmon-daemon-log-compress", 256 * 1024);
        t.setDaemon(true);
        return t;
    });
    private final RotatingFile file;

    public RotatingLog(Path path, long cap, int retain) throws IOException {
        this.file = new RotatingFile(path, cap, retain, compressor);
    }

    @Override
    public void write(int b) { file.write(new byte[] {(byte) b}, 0, 1); }

    @Override
    public void write(byte[] b, int off, int len) { file.write(b, off, len); }

    @Override
    public void close() {
        file.close();
        compressor.shutdown();
        try {
            compressor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
