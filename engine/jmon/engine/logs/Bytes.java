package jmon.engine.logs;

import java.util.Arrays;

/** A growable byte array reused across chunks, so formatting a chunk allocates nothing in the steady state. */
final class Bytes {
    // small until a process actually writes much: fifty idle apps should not hold megabytes of buffers
    byte[] a = new byte[256];
    int n;

    void clear() { n = 0; }

    void add(byte b) {
        ensure(1);
        a[n++] = b;
    }

    void add(byte[] src) { add(src, 0, src.length); }

    void add(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, a, n, len);
        n += len;
    }

    private void ensure(int more) {
        if (n + more > a.length) a = Arrays.copyOf(a, Math.max(a.length * 2, n + more));
    }
}
