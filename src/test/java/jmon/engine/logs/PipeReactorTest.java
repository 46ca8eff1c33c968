package jmon.engine.logs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jmon.engine.exec.Posix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One stream's failing handler costs that stream's lines, never the reading of any pipe. */
@Timeout(60)
class PipeReactorTest {
    @TempDir Path tmp;

    /** Counts bytes; throws on every chunk when told to. */
    static final class Sink implements ChunkSink {
        final boolean durable, fails;
        final AtomicLong bytes = new AtomicLong();

        Sink(boolean durable, boolean fails) {
            this.durable = durable;
            this.fails = fails;
        }

        @Override
        public boolean durable() { return durable; }

        @Override
        public void accept(ByteBuffer chunk) {
            bytes.addAndGet(chunk.remaining());
            if (fails) throw new IllegalStateException("a bug in this stream's handling");
        }
    }

    @Test
    void aThrowingSinkNeitherStopsTheReactorNorBlocksItsWriter() throws Exception {
        for (boolean durable : new boolean[] {true, false}) {
            try (PipeReactor r = new PipeReactor()) {
                Path bad = tmp.resolve(durable + "-bad.fifo"), good = tmp.resolve(durable + "-good.fifo");
                Posix.mkfifo(bad);
                Posix.mkfifo(good);
                Sink badSink = new Sink(durable, true), goodSink = new Sink(durable, false);
                r.open(bad, badSink);
                r.open(good, goodSink);
                byte[] mib = "0123456789abcde\n".repeat(65536).getBytes(StandardCharsets.US_ASCII); // 1 MiB
                // 16 times a FIFO's capacity: a writer finishes only if its pipe keeps being emptied
                CompletableFuture<Void> w = CompletableFuture.runAsync(() -> {
                    try (OutputStream o = new FileOutputStream(bad.toFile())) {
                        o.write(mib);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                w.get(20, TimeUnit.SECONDS);
                try (OutputStream o = new FileOutputStream(good.toFile())) {
                    o.write(mib);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while ((goodSink.bytes.get() < mib.length || badSink.bytes.get() < mib.length)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(mib.length, badSink.bytes.get(), "durable=" + durable + ": every chunk offered once");
                assertEquals(mib.length, goodSink.bytes.get(), "durable=" + durable + ": the other pipe still read");
                assertTrue(Files.exists(bad));
            }
        }
    }
}
